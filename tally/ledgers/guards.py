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


def stored_items(ledger, pks) -> dict:
    """{primary key: (organisation path, day)} of stored records, one query per chunk
    (an import that changes 10,000 records must not read them one by one)."""
    if not ledger.date_field or not pks:
        return {}
    lookups = ("pk", ledger.object_org_path_lookup(), ledger.date_field)
    manager = ledger.model._default_manager
    return {
        pk: (path, day if isinstance(day, date) else None)
        for piece in chunked(list(pks))
        for pk, path, day in manager.filter(pk__in=piece).values_list(*lookups)
    }


def refuse_stored_pks(ledger, pks) -> str | None:
    """The reason, if any, why the stored records with these keys may not be changed."""
    if not _GUARDS:
        return None
    items = list(stored_items(ledger, pks).values())
    return next((reason for reason in refusals(items) if reason), None)


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
    stored = stored_items(ledger, [row.existing.pk for row in rows])
    items = [stored.get(row.existing.pk, (None, None)) for row in rows]
    for row, reason in zip(rows, refusals(items), strict=True):
        if reason:
            row.error(None, locked_record_message(reason), "")
