from django import forms


class CorrectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accepted", "Accept"), ("reverted", "Revert to OCR"), ("rewritten", "Rewrite")]
    )
    rewrite = forms.CharField(required=False, max_length=500, strip=False)
    note = forms.CharField(required=False, max_length=1000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "rewritten" and not data.get("rewrite", "").strip():
            self.add_error("rewrite", "A rewrite needs the replacement text.")
        return data


class RegionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accepted", "Accept as shown"), ("rewritten", "Save my rewrite")]
    )
    text = forms.CharField(required=False, max_length=20000, widget=forms.Textarea)
    note = forms.CharField(required=False, max_length=1000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "rewritten" and not data.get("text", "").strip():
            self.add_error("text", "A rewrite needs the new text.")
        return data


class EditorGrantForm(forms.Form):
    username = forms.CharField(label="Username", max_length=150)
