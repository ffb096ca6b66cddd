from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("accounts.auth_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("accounts.urls")),
    path("", include("groups.urls")),
    path("api/", include("annotations.api_urls")),
    path("", include("annotations.urls")),
    path("", include("seminars.urls")),
    path("", include("notifications.urls")),
    path("", include("edition.urls")),
]
