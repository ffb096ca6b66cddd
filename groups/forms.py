from django import forms

from groups.models import Membership, ReadingGroup


class GroupForm(forms.Form):
    name = forms.CharField(max_length=120)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    kind = forms.ChoiceField(choices=ReadingGroup.Kind.choices, initial=ReadingGroup.Kind.READING)


class JoinForm(forms.Form):
    code = forms.CharField(max_length=64, label="Join code")

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        # Accept a pasted link as well as the bare code.
        return code.rstrip("/").rsplit("/", 1)[-1]


class InviteForm(forms.Form):
    expires_in_days = forms.IntegerField(
        min_value=1,
        max_value=365,
        required=False,
        label="Expires after (days)",
        help_text="Leave empty for an invitation that works until you revoke it.",
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)
