from django import forms
from django.utils.translation import gettext_lazy as _

from tally.orgs.choosing import WRITE
from tally.orgs.models import Org
from tally.orgs.widgets import OrgChoiceField

from . import declarations as d
from .declarations import Column


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet file"),
        help_text=_("Excel (.xlsx, .xls), OpenDocument (.ods) or CSV in UTF-8 or GB18030."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.xls,.ods,.csv", "class": "form-control"}
        ),
    )


class ExportReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for exporting unmasked personal data"),
        min_length=4,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("Recorded with your name and the time in the security log."),
    )


def field_for(column: Column, user) -> forms.Field:
    """A form field that takes the same text as a spreadsheet cell; the value is then
    checked by the import pipeline, so a form and a file obey the same rules. An
    organisation is chosen by name or code among those the user may file records for."""
    common = {"label": column.header, "required": column.required, "help_text": column.help}
    if column.type in (d.ORG, d.ORGS):
        field = OrgChoiceField(
            scope=WRITE, kinds=column.org_kinds, multiple=column.type == d.ORGS, **common
        )
        field.user = user
        return field
    attrs = {"class": "form-control"}
    if column.type in (d.CHOICE, d.BOOL):
        options = ["是", "否"] if column.type == d.BOOL else list(column.choices)
        choices = [("", "—"), *[(o, o) for o in options]]
        return forms.ChoiceField(
            choices=choices, widget=forms.Select(attrs={"class": "form-select"}), **common
        )
    if column.type == d.DATE:
        attrs["type"] = "date"
    elif column.type in (d.INT, d.DECIMAL, d.PERCENT):
        attrs["inputmode"] = "decimal"
    return forms.CharField(widget=forms.TextInput(attrs=attrs), **common)


class RecordForm(forms.Form):
    def __init__(self, ledger, user, data=None, *, instance=None):
        self.ledger, self.user, self.instance = ledger, user, instance
        super().__init__(data, initial=self.initial_values(instance))
        for column in ledger.columns:
            self.fields[column.key] = field_for(column, user)

    def initial_values(self, instance) -> dict:
        if instance is None:
            return {}
        values = {}
        for column in self.ledger.columns:
            value = self.ledger.cell_value(instance, column, masked=column.personal)
            values[column.key] = "" if value is None else str(value)
        return values

    def raw_values(self) -> dict:
        """The cells to check and save. A personal number is shown masked; sent back
        unchanged, it means "keep the stored number", so it is swapped for that
        number on the server (it never reaches the browser)."""
        raw = {key: as_cell(self.cleaned_data.get(key, "")) for key in self.fields}
        if self.instance is not None:
            for column in self.ledger.columns:
                if column.personal and raw[column.key] == self.initial.get(column.key):
                    raw[column.key] = str(
                        self.ledger.cell_value(self.instance, column, masked=False) or ""
                    )
        return raw

    def add_row_errors(self, errors) -> None:
        by_header = {c.header: c.key for c in self.ledger.columns}
        for error in errors:
            self.add_error(by_header.get(error.column), error.message)


def as_cell(value) -> str:
    """A chosen organisation (or several) as the cell text the pipeline reads: codes."""
    if isinstance(value, Org):
        return value.code
    if isinstance(value, list):
        return "、".join(org.code for org in value)
    return "" if value is None else value
