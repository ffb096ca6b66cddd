"""Forms of suggested corrections: the no-JS suggestion, an editor's decision, the queue's
filters."""

from django import forms

from config.params import id_parse
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


class SuggestionFilterForm(forms.Form):
    """The correction queue's filters, like the moderation queue's: edition, age and
    (here) status."""

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

    def filters(self) -> dict:
        """Keyword arguments of `SuggestionQuerySet.in_queue` (its defaults when invalid)."""
        data = self.cleaned_data if self.is_valid() else {}
        age = data.get("age", "")
        return {
            "status": data.get("status") or "pending",
            "edition_slug": data.get("edition", ""),
            "newer_than_days": id_parse(age),
            "older_than_days": 30 if age == "older" else None,
        }
