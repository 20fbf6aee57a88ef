from django import forms
from django.utils.translation import gettext_lazy

from .models import ReportTemplate
from .services import template_errors

TEXTAREA_ROWS = 28


class TemplateForm(forms.ModelForm):
    """A template's name, title and text. Every error in the text is shown under it, with
    its line: an unknown metric, an unbalanced placeholder, a malformed @ line."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ReportTemplate
        fields = ["key", "name", "title", "subtitle", "source"]
        widgets = {
            "source": forms.Textarea(attrs={"rows": TEXTAREA_ROWS, "spellcheck": "false"}),
        }
        help_texts = {
            "title": gettext_lazy("May hold {{ org.name }} and {{ period.name }}."),
            "source": gettext_lazy(
                "# heading (## and ### for levels 2 and 3); a paragraph with {{ metric.key }}; "
                "@chart KEY by=org|month (progress); @chart by=stage KEY KEY…; "
                "@table by=org KEY KEY…; title=… at the end of an @ line."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Published versions and links name the key: it stays.
            self.fields["key"].disabled = True
            self.fields["revision"].initial = self.instance.revision
        self.fields["source"].required = False
        # Leading blank lines count: the errors name lines as the editor shows them.
        self.fields["source"].strip = False
        for field in self.fields.values():
            if not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("class", "form-control")
        self.fields["source"].widget.attrs["class"] = "form-control font-monospace report-source"

    def clean(self):
        cleaned = super().clean()
        errors = template_errors(
            cleaned.get("title", ""), cleaned.get("subtitle", ""), cleaned.get("source", "")
        )
        for error in errors:
            self.add_error("source", str(error))
        return cleaned


class PreviewForm(forms.Form):
    """What the live preview renders: the text being edited."""

    title = forms.CharField(required=False, max_length=200)
    subtitle = forms.CharField(required=False, max_length=200)
    source = forms.CharField(required=False, strip=False, widget=forms.Textarea)
    key = forms.CharField(required=False, max_length=48)
    name = forms.CharField(required=False, max_length=100)


class PublishForm(forms.Form):
    lock = forms.BooleanField(
        label=gettext_lazy("Lock the period for this organisation's subtree"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        help_text=gettext_lazy(
            "Imports and edits of rows dated in the period are refused until the office reopens it."
        ),
    )
    public = forms.BooleanField(
        label=gettext_lazy("Show on the public showcase"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note (e.g. what this version corrects)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for reopening"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
