"""Admin-defined ledgers: a LedgerType (name + columns) whose records are GenericRecord
rows holding their cells as JSON. A GenericLedger is an ordinary Ledger built from the
LedgerType, so template, import, export, list and metrics work with no code change.

The column types an administrator may choose are a registry: the framework registers
the plain ones, a domain app adds its own (party registers "person", a column naming a
party member by ID-card number) with `register_column_type`."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tally.accounts.scoping import acting_org
from tally.lib.masking import mask_id_number
from tally.lib.queries import in_chunks
from tally.orgs.models import Org

from . import declarations as d
from .declarations import Column, LedgerError
from .ledger import INSTANCES, Ledger
from .models import GenericRecord, LedgerType


@dataclass(frozen=True)
class ColumnType:
    """A kind of column of a generic ledger: its key (stored in LedgerType.columns), the
    label the column editor shows, and how a column spec becomes a Column."""

    key: str
    label: Any
    # (the column's spec, the keyword arguments every column shares) -> Column
    build: Callable[[dict, dict], Column]


# key → ColumnType, in the order the editor lists them.
GENERIC_TYPES: dict[str, ColumnType] = {}


def register_column_type(key: str, label, build: Callable[[dict, dict], Column] | None = None):
    """Offer a column type to administrators. `build` defaults to a Column of the
    framework's type of the same name (d.INT for "int", ...)."""
    if key in GENERIC_TYPES:
        raise LedgerError(f"generic column type {key!r} is registered twice")
    GENERIC_TYPES[key] = ColumnType(key, label, build or plain_column(key))
    return GENERIC_TYPES[key]


def plain_column(kind: str) -> Callable[[dict, dict], Column]:
    return lambda spec, common: Column(type=kind, **common)


def generic_type_choices() -> list[tuple[str, Any]]:
    """(key, label) of every registered type, for the column editor's select."""
    return [(key, kind.label) for key, kind in GENERIC_TYPES.items()]


def generic_type_label(kind: str):
    return GENERIC_TYPES[kind].label


def text_column(spec: dict, common: dict) -> Column:
    return Column(type=d.TEXT, max_length=int(spec.get("max_length") or 500), **common)


def choice_column(spec: dict, common: dict) -> Column:
    return Column(type=d.CHOICE, choices=tuple(spec.get("choices") or ()), **common)


register_column_type("text", _("text"), text_column)
register_column_type("int", _("whole number"))
register_column_type("decimal", _("number"))
register_column_type("date", _("date"))
register_column_type("month", _("month"))
register_column_type("bool", _("yes or no"))
register_column_type("choice", _("one of the choices"), choice_column)
register_column_type("org", _("organisation code"))
register_column_type("creditcode", _("unified social credit code"))


def column_from_spec(spec: dict) -> Column:
    kind = spec.get("type", "text")
    common = {
        "header": spec["header"],
        "key": spec["key"],
        "required": bool(spec.get("required")),
        "help": spec.get("help", ""),
        "example": spec.get("example", ""),
    }
    if kind not in GENERIC_TYPES:
        raise LedgerError(
            f"column {spec['key']!r} has the type {kind!r}, which no installed app provides"
        )
    return GENERIC_TYPES[kind].build(spec, common)


class GenericLedger(Ledger):
    model = GenericRecord
    org_field = "org"
    date_field = "date"
    search_fields = ("search_text",)
    ordering = ("-date", "-id")
    writes = INSTANCES  # assign puts the cells into JSON

    def __init__(self, ledger_type: LedgerType):
        self.ledger_type = ledger_type
        super().__init__(
            key=ledger_type.key,
            name=ledger_type.name,
            description=ledger_type.description,
            columns=[column_from_spec(spec) for spec in ledger_type.columns],
            natural_key=tuple(ledger_type.natural_key),
            org_column=ledger_type.org_column,
        )
        self.date_column = ledger_type.date_column or None
        if self.date_column is None:
            self.date_field = None  # no period filter on a ledger without dates
        # column key → {primary key: code} of the records REF columns name
        self._ref_codes: dict[str, dict[int, str]] = {}
        self._org_names: dict[str, str] = {}

    def blank_value(self, column: Column):
        return None  # cells live in JSON: a blank is null whatever the column's key

    def default_values(self, context) -> dict:
        owner = acting_org(context.user)
        if self.column(self.org_column).required or owner is None:
            return {}
        return {self.org_column: owner}

    def get_queryset(self):
        return (
            GenericRecord.objects.filter(ledger_type=self.ledger_type)
            .select_related("org")
            .order_by(*self.ordering)
        )

    def field_path(self, column: Column) -> str | None:
        return None if column.type == d.REF else f"data__{column.key}"

    def sort_path(self, column: Column) -> str | None:
        if column.key == self.date_column:
            return "date"
        return self.field_path(column)

    # --- values in JSON ----------------------------------------------------------------
    def to_json(self, column: Column, value):
        if value is None or value == "":
            return None
        if column.type == d.ORG:
            return value.code
        if column.type == d.REF:
            return value.pk
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, date):
            return value.isoformat()
        return value

    def record_date(self, obj):
        """The date periods filter on, from the record's date column."""
        if not self.date_column:
            return None
        return self.from_json(self.column(self.date_column), obj.data.get(self.date_column))

    def from_json(self, column: Column, value):
        if value is None:
            return None
        if column.type == d.DATE:
            return date.fromisoformat(value)
        if column.type == d.DECIMAL:
            return Decimal(value)
        return value

    def read_values(self, obj) -> dict:
        return {c.key: self.from_json(c, obj.data.get(c.key)) for c in self.columns}

    def key_reader(self, column: Column):
        """Cells are compared as JSON holds them: an organisation by its code."""
        if column.type == d.ORG:
            return lambda value: value.code if value is not None else None
        if column.type == d.REF:
            return lambda value: value.pk if value is not None else None
        return lambda value: None if value == "" else value

    def assign(self, obj, values: dict) -> None:
        data = dict(obj.data or {})
        for column in self.columns:
            if column.key in values:
                data[column.key] = self.to_json(column, values[column.key])
        obj.data = data
        if self.org_column in values:
            obj.org = values[self.org_column]
        if self.date_column and self.date_column in values:
            obj.date = values[self.date_column]
        # From the merged cells: a file that leaves out a key column keeps its value.
        obj.natural_key = self.natural_key_text(self.stored_key(obj))
        obj.search_text = " ".join(str(v) for v in data.values() if v not in (None, ""))

    def new_instance(self, values: dict):
        obj = GenericRecord(ledger_type=self.ledger_type, data={})
        self.assign(obj, values)
        return obj

    @staticmethod
    def natural_key_text(key: tuple) -> str:
        return "|".join("" if part is None else str(part) for part in key)[:500]

    def natural_key_filter(self, rows_values: list[dict]) -> list[Q]:
        return in_chunks(
            "natural_key", {self.natural_key_text(self.natural_key_of(v)) for v in rows_values}
        )

    # --- output --------------------------------------------------------------------
    def raw_value(self, obj, column: Column):
        return self.from_json(column, obj.data.get(column.key))

    def cell_value(self, obj, column: Column, *, masked: bool = True):
        value = obj.data.get(column.key)
        if column.type == d.ORG:
            return value or ""
        if column.type == d.REF:
            return self.ref_code(column, value, masked=masked)
        return self.format_value(column, self.from_json(column, value), masked=masked)

    def prepare_output(self, objects) -> None:
        """Read the codes of the records a page or a chunk of an export names (a person's
        ID-card number), and the names of its organisations, in one query per column
        instead of one per cell."""
        for column in self.columns:
            if column.type == d.REF:
                self.load_ref_codes(column, {obj.data.get(column.key) for obj in objects})
        org_keys = [column.key for column in self.columns if column.type == d.ORG]
        codes = {obj.data.get(key) for obj in objects for key in org_keys} - {None, ""}
        missing = codes - set(self._org_names)
        if missing:
            self._org_names.update(Org.objects.filter(code__in=missing).values_list("code", "name"))

    def display_value(self, obj, column: Column, *, masked: bool = True):
        if column.type == d.ORG:
            code = obj.data.get(column.key) or ""
            return self._org_names.get(code, code)
        return self.cell_value(obj, column, masked=masked)

    def load_ref_codes(self, column: Column, pks) -> None:
        known = self._ref_codes.setdefault(column.key, {})
        missing = set(pks) - {None, *known}
        if missing:
            ref = self.ref_of(column)
            records = ref.get_model()._default_manager.filter(pk__in=missing)
            known.update((record.pk, ref.code(record)) for record in records)

    def ref_code(self, column: Column, pk, *, masked: bool) -> str:
        if pk is None:
            return ""
        self.load_ref_codes(column, [pk])
        code = self._ref_codes[column.key].get(pk, "")
        return mask_id_number(code) if masked and column.personal and code else code


def generic_ledger(key: str) -> GenericLedger | None:
    ledger_type = LedgerType.objects.filter(key=key, active=True).first()
    return GenericLedger(ledger_type) if ledger_type else None


def generic_ledgers() -> list[GenericLedger]:
    return [GenericLedger(t) for t in LedgerType.objects.filter(active=True)]
