"""Moderation routes. The pages join the "annotations" namespace (annotations/urls.py) and
the API routes the "api" one (annotations/api_urls.py), so their names stay as templates
and clients know them: "annotations:queue", "api:decision"."""

from django.urls import path

from annotations.moderation import api, views

urlpatterns = [
    path("annotations/<int:pk>/flag/", views.flag, name="flag"),
    path("annotations/<int:pk>/appeal/", views.appeal, name="appeal"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/annotations/<int:pk>/decide/", views.decide, name="decide"),
    path("moderation/bulk/", views.decide_bulk, name="decide-bulk"),
    path("moderation/appeals/<int:pk>/decide/", views.appeal_decide, name="appeal-decide"),
    path("moderation/sanctions/", views.sanction_list, name="sanctions"),
    path("moderation/sanctions/<int:pk>/lift/", views.sanction_lift, name="sanction-lift"),
    path("moderation/groups/<int:pk>/", views.group_settings, name="group-moderation"),
    path("moderation/stats/", views.stats, name="moderation-stats"),
    path("moderation/log/", views.log, name="moderation-log"),
    path("moderation/log.csv", views.log_csv, name="moderation-log-csv"),
]

api_urlpatterns = [
    path("annotations/<int:pk>/flags/", api.FlagCreateApi.as_view(), name="flag"),
    path("annotations/<int:pk>/moderation/", api.DecisionCreateApi.as_view(), name="decision"),
    path("annotations/<int:pk>/appeal/", api.AppealCreateApi.as_view(), name="appeal"),
    path("appeals/<int:pk>/decision/", api.AppealDecisionApi.as_view(), name="appeal-decision"),
    path("moderation/queue/", api.QueueApi.as_view(), name="queue"),
]
