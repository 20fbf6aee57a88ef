"""The administrator's form for a generic ledger type: its name and key, a column editor
(a formset: header, key, type, required, part of the key, choices, example, help), the
organisation column and the date column.

It works in Chinese alone: a key left blank is derived from the Chinese name (星级类别 →
xingji_leibie, by pypinyin) and shown for editing; a column that identifies a record is
required by that very fact.

Editing a type that already has records must not orphan them silently: a column that
holds data cannot be removed or change type, a choice in use cannot be dropped, a column
cannot become required while records leave it blank, and the organisation column cannot
change. Each refusal says how many records are in the way.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypinyin import lazy_pinyin

from .generic import generic_type_choices, generic_type_label
from .importing import SERIAL_HEADERS, normalize_header
from .models import GenericRecord, LedgerType
from .registry import builtin_ledgers

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
KEY_LENGTH = 64
NOT_HANZI = "\0"  # marks what pypinyin gave back as it was (letters, digits, signs)
# Path segments under /ledgers/ that are pages, not ledgers.
RESERVED_KEYS = frozenset({"types"})
CHOICE_SEPARATORS = re.compile(r"[、;；,，\n]+")
NEW_TYPE_ROWS = 8
MORE_ROWS = 4


# --- keys from Chinese names -------------------------------------------------------------


def key_from(name: str, *, fallback: str = "column") -> str:
    """An English key for a Chinese name: pinyin, two syllables to a word (星级类别 →
    xingji_leibie, 成交额(亿元) → chengjiao_e_yiyuan); letters and digits kept; at most
    64 characters, starting with a letter."""
    words, syllables = [], []
    for item in lazy_pinyin(name or "", errors=lambda text: [NOT_HANZI + text]):
        if not item.startswith(NOT_HANZI):
            syllables.append(item.lower())
            continue
        words += pairs(syllables)
        syllables = []
        words += re.findall(r"[a-z0-9]+", item[1:].lower())
    words += pairs(syllables)
    key = ""
    for word in words:
        if len(key) + len(word) + 1 > KEY_LENGTH:
            break
        key = f"{key}_{word}" if key else word
    key = re.sub(r"[^a-z0-9_]", "", key)
    if not key:
        return fallback
    return key if key[0].isalpha() else f"{fallback[0]}_{key}"[:KEY_LENGTH]


def pairs(syllables: list[str]) -> list[str]:
    return ["".join(syllables[i : i + 2]) for i in range(0, len(syllables), 2)]


def unique_key(key: str, taken) -> str:
    """`key`, or key_2, key_3… when it is taken."""
    candidate, number = key, 2
    while candidate in taken:
        suffix = f"_{number}"
        candidate = key[: KEY_LENGTH - len(suffix)] + suffix
        number += 1
    return candidate


def taken_ledger_keys() -> set[str]:
    builtin = {ledger.key for ledger in builtin_ledgers()}
    return set(LedgerType.objects.values_list("key", flat=True)) | builtin | RESERVED_KEYS


class LedgerTypeForm(forms.ModelForm):
    org_column = forms.CharField(
        label=gettext_lazy("Organisation column"),
        required=False,
        help_text=gettext_lazy(
            "The header of the organisation column that owns a record; may stay empty "
            "when there is only one."
        ),
    )
    date_column = forms.CharField(
        label=gettext_lazy("Date column"),
        required=False,
        help_text=gettext_lazy(
            "The header of the date column that periods filter on; may stay empty when "
            "there is at most one."
        ),
    )

    class Meta:
        model = LedgerType
        fields = ["name", "key", "description", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        key = self.fields["key"]
        key.required = False
        key.help_text = gettext_lazy(
            "Used in addresses and by the command line. Left empty, it is made from the "
            "name (双十星争创 → shuangshi_xingzheng_chuang)."
        )
        key.widget.attrs.update(
            {
                "data-key-from": "name",
                "data-key-url": reverse("ledgers:type_key") + "?of=ledger",
                "placeholder": _("made from the name"),
            }
        )
        if self.instance.pk:
            # URLs, imports and metrics name the ledger by its key: it stays.
            key.disabled = True
            key.help_text = gettext_lazy("Fixed once saved: addresses and metrics use it.")
            self.initial.setdefault("org_column", self.header_of(self.instance.org_column))
            self.initial.setdefault("date_column", self.header_of(self.instance.date_column))
        self.order_fields(["name", "key", "description", "org_column", "date_column", "active"])
        for name, field in self.fields.items():
            css = "form-check-input" if name == "active" else "form-control"
            field.widget.attrs.setdefault("class", css)

    def header_of(self, key: str) -> str:
        """Roles are shown by the column's header, as the administrator named it."""
        column = next((c for c in self.instance.columns if c.get("key") == key), None)
        return column["header"] if column else key

    def clean_key(self):
        key = (self.cleaned_data["key"] or "").strip()
        if self.instance.pk:
            return self.instance.key
        if not key:
            derived = key_from(self.data.get("name", ""), fallback="ledger")
            return unique_key(derived, taken_ledger_keys())
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
    # Left empty: made from the header (formset clean), so that Chinese alone will do.
    key = forms.CharField(label=gettext_lazy("Key"), max_length=64, required=False)
    # The initial type matters: an empty row whose select still shows it is unchanged
    # and skipped, not an incomplete column.
    type = forms.ChoiceField(
        label=gettext_lazy("Type"), choices=generic_type_choices, initial="text"
    )
    required = forms.BooleanField(label=gettext_lazy("Required"), required=False)
    # Ticked: the column is required too (a record is told apart by it).
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
        # app.js: a key box that is empty (or still holds the derived key) follows the
        # header; ticking "identifies a record" ticks "required".
        self.fields["key"].widget.attrs.update(
            {
                "data-key-from": self.add_prefix("header"),
                "data-key-url": reverse("ledgers:type_key") + "?of=column",
                "placeholder": _("made from the header"),
            }
        )
        self.fields["in_key"].widget.attrs["data-ticks"] = self.add_prefix("required")

    def clean_header(self):
        header = self.cleaned_data["header"].strip()
        if normalize_header(header) in SERIAL_HEADERS:
            raise ValidationError(
                _("“%(header)s” is read as a serial-number column.") % {"header": header}
            )
        return header

    def clean_key(self):
        key = self.cleaned_data["key"].strip()
        if key and not KEY_PATTERN.match(key):
            raise ValidationError(
                _("Use lower-case letters, digits and underscores, starting with a letter.")
            )
        return key

    def clean(self):
        data = super().clean()
        if data.get("in_key"):
            data["required"] = True
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
        derive_keys(columns)
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


def derive_keys(columns: list[dict]) -> None:
    """Give each column left without a key one made from its header, unlike the others."""
    taken = {c["key"] for c in columns if c.get("key")}
    for column in columns:
        if not column.get("key"):
            column["key"] = unique_key(key_from(column["header"]), taken)
            taken.add(column["key"])


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
            raise ValidationError(_("No column is called “%(name)s”.") % {"name": named})
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
    """At least one column tells records apart (each of them is required: ColumnForm)."""
    if not any(c["in_key"] for c in columns):
        form.add_error(
            None,
            _("Tick “Identifies a record” for the columns that tell one record from another."),
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
