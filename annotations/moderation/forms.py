"""The moderation pages' forms: flag, decide (one item or many), appeal, decide an
appeal, suspend, and a group's settings."""

from django import forms

from annotations.moderation.models import FLAG_REASONS, Reason


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
    # No default: a decision on many items is chosen, never defaulted to.
    action = forms.ChoiceField(
        label="Decision",
        choices=[("", "Choose a decision…"), *DecisionForm.base_fields["action"].choices],
    )
    reason = forms.ChoiceField(label="Reason", choices=[("", "Choose a reason…"), *Reason.choices])
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
