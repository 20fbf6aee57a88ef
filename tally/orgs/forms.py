from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Org, OrgKind, code_validator


class OrgForm(forms.Form):
    code = forms.CharField(label=_("Organisation code"), max_length=32, validators=[code_validator])
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgKind.choices)

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if Org.objects.filter(code=code).exists():
            raise forms.ValidationError(_("This organisation code is already used."))
        return code


class OrgEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgKind.choices)
    active = forms.BooleanField(label=_("Active"), required=False)


class OrgMoveForm(forms.Form):
    parent_code = forms.CharField(
        label=_("New parent organisation code"),
        max_length=32,
        help_text=_("The organisation that will contain this one."),
    )

    def clean_parent_code(self):
        code = self.cleaned_data["parent_code"].strip()
        try:
            return Org.objects.get(code=code)
        except Org.DoesNotExist:
            raise forms.ValidationError(_("No organisation has this code.")) from None
