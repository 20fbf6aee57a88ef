"""Query helpers every app repeats: look-ups by many values in chunks, the subtree of an
organisation, a date range. Domain-free: they know only field paths.

Why chunks: SQLite takes at most 32,766 parameters in one statement and PostgreSQL 65,535;
an import of 100,000 rows looks its codes up in pieces.
"""

from collections.abc import Iterable, Sequence
from datetime import date

from django.db.models import CharField, JSONField, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

CHUNK = 2000


def chunked(values: Sequence, size: int = CHUNK) -> list[list]:
    """The values in pieces of at most `size`."""
    values = list(values)
    return [values[i : i + size] for i in range(0, len(values), size)]


def in_chunks(path: str, values: Iterable, size: int = CHUNK) -> list[Q]:
    """`path__in` look-ups for the values, one query per chunk (in a stable order)."""
    ordered = sorted(set(values) - {None}, key=str)
    return [Q(**{f"{path}__in": piece}) for piece in chunked(ordered, size)]


def subtree_lookup(org_field: str = "org") -> str:
    """The look-up of rows whose organisation (reached through `org_field`, the rows
    themselves when it is "") lies in a subtree, given the subtree's path prefix."""
    return f"{org_field}__path__startswith" if org_field else "path__startswith"


def in_subtree(qs: QuerySet, org_or_prefix, org_field: str = "org") -> QuerySet:
    """Rows of `qs` within an organisation's subtree (an Org, or a path prefix). An Org
    gives its own filter (`Org.subtree_filter`: by the subtree's ids, so that cost follows
    the subtree); a bare prefix is matched on the organisation's path."""
    subtree_filter = getattr(org_or_prefix, "subtree_filter", None)
    if subtree_filter is not None:
        return qs.filter(subtree_filter(org_field))
    return qs.filter(**{subtree_lookup(org_field): org_or_prefix})


def in_dates(qs: QuerySet, path: str, start: date | None, end: date | None) -> QuerySet:
    """Rows whose date at `path` lies from `start` to `end` (either may be None). A date
    inside JSON is an ISO string: compared as text, which orders like dates."""
    if is_json_path(qs.model, path):
        qs = qs.alias(_in_dates=Cast(KT(path), CharField()))
        path, start, end = "_in_dates", start and start.isoformat(), end and end.isoformat()
    if start is not None:
        qs = qs.filter(**{f"{path}__gte": start})
    if end is not None:
        qs = qs.filter(**{f"{path}__lte": end})
    return qs


def is_json_path(model, path: str) -> bool:
    """Whether the model path goes into a JSONField (data__amount)."""
    for part in path.split("__"):
        try:
            model_field = model._meta.get_field(part)
        except Exception:
            return False
        if isinstance(model_field, JSONField):
            return True
        if not model_field.is_relation:
            return False
        model = model_field.related_model
    return False
