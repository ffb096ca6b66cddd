"""Forms of the version, suggestion and orphan pages."""

from django import forms

from edition.suggestions import REPLACEMENT_MAX


class SuggestionForm(forms.Form):
    """The no-JS way to suggest a correction: quote the words, give the new ones."""

    exact = forms.CharField(max_length=2000, strip=False, label="Words to correct")
    replacement = forms.CharField(
        max_length=REPLACEMENT_MAX, strip=False, required=False, label="Corrected words"
    )
    justification = forms.CharField(max_length=5000, widget=forms.Textarea, label="Why")


class SuggestionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept"), ("reject", "Reject"), ("revert", "Revert")]
    )
    reason = forms.CharField(max_length=2000, required=False)
    seen = forms.CharField(max_length=100, required=False)


class BatchAcceptForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=[])
    note = forms.CharField(max_length=2000, required=False)
    reason = forms.CharField(max_length=2000, required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(pk, pk) for pk in choices]


class ReattachForm(forms.Form):
    passage = forms.CharField(max_length=24)
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    score = forms.FloatField(required=False)


class QueueFilterForm(forms.Form):
    """The moderation queue's filters: edition, age and reason (here: status)."""

    AGES = {"1": 1, "7": 7, "30": 30}
    edition = forms.SlugField(required=False)
    age = forms.ChoiceField(
        required=False,
        choices=[
            ("", "any age"),
            ("1", "last day"),
            ("7", "last week"),
            ("30", "last month"),
            ("older", "older than a month"),
        ],
    )
    status = forms.ChoiceField(
        required=False,
        choices=[
            ("pending", "Waiting"),
            ("accepted", "Accepted"),
            ("rejected", "Rejected"),
            ("reverted", "Reverted"),
            ("all", "All"),
        ],
    )
