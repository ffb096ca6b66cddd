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


class SearchForm(forms.Form):
    """The search page's and the search API's parameters. Groups offered are the viewer's
    own; every other filter narrows what they may see already."""

    q = forms.CharField(label="Search for", max_length=300, required=False)
    edition = forms.ChoiceField(label="Edition", required=False)
    section = forms.SlugField(label="Section (slug)", max_length=120, required=False)
    original = forms.BooleanField(label="Search the OCR original too", required=False)
    tag = forms.CharField(label="Tag", max_length=100, required=False)
    author = forms.CharField(label="Author (username)", max_length=150, required=False)
    mine = forms.BooleanField(label="Only my annotations", required=False)
    group = forms.TypedChoiceField(
        label="Group or seminar", coerce=int, empty_value=None, required=False
    )
    since = forms.DateField(label="Written from", required=False)
    until = forms.DateField(label="Written until", required=False)
    order = forms.ChoiceField(
        label="Order",
        choices=[("relevance", "Relevance"), ("reading", "Reading order")],
        required=False,
    )
    show = forms.ChoiceField(
        label="Show",
        choices=[("all", "Text and annotations"), ("text", "Text"), ("annotations", "Annotations")],
        required=False,
    )

    def __init__(self, data, *, editions, groups):
        super().__init__(data)
        self.fields["edition"].choices = [("", "All editions")] + [
            (e.slug, e.work.title) for e in editions
        ]
        self.fields["group"].choices = [("", "Any")] + [(g.pk, g.name) for g in groups]
