"""The filters of a ledger's list, derived from its declaration: organisation subtree,
date range, choice columns, free-text search and sorting."""

from urllib.parse import urlencode

from django.db.models import Q

from tally.accounts.scoping import readable_orgs
from tally.lib.cells import CellError, parse_date

from . import declarations as d
from .ledger import Ledger


class LedgerFilter:
    def __init__(self, ledger: Ledger, user, params):
        self.ledger, self.user, self.params = ledger, user, params
        self.q = params.get("q", "").strip()
        self.org = self.read_org(params.get("org", "").strip())
        self.start = self.read_date("start")
        self.end = self.read_date("end")
        self.choices = {
            c.key: params.get(c.key, "")
            for c in ledger.choice_columns
            if params.get(c.key, "") and ledger.field_path(c)
        }
        self.sort = params.get("sort", "")

    def read_org(self, code: str):
        if not code:
            return None
        return readable_orgs(self.user).filter(code=code).first()

    def read_date(self, name: str):
        try:
            return parse_date(self.params.get(name, "").strip() or None)
        except CellError:
            return None

    def apply(self, qs):
        ledger = self.ledger
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
        params.update({k: v for k, v in changes.items() if v is not None})
        return urlencode({k: v for k, v in params.items() if v})

    @property
    def active(self) -> bool:
        return bool(self.q or self.org or self.start or self.end or self.choices)
