"""Reporting obligations, generic over ledgers: the office declares that a ledger is due
from a set of units every week or month by a day; for each unit and period Tally knows
whether the report came on time, late, or not at all.

When did a unit's report of a period arrive? Each ledger answers through a *receipts*
function, `fn(units, period) -> {unit pk: date received}` (the first arrival; absent:
nothing arrived). Without a registration, any ledger whose date column is a date is
answered from its rows: a row of the unit (or below it) dated inside the period, arrived
on the day it was first written. A module whose reports say more registers its own:

    from tally.supervision.obligations import register_receipts
    register_receipts("project_reports", project_report_receipts)

(in its AppConfig.ready). The statuses are kept as ReportingRecord rows, recomputed by
`refresh_obligation` (the daily job, a filing, the obligation's page), so that the
metrics `reporting.*` are ordinary counts over rows.
"""

import calendar
import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from tally.ledgers.registry import get_ledger
from tally.lib.periods import Period, month_period, week_period
from tally.orgs.models import Org

from .models import Frequency, Obligation, ReportingRecord, ReportState

Receipts = Callable[[list[Org], Period], dict[int, dt.date]]
_RECEIPTS: dict[str, Receipts] = {}


def register_receipts(ledger_key: str, fn: Receipts) -> Receipts:
    """Say how reports of `ledger_key` arrive (see the module's docstring)."""
    _RECEIPTS[ledger_key] = fn
    return fn


def receipts_of(ledger_key: str) -> Receipts:
    return _RECEIPTS.get(ledger_key) or ledger_receipts(ledger_key)


def ledger_receipts(ledger_key: str) -> Receipts:
    """The default: rows of the ledger dated in the period, per unit subtree, the day
    the first of them was written (created_at)."""

    def receipts(units: list[Org], period: Period) -> dict[int, dt.date]:
        ledger = get_ledger(ledger_key)
        rows = ledger.get_queryset().order_by()
        rows = ledger.in_dates(rows, period.start, period.end)
        path = ledger.object_org_path_lookup()
        first = rows.values(path).annotate(first=Min("created_at")).values_list(path, "first")
        return earliest_per_unit(units, first)

    return receipts


def earliest_per_unit(units: list[Org], arrivals) -> dict[int, dt.date]:
    """{unit pk: earliest local date} from (organisation path, datetime or date) pairs:
    an arrival counts for every unit whose subtree holds its organisation."""
    found: dict[int, dt.date] = {}
    for org_path, when in arrivals:
        if when is None:
            continue
        day = timezone.localdate(when) if isinstance(when, dt.datetime) else when
        for unit in units:
            if org_path.startswith(unit.path) and (unit.pk not in found or day < found[unit.pk]):
                found[unit.pk] = day
    return found


# --- periods -------------------------------------------------------------------------------


def period_containing(obligation: Obligation, day: dt.date) -> Period:
    if obligation.frequency == Frequency.WEEKLY:
        year, week, _weekday = day.isocalendar()
        return week_period(year, week)
    return month_period(day.year, day.month)


def due_on(obligation: Obligation, period: Period) -> dt.date:
    """The last day a report of `period` is on time."""
    if obligation.frequency == Frequency.WEEKLY:
        return period.start + dt.timedelta(days=min(max(obligation.due_day, 1), 7) - 1)
    last = calendar.monthrange(period.start.year, period.start.month)[1]
    return period.start.replace(day=min(max(obligation.due_day, 1), last))


def periods_between(obligation: Obligation, first: dt.date, last: dt.date) -> list[Period]:
    """The obligation's periods from the one containing `first` to the one containing
    `last`, never before the obligation starts."""
    periods, day = [], max(first, obligation.starts_on)
    while day <= last:
        period = period_containing(obligation, day)
        periods.append(period)
        day = period.end + dt.timedelta(days=1)
    return periods


def expected_units(obligation: Obligation) -> list[Org]:
    """The active units of the chosen kinds and those listed, in the tree's order."""
    wanted = Q(pk__in=obligation.units.values("pk"))
    if obligation.unit_kinds:
        wanted |= Q(kind__in=obligation.unit_kinds)
    return list(Org.objects.filter(wanted, active=True).order_by("path"))


# --- statuses --------------------------------------------------------------------------------


def state_of(received: dt.date | None, due: dt.date, today: dt.date) -> str:
    if received is not None:
        return ReportState.ON_TIME if received <= due else ReportState.LATE
    return ReportState.MISSING if today > due else ReportState.PENDING


def refresh_obligation(
    obligation: Obligation, *, today: dt.date | None = None, since=None, until=None
) -> int:
    """Recompute the records of every period from `since` (default: the start) to the
    one holding `until` (default: the current one); returns how many records changed.
    Units no longer expected lose their records of the recomputed periods."""
    today = today or timezone.localdate()
    end = min(until, today) if until else today
    periods = periods_between(obligation, since or obligation.starts_on, end)
    units = expected_units(obligation)
    receipts = receipts_of(obligation.ledger_key)
    labels = [p.label for p in periods]
    stored = {
        (r.unit_id, r.period): r
        for r in ReportingRecord.objects.filter(obligation=obligation, period__in=labels)
    }
    new, changed, keep = [], [], set()
    for period in periods:
        due = due_on(obligation, period)
        arrived = receipts(units, period) if units else {}
        for unit in units:
            received = arrived.get(unit.pk)
            state = state_of(received, due, today)
            keep.add((unit.pk, period.label))
            record = stored.get((unit.pk, period.label))
            if record is None:
                new.append(
                    ReportingRecord(
                        obligation=obligation,
                        unit=unit,
                        period=period.label,
                        due_on=due,
                        received_on=received,
                        state=state,
                    )
                )
            elif (record.due_on, record.received_on, record.state) != (due, received, state):
                record.due_on, record.received_on, record.state = due, received, state
                changed.append(record)
    gone = [r.pk for key, r in stored.items() if key not in keep]
    with transaction.atomic():
        ReportingRecord.objects.filter(pk__in=gone).delete()
        ReportingRecord.objects.bulk_create(new, batch_size=1000)
        fields = ["due_on", "received_on", "state", "updated_at"]
        now = timezone.now()
        for record in changed:
            record.updated_at = now
        ReportingRecord.objects.bulk_update(changed, fields, batch_size=1000)
    return len(new) + len(changed) + len(gone)


def refresh_ledger_obligations(ledger_key: str, *, today=None, since=None) -> None:
    """After reports of a ledger arrived: recompute its active obligations."""
    for obligation in Obligation.objects.filter(ledger_key=ledger_key, active=True):
        refresh_obligation(obligation, today=today, since=since)


def refresh_all(*, today=None) -> None:
    for obligation in Obligation.objects.filter(active=True):
        refresh_obligation(obligation, today=today)
