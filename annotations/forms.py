from django import forms

from annotations.models import FLAG_REASONS, Annotation, Reason
from annotations.services import BODY_MAX
from groups.models import ReadingGroup


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply (Markdown)", max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class AnnotationForm(forms.Form):
    """Body, tags and, for a thread's first annotation, who may see it."""

    body = forms.CharField(
        label="Note (Markdown)",
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    tags = forms.CharField(
        label="Tags", required=False, max_length=600, help_text="Separated by commas."
    )
    visibility = forms.ChoiceField(
        label="Who can see it",
        choices=Annotation.Visibility.choices,
        initial=Annotation.Visibility.PRIVATE,
    )
    group = forms.ModelChoiceField(
        label="Group",
        queryset=ReadingGroup.objects.none(),
        required=False,
        help_text="For “One of my groups”.",
    )

    def __init__(self, *args, user, with_visibility: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = ReadingGroup.objects.for_user(user)
        if not with_visibility:
            del self.fields["visibility"]
            del self.fields["group"]

    def clean_tags(self):
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("visibility") == Annotation.Visibility.GROUP and not cleaned.get("group"):
            self.add_error("group", "Choose the group that may see it.")
        return cleaned


# Moderation ---------------------------------------------------------------------------------


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label="Why", choices=FLAG_REASONS, widget=forms.RadioSelect)
    text = forms.CharField(
        label="Details (needed for “other”)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        label="Decision",
        choices=[
            ("approve", "Approve"),
            ("hide", "Hide"),
            ("spam", "Mark as spam"),
            ("restore", "Restore"),
            ("lock", "Lock thread"),
            ("unlock", "Unlock thread"),
        ],
    )
    reason = forms.ChoiceField(label="Reason", choices=Reason.choices)
    note = forms.CharField(
        label="Note to the author",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class BulkDecisionForm(forms.Form):
    action = DecisionForm.base_fields["action"]
    reason = DecisionForm.base_fields["reason"]
    note = DecisionForm.base_fields["note"]


class AppealForm(forms.Form):
    text = forms.CharField(
        label="Why the decision should be reconsidered",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("uphold", "Uphold the decision"), ("overturn", "Overturn it (approve the item)")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note to both sides",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SanctionForm(forms.Form):
    username = forms.CharField(label="User name", max_length=150)
    group = forms.ChoiceField(label="Where")
    days = forms.IntegerField(label="Days", min_value=1, max_value=365, initial=7)
    reason = forms.ChoiceField(label="Reason", choices=FLAG_REASONS)
    note = forms.CharField(
        label="Note (shown to the user)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, group_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = group_choices


class GroupModerationForm(forms.Form):
    premoderate = forms.BooleanField(
        label="Pre-moderate: new annotations and replies wait for a moderator's approval",
        required=False,
    )
