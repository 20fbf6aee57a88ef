"""The administrator's form for a generic ledger type: its name and key, a column editor
(a formset: header, key, type, required, part of the key, choices, example, help), the
organisation column and the date column.

Editing a type that already has records must not orphan them silently: a column that
holds data cannot be removed or change type, a choice in use cannot be dropped, a column
cannot become required while records leave it blank, and the organisation column cannot
change. Each refusal says how many records are in the way.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .generic import generic_type_choices, generic_type_label
from .importing import SERIAL_HEADERS, normalize_header
from .models import GenericRecord, LedgerType
from .registry import builtin_ledgers

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
# Path segments under /ledgers/ that are pages, not ledgers.
RESERVED_KEYS = frozenset({"types"})
CHOICE_SEPARATORS = re.compile(r"[、;；,，\n]+")
NEW_TYPE_ROWS = 8
MORE_ROWS = 4


class LedgerTypeForm(forms.ModelForm):
    org_column = forms.CharField(
        label=gettext_lazy("Organisation column"),
        required=False,
        help_text=gettext_lazy(
            "The key of the organisation column that owns a record; may stay empty when "
            "there is only one."
        ),
    )
    date_column = forms.CharField(
        label=gettext_lazy("Date column"),
        required=False,
        help_text=gettext_lazy(
            "The key of the date column that periods filter on; may stay empty when there "
            "is at most one."
        ),
    )

    class Meta:
        model = LedgerType
        fields = ["name", "key", "description", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # URLs, imports and metrics name the ledger by its key: it stays.
            self.fields["key"].disabled = True
            self.initial.setdefault("org_column", self.instance.org_column)
            self.initial.setdefault("date_column", self.instance.date_column)
        self.order_fields(["name", "key", "description", "org_column", "date_column", "active"])
        for name, field in self.fields.items():
            css = "form-check-input" if name == "active" else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_key(self):
        key = self.cleaned_data["key"]
        if self.instance.pk:
            return self.instance.key
        if not KEY_PATTERN.match(key):
            raise ValidationError(
                _("Use lower-case letters, digits and underscores, starting with a letter.")
            )
        if key in RESERVED_KEYS or key in {ledger.key for ledger in builtin_ledgers()}:
            raise ValidationError(
                _("“%(key)s” is the key of a built-in page or ledger.") % {"key": key}
            )
        return key


class ColumnForm(forms.Form):
    header = forms.CharField(label=gettext_lazy("Header"), max_length=60)
    key = forms.CharField(label=gettext_lazy("Key"), max_length=64)
    # The initial type matters: an empty row whose select still shows it is unchanged
    # and skipped, not an incomplete column.
    type = forms.ChoiceField(
        label=gettext_lazy("Type"), choices=generic_type_choices, initial="text"
    )
    required = forms.BooleanField(label=gettext_lazy("Required"), required=False)
    in_key = forms.BooleanField(label=gettext_lazy("Identifies a record"), required=False)
    choices = forms.CharField(
        label=gettext_lazy("Choices (separated by 、)"), required=False, max_length=2000
    )
    example = forms.CharField(label=gettext_lazy("Example"), required=False, max_length=200)
    help = forms.CharField(label=gettext_lazy("Help"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.BooleanField):
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field, forms.ChoiceField):
                field.widget.attrs["class"] = "form-select form-select-sm"
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"

    def clean_header(self):
        header = self.cleaned_data["header"].strip()
        if normalize_header(header) in SERIAL_HEADERS:
            raise ValidationError(
                _("“%(header)s” is read as a serial-number column.") % {"header": header}
            )
        return header

    def clean_key(self):
        key = self.cleaned_data["key"].strip()
        if not KEY_PATTERN.match(key):
            raise ValidationError(
                _("Use lower-case letters, digits and underscores, starting with a letter.")
            )
        return key

    def clean(self):
        data = super().clean()
        choices = split_choices(data.get("choices", ""))
        if data.get("type") == "choice":
            if not choices:
                self.add_error("choices", _("List the choices, separated by 、."))
            elif len(set(choices)) != len(choices):
                self.add_error("choices", _("A choice is listed twice."))
        data["choices"] = choices if data.get("type") == "choice" else []
        return data


def split_choices(text: str) -> list[str]:
    return [part.strip() for part in CHOICE_SEPARATORS.split(text or "") if part.strip()]


class BaseColumnFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        if any(self.errors):
            return
        columns = self.columns()
        if not columns:
            raise ValidationError(_("Add at least one column."))
        repeated(columns, "key", _("Two columns have the key “%(value)s”."))
        headers = [{"header": normalize_header(c["header"])} for c in columns]
        repeated(headers, "header", _("Two columns have the header “%(value)s”."))

    def columns(self) -> list[dict]:
        """The filled-in, not deleted rows, in order."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


def repeated(columns: list[dict], name: str, message: str) -> None:
    seen = set()
    for column in columns:
        if column[name] in seen:
            raise ValidationError(message % {"value": column[name]})
        seen.add(column[name])


def column_formset(data=None, *, ledger_type: LedgerType | None = None):
    if ledger_type is None or not ledger_type.pk:
        initial, extra = [], NEW_TYPE_ROWS
    else:
        initial = [initial_row(spec, ledger_type) for spec in ledger_type.columns]
        extra = MORE_ROWS
    formset_class = forms.formset_factory(
        ColumnForm, formset=BaseColumnFormSet, extra=extra, can_delete=True, max_num=60
    )
    return formset_class(data, initial=initial, prefix="columns")


def initial_row(spec: dict, ledger_type: LedgerType) -> dict:
    return {
        "header": spec.get("header", ""),
        "key": spec.get("key", ""),
        "type": spec.get("type", "text"),
        "required": bool(spec.get("required")),
        "in_key": spec.get("key") in ledger_type.natural_key,
        "choices": "、".join(spec.get("choices") or []),
        "example": spec.get("example", ""),
        "help": str(spec.get("help", "")),
    }


# --- the definition as a whole ---------------------------------------------------------


def definition(form: LedgerTypeForm, formset) -> dict | None:
    """The checked definition {columns, natural_key, org_column, date_column}, or None
    with the errors added to the form."""
    columns = formset.columns()
    spec = {
        "columns": [column_spec(c) for c in columns],
        "natural_key": [c["key"] for c in columns if c["in_key"]],
    }
    try:
        spec["org_column"] = role_column(
            form.cleaned_data.get("org_column", ""), columns, "org", required=True
        )
    except ValidationError as error:
        form.add_error("org_column", error)
    try:
        spec["date_column"] = role_column(
            form.cleaned_data.get("date_column", ""), columns, "date", required=False
        )
    except ValidationError as error:
        form.add_error("date_column", error)
    check_natural_key(form, columns)
    if form.instance.pk and not form.errors:
        for message in orphan_problems(form.instance, spec):
            form.add_error(None, message)
    return None if form.errors else spec


def column_spec(column: dict) -> dict:
    spec = {
        "key": column["key"],
        "header": column["header"],
        "type": column["type"],
        "required": bool(column["required"]),
    }
    for name in ("choices", "example", "help"):
        if column.get(name):
            spec[name] = column[name]
    return spec


def role_column(named: str, columns: list[dict], kind: str, *, required: bool) -> str:
    """The key of the column playing a role (owning organisation, period date), named
    by its key or header, or the only column of that type."""
    named = named.strip()
    candidates = [c for c in columns if c["type"] == kind]
    label = generic_type_label(kind)
    if named:
        match = next((c for c in columns if named in (c["key"], c["header"])), None)
        if match is None:
            raise ValidationError(_("No column has the key “%(key)s”.") % {"key": named})
        if match["type"] != kind:
            raise ValidationError(
                _("“%(header)s” is not a column of type “%(type)s”.")
                % {"header": match["header"], "type": label}
            )
        return match["key"]
    if len(candidates) == 1:
        return candidates[0]["key"]
    if len(candidates) > 1:
        raise ValidationError(
            _("There are several columns of type “%(type)s”: name the one meant here.")
            % {"type": label}
        )
    if required:
        raise ValidationError(
            _("Add a column of type “%(type)s”: every record belongs to one organisation.")
            % {"type": label}
        )
    return ""


def check_natural_key(form, columns: list[dict]) -> None:
    key_columns = [c for c in columns if c["in_key"]]
    if not key_columns:
        form.add_error(
            None,
            _("Tick “Identifies a record” for the columns that tell one record from another."),
        )
    for column in key_columns:
        if not column["required"]:
            form.add_error(
                None,
                _("“%(header)s” identifies a record, so it must be required.")
                % {"header": column["header"]},
            )


def orphan_problems(ledger_type: LedgerType, spec: dict) -> list[str]:
    """Why the new definition would orphan records of this type (empty: it would not)."""
    records = GenericRecord.objects.filter(ledger_type=ledger_type)
    if not records.exists():
        return []
    old = {c["key"]: c for c in ledger_type.columns}
    new = {c["key"]: c for c in spec["columns"]}
    problems = []
    if spec["org_column"] != ledger_type.org_column:
        problems.append(_("The organisation column cannot change while the ledger has records."))
    for key, column in old.items():
        holding = with_value(records, key)
        if key not in new:
            count = holding.count()
            if count:
                problems.append(removed_message(column, count))
            continue
        problems += changed_column_problems(records, holding, column, new[key])
    return problems


def removed_message(column: dict, count: int) -> str:
    return _(
        "“%(header)s” holds data in %(n)d records: it cannot be removed. Keep it (and "
        "untick Required), or delete those records first."
    ) % {"header": column["header"], "n": count}


def changed_column_problems(records, holding, old: dict, new: dict) -> list[str]:
    problems = []
    header = new["header"]
    if old["type"] != new["type"] and holding.exists():
        problems.append(
            _("“%(header)s” holds data in %(n)d records: its type cannot change.")
            % {"header": header, "n": holding.count()}
        )
        return problems
    dropped = set(old.get("choices") or []) - set(new.get("choices") or [])
    for choice in sorted(dropped):
        count = records.filter(**{f"data__{old['key']}": choice}).count()
        if count:
            problems.append(
                _("“%(choice)s” is the %(header)s of %(n)d records: it cannot be dropped.")
                % {"choice": choice, "header": header, "n": count}
            )
    if new["required"] and not old.get("required"):
        blank = records.exclude(pk__in=holding.values("pk")).count()
        if blank:
            problems.append(
                _("“%(header)s” is blank in %(n)d records: fill them in before making it required.")
                % {"header": header, "n": blank}
            )
    return problems


def with_value(records, key: str):
    """Records whose cell `key` holds a value (not missing, not null)."""
    return records.filter(**{f"data__{key}__isnull": False}).exclude(Q(**{f"data__{key}": None}))
