"""Indicator figures: a cumulative actual at a month, a target for a year, and what an
indicator page shows from them (YoY, share of its parent, completion, 序时进度, the gap in
points, 双过半) — with the same formulas as the registered metrics (tally.metrics).

Where several levels of the tree report the same indicator (the zone and its streets),
an organisation's figure is its own row, else the sum of its highest reporting
descendants: a zone total is never added to the streets it already contains.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, QuerySet, Sum
from django.db.models.functions import Length, Substr

from tally.lib.periods import Period, month_period
from tally.metrics.definitions import (
    NO_UNIT,
    PERCENT,
    POINTS,
    Ahead,
    Completion,
    DoubleHalf,
    YearOnYear,
    percent_of,
    time_progress_percent,
)
from tally.orgs.models import Org

from .models import Indicator, IndicatorActual, IndicatorTarget

# The formulas of the metric engine, used here for any indicator (not registered).
YOY = YearOnYear("indicator.yoy", "", PERCENT)
COMPLETION = Completion("indicator.completion", "", PERCENT)
AHEAD = Ahead("indicator.ahead", "", POINTS)
DOUBLE_HALF = DoubleHalf("indicator.double_half", "", NO_UNIT)


def topmost(rows: QuerySet, same: tuple[str, ...]) -> QuerySet:
    """Of rows already limited to one subtree, those whose organisation has no ancestor
    with a row of its own among them for the same `same` fields (indicator, month)."""
    covered = (
        rows.filter(org__depth__lt=OuterRef("org__depth"), **{f: OuterRef(f) for f in same})
        .annotate(_outer_prefix=Substr(OuterRef("org__path"), 1, Length("org__path")))
        .filter(_outer_prefix=F("org__path"))
    )
    return rows.exclude(Exists(covered))


def actual_rows(code: str, org: Org, month: str) -> QuerySet:
    rows = IndicatorActual.objects.filter(
        indicator__code=code, month=month, org__path__startswith=org.path
    ).select_related("indicator", "org")
    return topmost(rows, ("indicator", "month"))


def target_rows(code: str, org: Org, year: int) -> QuerySet:
    rows = IndicatorTarget.objects.filter(
        indicator__code=code, year=year, org__path__startswith=org.path
    ).select_related("indicator", "org")
    return topmost(rows, ("indicator", "year"))


def summed(rows: QuerySet, field: str) -> Decimal | None:
    """The sum, or None when there is no row (no figure is not zero)."""
    return rows.order_by().aggregate(value=Sum(field))["value"]


def actual(code: str, org: Org, month: str) -> Decimal | None:
    return summed(actual_rows(code, org, month), "cumulative")


def target(code: str, org: Org, year: int) -> Decimal | None:
    return summed(target_rows(code, org, year), "target")


# --- the figures of an indicator page ----------------------------------------------------


@dataclass
class IndicatorFigures:
    indicator: Indicator
    org: Org
    period: Period
    actual: Decimal | None
    last_year: Decimal | None
    target: Decimal | None
    parent: Indicator | None
    parent_actual: Decimal | None
    yoy: Decimal | None
    share: Decimal | None
    completion: Decimal | None
    time_progress: Decimal
    gap: Decimal | None
    double_half: bool | None


def figures(indicator: Indicator, org: Org, period: Period) -> IndicatorFigures:
    """Everything an indicator page shows for an organisation at the period's last month."""
    month, code = period.last_month, indicator.code
    now = actual(code, org, month)
    before = actual(code, org, period.same_period_last_year().last_month)
    goal = target(code, org, period.year)
    parent = (
        Indicator.objects.filter(code=indicator.parent_code).first()
        if indicator.parent_code
        else None
    )
    parent_now = actual(parent.code, org, month) if parent else None
    done = COMPLETION.combine({"actual": now, "target": goal}, period)
    return IndicatorFigures(
        indicator=indicator,
        org=org,
        period=period,
        actual=now,
        last_year=before,
        target=goal,
        parent=parent,
        parent_actual=parent_now,
        yoy=YOY.combine({"this_year": now, "last_year": before}, period),
        share=percent_of(now, parent_now),
        completion=done,
        time_progress=time_progress_percent(period),
        gap=AHEAD.combine({"completion": done}, period),
        double_half=double_half(code, org, period),
    )


def double_half(code: str, org: Org, period: Period) -> bool | None:
    """双过半 as the metric judges it: the completion at the end of June."""
    judged = DOUBLE_HALF.judged_period(period)
    done = COMPLETION.combine(
        {"actual": actual(code, org, judged.last_month), "target": target(code, org, judged.year)},
        judged,
    )
    return DOUBLE_HALF.combine({"completion": done}, period)


def monthly_series(code: str, org: Org, year: int) -> list[dict]:
    """Month by month of `year`: the cumulative actual, last year's, the completion of the
    annual target and 序时进度 (m / 12). Three queries for the twelve months."""
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    last_months = [f"{year - 1}-{m:02d}" for m in range(1, 13)]
    now = monthly_actuals(code, org, months)
    before = monthly_actuals(code, org, last_months)
    goal = target(code, org, year)
    series = []
    for number, (month, last_month) in enumerate(zip(months, last_months, strict=True), start=1):
        series.append(
            {
                "month": month,
                "actual": now.get(month),
                "last_year": before.get(last_month),
                "completion": percent_of(now.get(month), goal),
                "time_progress": time_progress_percent(month_period(year, number)),
            }
        )
    return series


def monthly_actuals(code: str, org: Org, months: list[str]) -> dict[str, Decimal]:
    rows = IndicatorActual.objects.filter(
        indicator__code=code, month__in=months, org__path__startswith=org.path
    )
    grouped = (
        topmost(rows, ("indicator", "month"))
        .order_by()
        .values("month")
        .annotate(value=Sum("cumulative"))
    )
    return {row["month"]: row["value"] for row in grouped}
