"""Write guards: refusals that another app adds to every write of every ledger.

The reports app locks a period when it publishes (rows of a subtree dated in the period
may not be imported, edited or deleted until the office reopens it). The framework knows
nothing of reports: an app registers a guard, and the import checks (which one-record
forms share), record deletion and batch undo ask every guard about the rows they touch.

A guard is `guard(items) -> list[str | None]`: for each (organisation path, day) pair the
reason the write is refused, or None. It is called once per file with every row, so it
can load what it needs in one query rather than one per row.
"""

from collections.abc import Callable, Sequence
from datetime import date

from django.utils.translation import gettext as _

from tally.lib.queries import chunked

Guard = Callable[[Sequence[tuple]], list]

_GUARDS: list[Guard] = []


def register_write_guard(guard: Guard) -> Guard:
    if guard not in _GUARDS:
        _GUARDS.append(guard)
    return guard


def refusals(items: Sequence[tuple]) -> list[str | None]:
    """For each (organisation path, day) the first guard's reason to refuse, or None. Rows
    without an organisation or a day are never refused here (other checks see to them)."""
    reasons: list[str | None] = [None] * len(items)
    dated = [i for i, (org, day) in enumerate(items) if org is not None and day is not None]
    if not _GUARDS or not dated:
        return reasons
    for guard in _GUARDS:
        answers = guard([items[i] for i in dated])
        for i, answer in zip(dated, answers, strict=True):
            reasons[i] = reasons[i] or answer
    return reasons


def record_org_and_day(ledger, obj) -> tuple:
    """The organisation path and the dated day of a stored record, through the ledger's
    model paths (None where the ledger has none)."""
    org = follow(obj, ledger.org_field) if ledger.org_field else obj
    return getattr(org, "path", None), day_of(obj, ledger)


def stored_items(ledger, pks) -> list[tuple]:
    """(organisation path, day) of many stored records, read in one query per chunk."""
    if not ledger.date_field or not pks:
        return []
    lookups = (ledger.object_org_path_lookup(), ledger.date_field)
    manager = ledger.model._default_manager
    return [
        (path, day if isinstance(day, date) else None)
        for piece in chunked(list(pks))
        for path, day in manager.filter(pk__in=piece).values_list(*lookups)
    ]


def refuse_stored_pks(ledger, pks) -> str | None:
    """The reason, if any, why the stored records with these keys may not be changed."""
    if not _GUARDS:
        return None
    return next((reason for reason in refusals(stored_items(ledger, pks)) if reason), None)


def day_of(obj, ledger) -> date | None:
    if not ledger.date_field:
        return None
    value = follow(obj, ledger.date_field)
    return value if isinstance(value, date) else None


def follow(obj, path: str):
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    return obj


def refuse_stored(ledger, objects) -> str | None:
    """The reason, if any, why these stored records may not be changed or deleted."""
    for reason in refusals([record_org_and_day(ledger, obj) for obj in objects]):
        if reason:
            return reason
    return None


def locked_record_message(reason: str) -> str:
    return _("This record cannot be changed: %(reason)s") % {"reason": reason}


def date_column_key(ledger) -> str | None:
    """The column whose cell dates a row: a generic ledger names it, a built-in ledger's
    is the column stored in its date field (None when the date comes from elsewhere)."""
    named = getattr(ledger, "date_column", None)
    if named:
        return named
    for column in ledger.columns:
        if ledger.date_field and column.model_field == ledger.date_field:
            return column.key
    return None


def check_new_values(ledger, rows) -> None:
    """Refuse rows whose organisation and date a guard protects (the values the file or
    the form would write)."""
    key = date_column_key(ledger)
    if not _GUARDS or not rows or key is None:
        return
    orgs = ledger.row_orgs([row.values for row in rows])
    days = [row.values.get(key) for row in rows]
    items = [
        (getattr(org, "path", None), day if isinstance(day, date) else None)
        for org, day in zip(orgs, days, strict=True)
    ]
    column = ledger.column(key)
    for row, reason in zip(rows, refusals(items), strict=True):
        if reason:
            row.error(column, reason)


def check_changed_records(ledger, rows) -> None:
    """Refuse rows that would change a stored record a guard protects (as it stands)."""
    if not _GUARDS or not rows:
        return
    items = [record_org_and_day(ledger, row.existing) for row in rows]
    for row, reason in zip(rows, refusals(items), strict=True):
        if reason:
            row.error(None, locked_record_message(reason), "")
