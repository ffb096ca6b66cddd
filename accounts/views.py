"""Account pages: sign-up, sign-in, profile, API token."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import NON_FIELD_ERRORS
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from accounts import services
from accounts.forms import ProfileForm, SignUpForm, ThrottledAuthenticationForm
from accounts.throttling import login_throttled_pop


class ThrottledLoginView(LoginView):
    """Django's LoginView; answers 429 while a username is throttled, and tells the user
    at sign-in how many attempts on their account were refused since they last heard."""

    authentication_form = ThrottledAuthenticationForm

    def form_valid(self, form):
        response = super().form_valid(form)
        refused = login_throttled_pop(username=form.cleaned_data["username"])
        if refused:
            messages.warning(
                self.request,
                f"Since you last signed in, {refused} sign-in attempt(s) on your account were "
                "refused after repeated wrong passwords. If they were not yours, your "
                "password held; change it if it is easy to guess.",
            )
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "throttled"):
            response.status_code = 429
        return response


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_create(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
            email=form.cleaned_data["email"],
            display_name=form.cleaned_data["display_name"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to Lectio.")
        return redirect("edition:library")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None, initial={"display_name": user.display_name, "email": user.email}
    )
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=user, **form.cleaned_data)
        messages.success(request, "Profile saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token(request):
    """Show whether the user has an API token; POST action=create|revoke."""
    new_key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.token_revoke(user=request.user)
            messages.success(request, "Your API token was revoked.")
            return redirect("accounts:token")
        new_key = services.token_create(user=request.user).key
    existing = Token.objects.filter(user=request.user).first()
    return render(request, "accounts/token.html", {"new_key": new_key, "token": existing})
