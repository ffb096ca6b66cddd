from django import forms

from annotations.models import Annotation
from annotations.services import BODY_MAX
from groups.models import ReadingGroup


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply (Markdown)", max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReattachForm(forms.Form):
    """Where an orphaned annotation goes back: a passage anchor and offsets within it."""

    passage = forms.CharField(max_length=24)
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    score = forms.FloatField(required=False)


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


class AnnotationEditForm(AnnotationForm):
    # The version the form was opened on: an edit made from an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
