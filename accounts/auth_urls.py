"""Sign-in, throttled. Included before Django's auth URLs so that this view wins; the
other auth views (logout, password change and reset) keep Django's names and URLs."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("accounts/login/", views.ThrottledLoginView.as_view(), name="login"),
]
