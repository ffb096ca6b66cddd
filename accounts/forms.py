from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.throttling import client_ip, login_blocked, login_failure_record, login_failures_clear


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, slowing attempts down after repeated failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": "Too many failed sign-ins. Wait a minute, or reset your password.",
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request)
        if login_blocked(username=username, ip=ip):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            login_failure_record(username=username, ip=ip)
            raise
        login_failures_clear(username=username, ip=ip)
        return cleaned


class SignUpForm(UserCreationForm):
    """Validates a new account; `accounts.services.user_create` creates it."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "display_name", "email"]
        help_texts = {"display_name": "Shown next to your annotations. Optional."}


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        max_length=80, required=False, help_text="Shown next to your annotations."
    )
    email = forms.EmailField(required=False, help_text="Used to reset your password.")
