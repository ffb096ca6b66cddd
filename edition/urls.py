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
    path("editions/<slug:slug>/review/regions/<int:pk>/", views.region_decide_view,
         name="region-decide"),
    path("editions/<slug:slug>/export.md", views.export_markdown, name="export-md"),
    path("editions/<slug:slug>/export.json", views.export_json, name="export-json"),
    path("editions/<slug:slug>/passages/<str:anchor>/", views.passage_detail, name="passage"),
    path("editions/<slug:slug>/passages/<str:anchor>/fragment/", views.passage_fragment,
         name="passage-fragment"),
    path("editions/<slug:slug>/<slug:section>/", views.section_detail, name="section"),
]
