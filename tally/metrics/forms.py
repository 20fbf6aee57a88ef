import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tally.ledgers import declarations as d
from tally.ledgers.generic import GenericLedger
from tally.ledgers.parsing import parse_cell
from tally.lib.cells import CellError
from tally.lib.periods import PeriodError, parse_period
from tally.orgs import choosing

from . import registry
from .definitions import ANY_TIME, COUNT, SUM
from .models import MetricDefinition

KEY_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
FILTER_PAIRS = 3
# Columns that cannot be summed / filtered on in a definition.
SUMMABLE_TYPES = (d.INT, d.DECIMAL)
UNFILTERABLE_TYPES = (d.REF,)  # a person column holds an ID-card number: personal data


class SelectionForm(forms.Form):
    """Which organisation and period the figures are for (GET)."""

    org = forms.CharField(label=gettext_lazy("Organisation"), max_length=200, required=False)
    period = forms.CharField(
        label=gettext_lazy("Period"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("2023, 2023H1, 2023Q2, 2023-06, 2023-W27 or 2023-01-01..2023-06-30"),
    )

    def __init__(self, user, data, *, default_org, default_period):
        super().__init__(data)
        self.user = user
        self.default_org, self.default_period = default_org, default_period

    def clean_org(self):
        """A name or a code, among the organisations the user may read; none: her own."""
        org = choosing.resolve(self.user, self.cleaned_data["org"], scope=choosing.READ)
        if org is None:
            if self.default_org is None:
                raise forms.ValidationError(_("Choose an organisation."))
            return self.default_org
        return org

    @property
    def chosen_org(self):
        """What the chooser shows: the organisation chosen, else the text as typed."""
        if self.is_valid() and self.data.get("org"):
            return self.cleaned_data["org"]
        return self.data.get("org", "")

    def clean_period(self):
        text = self.cleaned_data["period"].strip()
        if not text:
            return self.default_period
        try:
            return parse_period(text)
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None


class MetricDefinitionForm(forms.ModelForm):
    """A metric over one generic ledger, built in the UI: the ledger is chosen first, so
    the column choices are that ledger's columns."""

    class Meta:
        model = MetricDefinition
        fields = ["key", "label", "unit", "description", "aggregate", "field", "date_mode"]
        fields += ["active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, ledger_type, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ledger_type = ledger_type
        self.ledger = GenericLedger(ledger_type)
        columns = [("", "—")] + [(c.key, f"{c.header} ({c.key})") for c in self.ledger.columns]
        self.fields["field"] = forms.ChoiceField(
            label=gettext_lazy("Column"),
            choices=columns,
            required=False,
            help_text=gettext_lazy("For a sum or a number of different values."),
        )
        filterable = [("", "—")] + [
            (c.key, c.header) for c in self.ledger.columns if c.type not in UNFILTERABLE_TYPES
        ]
        existing = list((self.instance.filters or {}).items()) if self.instance.pk else []
        for number in range(1, FILTER_PAIRS + 1):
            column, value = existing[number - 1] if number <= len(existing) else ("", "")
            self.fields[f"filter_column_{number}"] = forms.ChoiceField(
                label=_("Condition %(n)d: column") % {"n": number},
                choices=filterable,
                required=False,
                initial=column,
            )
            self.fields[f"filter_value_{number}"] = forms.CharField(
                label=_("Condition %(n)d: value") % {"n": number},
                required=False,
                max_length=200,
                initial="" if value is None else str(value),
            )
        self._style_widgets()
        if self.instance.pk:
            # Other metrics and report templates refer to the key: it stays.
            self.fields["key"].disabled = True

    def _style_widgets(self):
        for name, form_field in self.fields.items():
            widget = form_field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"
            if name.startswith("filter_"):
                widget.attrs["aria-label"] = str(form_field.label)

    def clean_key(self):
        key = self.cleaned_data["key"].strip()
        if not KEY_PATTERN.match(key):
            raise forms.ValidationError(
                _(
                    "Use lower-case letters, digits and '_', in parts joined by dots, "
                    "e.g. double_ten.commitments."
                )
            )
        if registry.is_builtin(key):
            raise forms.ValidationError(
                _("“%(key)s” is a built-in metric; choose another key.") % {"key": key}
            )
        return key

    def clean(self):
        cleaned = super().clean()
        self._check_field(cleaned)
        self._check_dates(cleaned)
        cleaned["filters"] = self._filters()
        return cleaned

    def _check_field(self, cleaned):
        aggregate, key = cleaned.get("aggregate"), cleaned.get("field") or ""
        if aggregate == COUNT:
            cleaned["field"] = ""
            return
        if not key:
            self.add_error("field", _("Choose the column to sum or to count."))
            return
        if aggregate == SUM and self.ledger.column(key).type not in SUMMABLE_TYPES:
            self.add_error("field", _("Only a number column can be summed."))

    def _check_dates(self, cleaned):
        if cleaned.get("date_mode") not in (None, ANY_TIME) and not self.ledger.date_column:
            self.add_error(
                "date_mode",
                _("This ledger has no date column: choose “any date”."),
            )

    def _filters(self) -> dict:
        """{column key: value as stored in the records}, each value read like a cell of
        that column, so that 2023/6/30 finds 2023-06-30 and 是 finds true."""
        filters = {}
        for number in range(1, FILTER_PAIRS + 1):
            key = self.cleaned_data.get(f"filter_column_{number}") or ""
            raw = (self.cleaned_data.get(f"filter_value_{number}") or "").strip()
            if not key:
                if raw:
                    self.add_error(f"filter_column_{number}", _("Choose the column."))
                continue
            if key in filters:
                self.add_error(f"filter_column_{number}", _("This column is used twice."))
                continue
            filters[key] = self._stored_value(number, self.ledger.column(key), raw)
        return filters

    def _stored_value(self, number, column, raw):
        if column.type == d.ORG:
            return raw or None
        try:
            value = parse_cell(column, raw)
        except CellError as error:
            self.add_error(f"filter_value_{number}", str(error))
            return None
        return self.ledger.to_json(column, value)

    def save(self, commit=True):
        definition = super().save(commit=False)
        definition.ledger_type = self.ledger_type
        definition.filters = self.cleaned_data["filters"]
        if commit:
            definition.save()
        return definition
