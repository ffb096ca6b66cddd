from django.urls import path

from edition import views

app_name = "edition"

urlpatterns = [
    path("", views.library, name="library"),
    path("editions/<slug:slug>/", views.edition_detail, name="edition"),
    path("editions/<slug:slug>/about/", views.about, name="about"),
    path("editions/<slug:slug>/corrections/", views.corrections_summary, name="corrections"),
    path("editions/<slug:slug>/review/", views.review_list, name="review"),
    path("editions/<slug:slug>/review/<int:pk>/", views.review_decide, name="review-decide"),
    path(
        "editions/<slug:slug>/review/regions/<int:pk>/",
        views.region_decide_view,
        name="region-decide",
    ),
    path("editions/<slug:slug>/export.md", views.export_markdown, name="export-md"),
    path("editions/<slug:slug>/export.json", views.export_json, name="export-json"),
    path("editions/<slug:slug>/passages/<str:anchor>/", views.passage_detail, name="passage"),
    path(
        "editions/<slug:slug>/passages/<str:anchor>/fragment/",
        views.passage_fragment,
        name="passage-fragment",
    ),
    # Versions, provenance, citations, suggestions, orphans (issue 7)
    path("editions/<slug:slug>/versions/", views.versions_list, name="versions"),
    path("editions/<slug:slug>/editors/", views.editors, name="editors"),
    path(
        "editions/<slug:slug>/editors/<int:pk>/revoke/", views.editor_revoke, name="editor-revoke"
    ),
    path("editions/<slug:slug>/orphans/", views.orphans_review, name="orphans"),
    path(
        "editions/<slug:slug>/orphans/<int:pk>/reattach/",
        views.orphan_reattach,
        name="orphan-reattach",
    ),
    path(
        "editions/<slug:slug>/passages/<str:anchor>/provenance/",
        views.passage_provenance,
        name="passage-provenance",
    ),
    path(
        "editions/<slug:slug>/passages/<str:anchor>/diff/", views.passage_diff, name="passage-diff"
    ),
    path(
        "editions/<slug:slug>/passages/<str:anchor>/cite/", views.passage_cite, name="passage-cite"
    ),
    path(
        "editions/<slug:slug>/passages/<str:anchor>/cite.<str:fmt>",
        views.passage_cite,
        name="passage-cite-as",
    ),
    path(
        "editions/<slug:slug>/passages/<str:anchor>/suggest/",
        views.suggestion_new,
        name="suggestion-new",
    ),
    path("suggestions/", views.suggestion_queue, name="suggestion-queue"),
    path("suggestions/accept/", views.suggestions_accept_batch, name="suggestions-accept"),
    path("suggestions/<int:pk>/decide/", views.suggestion_decide, name="suggestion-decide"),
    path("editions/<slug:slug>/<slug:section>/diff/", views.section_diff, name="section-diff"),
    path("editions/<slug:slug>/<slug:section>/", views.section_detail, name="section"),
]
