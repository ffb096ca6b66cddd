from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages without an icon link (files, error pages).
    # Lazy: the static manifest may not exist yet when the URLs load (checks, collectstatic).
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True),
        name="favicon",
    ),
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
