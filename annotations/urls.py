from django.urls import path

from annotations import moderation_views as moderate
from annotations import views

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
    path("cite/annotations/<int:pk>/", views.annotation_cite, name="cite"),
    path("cite/annotations/<int:pk>.<str:fmt>", views.annotation_cite, name="cite-as"),
    path("annotations/<int:pk>/flag/", moderate.flag, name="flag"),
    path("annotations/<int:pk>/appeal/", moderate.appeal, name="appeal"),
    path("moderation/", moderate.queue, name="queue"),
    path("moderation/annotations/<int:pk>/decide/", moderate.decide, name="decide"),
    path("moderation/bulk/", moderate.decide_bulk, name="decide-bulk"),
    path("moderation/appeals/<int:pk>/decide/", moderate.appeal_decide, name="appeal-decide"),
    path("moderation/sanctions/", moderate.sanction_list, name="sanctions"),
    path("moderation/sanctions/<int:pk>/lift/", moderate.sanction_lift, name="sanction-lift"),
    path("moderation/groups/<int:pk>/", moderate.group_settings, name="group-moderation"),
    path("moderation/stats/", moderate.stats, name="moderation-stats"),
    path("moderation/log/", moderate.log, name="moderation-log"),
    path("moderation/log.csv", moderate.log_csv, name="moderation-log-csv"),
    path("groups/<int:pk>/export.csv", views.export_group_csv, name="group-export-csv"),
    path("groups/<int:pk>/export.jsonld", views.export_group_jsonld, name="group-export-jsonld"),
]
