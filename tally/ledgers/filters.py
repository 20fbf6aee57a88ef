"""The filters of a ledger's list, derived from its declaration: organisation subtree,
date range, choice columns, free-text search and sorting.

An organisation the user may not choose (outside her subtree, or unknown) is never
ignored: the filter says why (`org_error`) and matches nothing, so that neither the list
nor an export silently shows her own rows instead."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Q

from tally.lib.cells import CellError, parse_date
from tally.orgs import choosing

from . import declarations as d
from .ledger import Ledger


class LedgerFilter:
    def __init__(self, ledger: Ledger, user, params):
        self.ledger, self.user, self.params = ledger, user, params
        self.q = params.get("q", "").strip()
        self.org_text = params.get("org", "").strip()
        self.org_error = ""
        self.org = self.read_org(self.org_text)
        self.start = self.read_date("start")
        self.end = self.read_date("end")
        self.choices = {
            c.key: params.get(c.key, "")
            for c in ledger.choice_columns
            if params.get(c.key, "") and ledger.field_path(c)
        }
        self.sort = params.get("sort", "")

    def read_org(self, text: str):
        """The organisation typed or chosen (a code or a name), within the user's scope."""
        try:
            return choosing.resolve(self.user, text, scope=choosing.READ)
        except ValidationError as error:
            self.org_error = " ".join(error.messages)
            return None

    def read_date(self, name: str):
        try:
            return parse_date(self.params.get(name, "").strip() or None)
        except CellError:
            return None

    def apply(self, qs):
        ledger = self.ledger
        if self.org_error:
            return qs.none()
        if self.org is not None:
            qs = ledger.in_subtree(qs, self.org)
        qs = ledger.in_dates(qs, self.start, self.end)
        for key, value in self.choices.items():
            column = ledger.column(key)
            if column.type == d.BOOL:
                value = value in ("1", "是", "true")
            qs = qs.filter(**{ledger.field_path(column): value})
        if self.q and ledger.search_fields:
            condition = Q()
            for field in ledger.search_fields:
                condition |= Q(**{f"{field}__icontains": self.q})
            qs = qs.filter(condition)
        return self.sorted(qs)

    def sortable(self) -> dict[str, str]:
        """Column key → the model path to order by."""
        fields = {}
        for column in self.ledger.listed_columns:
            path = self.ledger.sort_path(column)
            if path:
                fields[column.key] = path
        return fields

    def sorted(self, qs):
        key = self.sort.lstrip("-")
        path = self.sortable().get(key)
        if not path:
            return qs
        return qs.order_by(f"-{path}" if self.sort.startswith("-") else path, "-pk")

    def querystring(self, **changes) -> str:
        params = {k: v for k, v in self.params.items() if k != "page" and v}
        if self.org is not None:
            params["org"] = self.org.code  # a name typed in the chooser, as its code
        params.update({k: v for k, v in changes.items() if v is not None})
        return urlencode({k: v for k, v in params.items() if v})

    @property
    def chosen_org(self):
        """What the chooser shows: the organisation found, else the text as typed."""
        return self.org or self.org_text

    @property
    def active(self) -> bool:
        return bool(self.q or self.org_text or self.start or self.end or self.choices)
