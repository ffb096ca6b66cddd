from django.urls import path

from edition import review_views as review
from edition import upload_views as uploads
from edition import views

app_name = "edition"

urlpatterns = [
    path("", views.library, name="library"),
    path("editions/<slug:slug>/", views.edition_detail, name="edition"),
    path("editions/<slug:slug>/about/", views.about, name="about"),
    path("editions/<slug:slug>/corrections/", views.corrections_summary, name="corrections"),
    path("editions/<slug:slug>/export.md", views.export_markdown, name="export-md"),
    path("editions/<slug:slug>/export.json", views.export_json, name="export-json"),
    path("editions/<slug:slug>/passages/<str:anchor>/", views.passage_detail, name="passage"),
    path(
        "editions/<slug:slug>/passages/<str:anchor>/fragment/",
        views.passage_fragment,
        name="passage-fragment",
    ),
    path("editions/<slug:slug>/versions/", views.versions_list, name="versions"),
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
    # Texts added from the web
    path("uploads/new/", uploads.upload_new, name="upload-new"),
    path("uploads/<int:pk>/", uploads.upload_detail, name="upload"),
    path("uploads/<int:pk>/status.json", uploads.upload_status, name="upload-status"),
    path("uploads/<int:pk>/retry/", uploads.upload_retry, name="upload-retry"),
    path("editions/<slug:slug>/draft/publish/", uploads.draft_publish, name="draft-publish"),
    path("editions/<slug:slug>/draft/discard/", uploads.draft_discard, name="draft-discard"),
    path("editions/<slug:slug>/draft/metadata/", uploads.draft_metadata, name="draft-metadata"),
    path("editions/<slug:slug>/make-public/", uploads.edition_public, name="make-public"),
    # Editors
    path("editions/<slug:slug>/review/", review.review_list, name="review"),
    path("editions/<slug:slug>/review/<int:pk>/", review.review_decide, name="review-decide"),
    path(
        "editions/<slug:slug>/review/regions/<int:pk>/",
        review.region_decide_view,
        name="region-decide",
    ),
    path("editions/<slug:slug>/editors/", review.editors, name="editors"),
    path(
        "editions/<slug:slug>/editors/<int:pk>/revoke/", review.editor_revoke, name="editor-revoke"
    ),
    # Last: a section's slug could be any word of the paths above.
    path("editions/<slug:slug>/<slug:section>/diff/", views.section_diff, name="section-diff"),
    path("editions/<slug:slug>/<slug:section>/", views.section_detail, name="section"),
]
