"""A ledger is a model plus a declaration. Everything a clerk sees of a ledger — template,
import preview, errors, list, filters, export, drill-down — derives from the declaration.

A declaration lists columns: the Chinese header (the Excel contract of DOMAIN.md), an
English key, a type, whether it is required, its choices, which model it resolves a code
against. It names the natural key (which columns identify a record), the organisation the
record belongs to and its date.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

# Column types. The parsing of each lives in tally/ledgers/parsing.py.
TEXT = "text"
INT = "int"
DECIMAL = "decimal"
PERCENT = "percent"
DATE = "date"
MONTH = "month"
WEEK = "week"
BOOL = "bool"
CHOICE = "choice"
ORG = "org"  # one organisation code
ORGS = "orgs"  # several organisation codes in one cell
REF = "ref"  # a code of another ledger's record (a project number, an ID number...)
REFS = "refs"  # several of those
IDCARD = "idcard"  # an ID-card number kept as such (validated, encrypted by the ledger)
PHONE = "phone"
CREDITCODE = "creditcode"

TYPE_LABELS = {
    TEXT: _("text"),
    INT: _("whole number"),
    DECIMAL: _("number"),
    PERCENT: _("percentage"),
    DATE: _("date"),
    MONTH: _("month"),
    WEEK: _("ISO week"),
    BOOL: _("yes or no"),
    CHOICE: _("one of the choices"),
    ORG: _("organisation code"),
    ORGS: _("organisation codes"),
    REF: _("code"),
    REFS: _("codes"),
    IDCARD: _("ID-card number"),
    PHONE: _("mobile number"),
    CREDITCODE: _("unified social credit code"),
}

MULTI_TYPES = (ORGS, REFS)
RESOLVED_TYPES = (ORG, ORGS, REF, REFS)


@dataclass(frozen=True)
class Ref:
    """How a code in a cell finds its record: `model` looked up by `by`.

    `normalize` turns the cell text into the stored look-up value (e.g. an ID-card number
    into its blind index); `validate` checks the text first (e.g. the check digit) and
    raises CellError with a reason.
    """

    model: str  # "app_label.ModelName"
    by: str
    label: Any = ""
    normalize: Callable[[str], str] | None = None
    validate: Callable[[str], str] | None = None
    # How to show the record's code again on export (the attribute or a callable).
    code_of: Callable[[Any], str] | None = None
    # Extra filter on the candidates (e.g. only organisations of some kinds).
    limit: dict = field(default_factory=dict)

    def get_model(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def code(self, obj) -> str:
        if obj is None:
            return ""
        if self.code_of is not None:
            return self.code_of(obj)
        return str(getattr(obj, self.by))


@dataclass(frozen=True)
class Column:
    header: str  # canonical Chinese header: the import/export contract
    key: str  # English key, accepted as a header too
    type: str = TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    field: str | None = None  # model field; defaults to key
    ref: Ref | None = None
    max_length: int | None = None
    places: int = 2
    pii: bool = False  # masked on every output unless the user may see it
    aliases: tuple[str, ...] = ()
    help: Any = ""
    example: Any = ""
    # For ORG columns: the kinds of organisation allowed (empty: any).
    org_kinds: tuple[str, ...] = ()
    # The column is shown in lists (and exported); every column is always exported.
    listed: bool = True
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None

    @property
    def model_field(self) -> str:
        return self.field or self.key

    @property
    def is_multi(self) -> bool:
        return self.type in MULTI_TYPES

    @property
    def personal(self) -> bool:
        """Personal data: masked on every output unless the user may see it."""
        return self.pii or self.type in (IDCARD, PHONE)

    def header_names(self) -> Iterable[str]:
        yield self.header
        yield self.key
        yield from self.aliases


class LedgerError(Exception):
    pass


class LedgerConflict(Exception):
    """A ledger's `apply` found a record changed since the check (e.g. a micro-wish
    claimed on a phone while its file was being imported): nothing is written and the
    message is shown with the batch."""
