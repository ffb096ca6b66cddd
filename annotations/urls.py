from django.urls import path

from annotations import views
from annotations.moderation import urls as moderation_urls

app_name = "annotations"

urlpatterns = [
    path("annotations/new/", views.annotation_new, name="new"),
    path("annotations/mine/", views.mine, name="mine"),
    path("annotations/orphans/", views.orphans, name="orphans"),
    path("annotations/export.csv", views.export_mine_csv, name="export-csv"),
    path("annotations/export.jsonld", views.export_mine_jsonld, name="export-jsonld"),
    path("annotations/<int:pk>/", views.annotation_detail, name="detail"),
    path("annotations/<int:pk>/go/", views.annotation_go, name="go"),
    path("annotations/<int:pk>/reply/", views.annotation_reply, name="reply"),
    path("annotations/<int:pk>/edit/", views.annotation_edit, name="edit"),
    path("annotations/<int:pk>/delete/", views.annotation_delete, name="delete"),
    *moderation_urls.urlpatterns,
    path("groups/<int:pk>/export.csv", views.export_group_csv, name="group-export-csv"),
    path("groups/<int:pk>/export.jsonld", views.export_group_jsonld, name="group-export-jsonld"),
]
