from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from annotations import api, moderation_api, views

app_name = "api"

urlpatterns = [
    path("annotations/", api.AnnotationContainerApi.as_view(), name="annotations"),
    path("annotations/counts/", api.AnnotationCountsApi.as_view(), name="counts"),
    path("annotations/<int:pk>/", api.AnnotationItemApi.as_view(), name="annotation"),
    path("annotations/<int:pk>/flags/", moderation_api.FlagCreateApi.as_view(), name="flag"),
    path(
        "annotations/<int:pk>/moderation/",
        moderation_api.DecisionCreateApi.as_view(),
        name="decision",
    ),
    path("annotations/<int:pk>/appeal/", moderation_api.AppealCreateApi.as_view(), name="appeal"),
    path(
        "appeals/<int:pk>/decision/",
        moderation_api.AppealDecisionApi.as_view(),
        name="appeal-decision",
    ),
    path("moderation/queue/", moderation_api.QueueApi.as_view(), name="queue"),
    path("me/", api.MeApi.as_view(), name="me"),
    path("ns/anno.jsonld", views.anno_context, name="anno-context"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.api_docs, name="docs"),
]
