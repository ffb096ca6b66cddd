from django.urls import path

from annotations import search_views, suggestion_views, views
from annotations.moderation import urls as moderation_urls

app_name = "annotations"

urlpatterns = [
    path("search/", search_views.search, name="search"),
    path("suggestions/", suggestion_views.suggestion_queue, name="suggestion-queue"),
    path(
        "suggestions/accept/", suggestion_views.suggestions_accept_batch, name="suggestions-accept"
    ),
    path(
        "suggestions/<int:pk>/decide/",
        suggestion_views.suggestion_decide,
        name="suggestion-decide",
    ),
    path("annotations/new/", views.annotation_new, name="new"),
    path("annotations/mine/", views.mine, name="mine"),
    path("annotations/orphans/", views.orphans, name="orphans"),
    path("annotations/export.csv", views.export_mine_csv, name="export-csv"),
    path("annotations/export.jsonld", views.export_mine_jsonld, name="export-jsonld"),
    path("editions/<slug:slug>/orphans/", views.edition_orphans, name="edition-orphans"),
    path(
        "editions/<slug:slug>/orphans/<int:pk>/reattach/",
        views.orphan_reattach,
        name="orphan-reattach",
    ),
    path(
        "editions/<slug:slug>/passages/<str:anchor>/suggest/",
        suggestion_views.suggestion_new,
        name="suggestion-new",
    ),
    path("cite/annotations/<int:pk>/", views.annotation_cite, name="cite"),
    path("cite/annotations/<int:pk>.<str:fmt>", views.annotation_cite, name="cite-as"),
    path("annotations/<int:pk>/", views.annotation_detail, name="detail"),
    path("annotations/<int:pk>/go/", views.annotation_go, name="go"),
    path("annotations/<int:pk>/reply/", views.annotation_reply, name="reply"),
    path("annotations/<int:pk>/edit/", views.annotation_edit, name="edit"),
    path("annotations/<int:pk>/delete/", views.annotation_delete, name="delete"),
    *moderation_urls.urlpatterns,
    path("groups/<int:pk>/export.csv", views.export_group_csv, name="group-export-csv"),
    path("groups/<int:pk>/export.jsonld", views.export_group_jsonld, name="group-export-jsonld"),
]
