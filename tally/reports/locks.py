"""Period locks enforced: the write guard the reports app gives the ledger framework.

Publishing may lock a period for a subtree (services.lock_period); from then on no
import, form edit, deletion or undo may touch a row of that subtree dated in the period
until the office reopens it (services.reopen_period, with an audited reason)."""

from tally.ledgers.guards import register_write_guard

from .models import PeriodLock
from .services import lock_message


def locked_rows(items) -> list[str | None]:
    """For each (organisation path, day) the message of the active lock over it, or None.
    The active locks are few (one per published period and subtree): read once."""
    locks = list(PeriodLock.objects.active().select_related("org"))
    if not locks:
        return [None] * len(items)
    return [lock_over(locks, path, day) for path, day in items]


def lock_over(locks, path: str, day) -> str | None:
    for lock in locks:
        if path.startswith(lock.org.path) and lock.start <= day <= lock.end:
            return lock_message(lock)
    return None


def install() -> None:
    register_write_guard(locked_rows)
