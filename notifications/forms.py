from django import forms


class PreferenceForm(forms.Form):
    email = forms.BooleanField(label="Also send my notifications by e-mail", required=False)
