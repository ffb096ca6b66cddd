from django import forms

PUBLIC = "public"
KINDS = [
    ("auto", "Decide from the text"),
    ("ocr", "OCR of a printed book"),
    ("born-digital", "Born-digital document"),
    ("clean", "Clean text"),
]


class UploadForm(forms.Form):
    file = forms.FileField(label="File (.txt, .md or .pdf)")
    title = forms.CharField(max_length=500, required=False, help_text="Found in the text if empty.")
    author = forms.CharField(max_length=300, required=False)
    year = forms.IntegerField(required=False, min_value=1, max_value=9999)
    kind = forms.ChoiceField(choices=KINDS, initial="auto")
    audience = forms.ChoiceField(label="Who reads it")

    def __init__(self, *args, public: bool, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {str(g.pk): g for g in groups}
        choices = [(PUBLIC, "The public library")] if public else []
        choices += [(pk, f"{g.get_kind_display()}: {g.name}") for pk, g in self.groups.items()]
        self.fields["audience"].choices = choices

    def audience_group(self):
        """The chosen group, or None for the public library."""
        return self.groups.get(self.cleaned_data["audience"])


class MetadataForm(forms.Form):
    title = forms.CharField(max_length=500)
    author = forms.CharField(max_length=300, required=False)
    year = forms.IntegerField(required=False, min_value=1, max_value=9999)
