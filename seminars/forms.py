from django import forms
from django.utils import timezone

from annotations.services import BODY_MAX
from edition.models import Edition
from seminars import services
from seminars.models import ROLE_LABELS, Assignment

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


def _datetime_field(label: str, required: bool = True, help_text: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        help_text=help_text,
    )


class SeminarForm(forms.Form):
    name = forms.CharField(max_length=120)
    term = forms.CharField(max_length=80, required=False, help_text="For example “Spring 2027”.")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SeminarSettingsForm(forms.Form):
    term = forms.CharField(max_length=80, required=False)
    joining_open = forms.BooleanField(required=False, label="Students may join with the code")
    assistants_edit_rubric = forms.BooleanField(
        required=False, label="Teaching assistants may change rubric criteria"
    )


class RosterImportForm(forms.Form):
    file = forms.FileField(
        required=False, label="CSV file", help_text="One student per line: e-mail, name."
    )
    text = forms.CharField(
        required=False, label="…or paste the rows", widget=forms.Textarea(attrs={"rows": 5})
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > 1_000_000:
                raise forms.ValidationError("The file is larger than 1 MB.")
            try:
                cleaned["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError("Save the file as UTF-8 text (CSV).")
        if not (cleaned.get("text") or "").strip():
            raise forms.ValidationError("Choose a CSV file or paste the rows.")
        return cleaned


class SectionsForm(forms.Form):
    size = forms.IntegerField(min_value=2, max_value=50, label="Students per section (about)")


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=list(ROLE_LABELS.items()))


class AssignmentForm(forms.Form):
    title = forms.CharField(max_length=200)
    edition = forms.ModelChoiceField(queryset=Edition.objects.select_related("work"))
    start = forms.CharField(
        max_length=120,
        label="From",
        help_text="A chapter or section (its slug, e.g. chapter-1) or a "
        "passage (its anchor, e.g. p12).",
    )
    end = forms.CharField(
        max_length=120,
        label="To",
        required=False,
        help_text="Empty for just the section or passage above.",
    )
    instructions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=services.INSTRUCTIONS_MAX,
        help_text="Markdown.",
    )
    opens_at = _datetime_field("Opens")
    due_at = _datetime_field("Due")
    late_until = _datetime_field("Late work accepted until", required=False, help_text="Optional.")
    late_penalty = forms.IntegerField(
        min_value=0, max_value=100, initial=0, label="Late penalty (% of the total)"
    )
    min_annotations = forms.IntegerField(min_value=0, max_value=100, initial=3)
    min_replies = forms.IntegerField(min_value=0, max_value=100, initial=1)
    participation_points = forms.IntegerField(
        min_value=0,
        max_value=1000,
        initial=10,
        help_text="Given in proportion to the minimums met; added to the rubric.",
    )
    peer_rule = forms.ChoiceField(choices=Assignment.PeerRule.choices, label="Peers' annotations")
    peer_threshold = forms.IntegerField(
        min_value=1, max_value=100, initial=1, label="N (for “until the student has posted N”)"
    )
    anonymous = forms.BooleanField(
        required=False,
        label="Anonymous to peers",
        help_text="Students see peers as “Student N”; instructors always see names.",
    )

    def clean(self):
        cleaned = super().clean()
        edition, start = cleaned.get("edition"), cleaned.get("start")
        if edition is not None and start:
            try:
                services.range_resolve(edition=edition, start=start, end=cleaned.get("end", ""))
            except services.SeminarError as e:
                self.add_error("start", str(e))
        opens, due = cleaned.get("opens_at"), cleaned.get("due_at")
        if opens and due:
            try:
                services.dates_check(
                    opens_at=opens, due_at=due, late_until=cleaned.get("late_until")
                )
            except services.SeminarError as e:
                self.add_error("due_at" if due <= opens else "late_until", str(e))
        return cleaned

    @classmethod
    def initial_for(cls, assignment: Assignment | None) -> dict:
        if assignment is None:
            now = timezone.localtime().replace(second=0, microsecond=0)
            return {
                "opens_at": now,
                "due_at": now + timezone.timedelta(days=7),
                "peer_rule": Assignment.PeerRule.ALWAYS,
            }
        start, _, end = assignment.range_label.partition(" – ")
        fields = [
            "title",
            "edition",
            "instructions",
            "opens_at",
            "due_at",
            "late_until",
            "late_penalty",
            "min_annotations",
            "min_replies",
            "participation_points",
            "peer_rule",
            "peer_threshold",
            "anonymous",
        ]
        initial = {name: getattr(assignment, name) for name in fields}
        for name in ("opens_at", "due_at", "late_until"):
            if initial[name]:
                initial[name] = timezone.localtime(initial[name])
        return {**initial, "start": start, "end": end}


class CriterionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(max_length=120, required=False)
    description = forms.CharField(max_length=500, required=False)
    points = forms.IntegerField(min_value=1, max_value=1000, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") and not cleaned.get("points"):
            self.add_error("points", "How many points is it worth?")
        return cleaned


CriteriaFormSet = forms.formset_factory(CriterionForm, extra=2, can_delete=True, max_num=30)


class ScoreForm(forms.Form):
    """One points field per criterion of the assignment."""

    def __init__(self, *args, criteria, initial_points: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"c{c.pk}"] = forms.DecimalField(
                label=f"{c.name} (of {c.points})",
                min_value=0,
                max_value=c.points,
                max_digits=6,
                decimal_places=2,
                required=False,
                initial=initial_points.get(c.pk),
            )

    def points(self) -> dict:
        return {
            c.pk: self.cleaned_data[f"c{c.pk}"]
            for c in self.criteria
            if self.cleaned_data.get(f"c{c.pk}") is not None
        }


class FeedbackForm(forms.Form):
    body = forms.CharField(
        label="Feedback (Markdown)", max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnnotateForm(forms.Form):
    body = forms.CharField(
        label="Your annotation (Markdown)",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    tags = forms.CharField(
        label="Tags", required=False, max_length=600, help_text="Separated by commas."
    )

    def clean_tags(self):
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]


class CopyForm(forms.Form):
    seminar = forms.ModelChoiceField(queryset=None, label="Copy into")

    def __init__(self, *args, seminars, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seminar"].queryset = seminars
