from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tally.lib.idcard import IdNumberError, validate_id_number
from tally.orgs.choosing import ANY
from tally.orgs.widgets import OrgChoiceField


class UnmaskForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for viewing the full numbers"),
        min_length=4,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("Recorded with your name and the time in the security log."),
    )


class TransferForm(forms.Form):
    # The receiving organisation may be anywhere in the tree, chosen by name or code.
    org_code = OrgChoiceField(label=_("Receiving organisation"), scope=ANY)
    on_date = forms.DateField(
        label=_("Transfer date"),
        # An <input type="date"> reads ISO dates only, whatever the language: the
        # localized 2026/12/02 would show as blank.
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"class": "form-control", "type": "date"}),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("For example the letter of introduction's number."),
    )

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {"on_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["org_code"].user = user


class LookupForm(forms.Form):
    """Finding a member by ID-card number: sent by POST, so the number never appears in
    a URL or an access log."""

    id_number = forms.CharField(
        label=_("ID-card number"),
        max_length=30,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )

    def clean_id_number(self) -> str:
        try:
            return validate_id_number(self.cleaned_data["id_number"])
        except IdNumberError as error:
            raise forms.ValidationError(str(error)) from None
