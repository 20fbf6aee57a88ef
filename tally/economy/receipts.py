"""Project monthly reports as a reporting obligation (supervision's obligations, "每月25日前
报送"): when did a unit's monthly report of a month arrive?

A unit owes a report for every construction project of its subtree that expects one that
month (planned for the year, started by the month's end, not reported complete before:
`projects.expected_reports`). Its report has arrived once every one of them has its
month's row, on the day the last of them was first written — one project still missing
keeps the unit's report missing, so that a street cannot look on time by filing half of
its projects. A unit with no project owing a report has nothing to file: it counts as
having filed on the month's first day.

Registered with `tally.supervision.obligations.register_receipts` in the app's ready();
supervision never imports this module.
"""

import datetime as dt

from django.utils import timezone

from tally.lib.periods import Period
from tally.orgs.models import Org

from .models import ProjectReport
from .projects import expected_reports, month_of

LEDGER_KEY = "project_reports"


def project_report_receipts(units: list[Org], period: Period) -> dict[int, dt.date]:
    """{unit pk: the day its report of `period`'s month was complete}. Two queries for
    all the units: the projects of the tree owing a report that month, and the month's
    reports of those projects."""
    if not units:
        return {}
    month = month_of(period.start)
    owing_projects = expected_reports(Org.objects.get_first_root_node(), month).order_by()
    owing = dict(owing_projects.values_list("pk", "org__path"))
    arrived = dict(
        ProjectReport.objects.filter(
            month=month, project__in=owing_projects.values("pk")
        ).values_list("project_id", "created_at")
    )
    return completed_on(units, owing, arrived, period.start)


def completed_on(units: list[Org], owing: dict, arrived: dict, first_day: dt.date) -> dict:
    """Per unit, the day the last of its owing projects reported; a unit with a project
    still missing is left out. Each project is looked at once, through the prefixes of
    its organisation's path (the tree's steps), whatever the number of units."""
    by_path = {unit.path: unit.pk for unit in units}
    step = Org.steplen
    latest: dict[int, dt.date] = {}
    missing: set[int] = set()
    for project_id, org_path in owing.items():
        when = arrived.get(project_id)
        day = timezone.localdate(when) if when is not None else None
        for end in range(step, len(org_path) + 1, step):
            unit_pk = by_path.get(org_path[:end])
            if unit_pk is None:
                continue
            if day is None:
                missing.add(unit_pk)
            elif unit_pk not in latest or day > latest[unit_pk]:
                latest[unit_pk] = day
    return {unit.pk: latest.get(unit.pk, first_day) for unit in units if unit.pk not in missing}
