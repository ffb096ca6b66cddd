from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from annotations import api, search_api, views
from annotations.moderation import urls as moderation_urls

app_name = "api"

urlpatterns = [
    path("annotations/", api.AnnotationContainerApi.as_view(), name="annotations"),
    path("annotations/counts/", api.AnnotationCountsApi.as_view(), name="counts"),
    path("annotations/<int:pk>/", api.AnnotationItemApi.as_view(), name="annotation"),
    *moderation_urls.api_urlpatterns,
    path("me/", api.MeApi.as_view(), name="me"),
    path("search/", search_api.SearchApi.as_view(), name="search"),
    path("ns/anno.jsonld", views.anno_context, name="anno-context"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.api_docs, name="docs"),
]
