"""The investment pipeline from the stage history: where projects stood on any day (a
stock) and which projects reached a stage within a period (a flow).

A project's stage on a day is the latest row of its history dated on or before that day,
whatever happened afterwards (a project that moved back a stage included). Every figure
is one aggregate query, whatever the number of projects: the stage on a day is a
subquery per project, never a Python loop over rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Substr

from tally.orgs.models import Org

from .models import STAGE_ORDER, InvestmentProject, StageChange


def projects_in(org: Org) -> QuerySet:
    """The projects of `org`'s subtree, found by their organisation's index first.

    Why `subtree_filter` and not `org__path__startswith`: the stage on a day is a
    subquery per project, and with the path test the database runs it for every project
    of the city before the path narrows them down (a community's stock cost as much as
    the city's). With the subtree's ids first only the subtree's projects are read."""
    return InvestmentProject.objects.filter(org.subtree_filter())


def stage_on(day: dt.date) -> Subquery:
    """The stage of the outer project on `day` (None before its first history row)."""
    latest = (
        StageChange.objects.filter(project=OuterRef("pk"), date__lte=day)
        .order_by("-date", "-pk")
        .values("stage")[:1]
    )
    return Subquery(latest)


def projects_at(stage: str, org: Org, day: dt.date) -> QuerySet:
    """The projects of `org`'s subtree that were at `stage` on `day` (a stock)."""
    return projects_in(org).alias(stage_then=stage_on(day)).filter(stage_then=stage)


def projects_reaching(stage: str, org: Org, start: dt.date, end: dt.date) -> QuerySet:
    """The projects of `org`'s subtree that reached `stage` between `start` and `end`
    (a flow: a project reaching it twice counts once)."""
    reached = StageChange.objects.filter(stage=stage, date__gte=start, date__lte=end)
    return projects_in(org).filter(pk__in=reached.values("project_id"))


@dataclass
class StageFigure:
    stage: str
    count: int = 0
    amount: Decimal = Decimal(0)


def stocks(org: Org, day: dt.date) -> list[StageFigure]:
    """Projects and agreed investment per stage on `day`, in stage order: one grouped
    query."""
    grouped = (
        projects_in(org)
        .annotate(stage_then=stage_on(day))
        .exclude(stage_then=None)
        .order_by()
        .values("stage_then")
        .annotate(count=Count("pk"), amount=Sum("amount"))
    )
    found = {row["stage_then"]: row for row in grouped}
    return [figure(stage, found.get(stage)) for stage in STAGE_ORDER]


def stocks_by_child(org: Org, day: dt.date) -> list[tuple[Org, dict[str, int]]]:
    """For each active child of `org`: projects per stage on `day`. One grouped query."""
    children = list(Org.objects.get_children(org).filter(active=True))
    prefix = Substr("org__path", 1, len(org.path) + Org.steplen)
    grouped = (
        projects_in(org)
        .annotate(stage_then=stage_on(day), child=prefix)
        .exclude(stage_then=None)
        .order_by()
        .values("child", "stage_then")
        .annotate(count=Count("pk"))
    )
    counts: dict[str, dict[str, int]] = {}
    for row in grouped:
        counts.setdefault(row["child"], {})[row["stage_then"]] = row["count"]
    return [(child, counts.get(child.path, {})) for child in children]


def flows(org: Org, start: dt.date, end: dt.date) -> list[StageFigure]:
    """Projects (and their agreed investment) reaching each stage between `start` and
    `end`: one query with a filtered count and sum per stage."""
    moves = StageChange.objects.filter(date__gte=start, date__lte=end)
    aggregates = {}
    for index, stage in enumerate(STAGE_ORDER):
        reached = Q(pk__in=moves.filter(stage=stage).values("project_id"))
        aggregates[f"count_{index}"] = Count("pk", filter=reached)
        aggregates[f"amount_{index}"] = Sum("amount", filter=reached)
    values = projects_in(org).aggregate(**aggregates)
    return [
        figure(stage, {"count": values[f"count_{i}"], "amount": values[f"amount_{i}"]})
        for i, stage in enumerate(STAGE_ORDER)
    ]


def figure(stage: str, row: dict | None) -> StageFigure:
    if row is None:
        return StageFigure(stage)
    return StageFigure(stage, row["count"] or 0, row["amount"] or Decimal(0))


def timeline(project: InvestmentProject) -> list[dict]:
    """The project's stage history, oldest first, with the days spent in each stage
    (up to today for the present one)."""
    from django.utils import timezone

    rows = list(project.stages.select_related("batch", "recorded_by"))
    today = timezone.localdate()
    entries = []
    for index, row in enumerate(rows):
        until = rows[index + 1].date if index + 1 < len(rows) else today
        entries.append(
            {"row": row, "days": (until - row.date).days, "current": index == len(rows) - 1}
        )
    return entries
