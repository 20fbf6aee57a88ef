"""The leaders' dashboard: the figures of each panel for an organisation and a period,
each taken from the module that owns it (the metric engine wherever a metric exists) and
each with the address of the page that shows the rows behind it.

Every panel costs a fixed number of queries, whatever the number of rows: metrics are
one aggregate (or one grouped query for an organisation's children), the pipeline and the
project lights are grouped queries of the economy module, the indicators' figures three
queries for all of them. A request's panels share one `Figures`, so a metric two panels
show (the coverage panel and a ranking of coverage) is computed once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tally.economy import indicators, pipeline, projects
from tally.economy.models import (
    STAGE_ORDER,
    ConstructionProject,
    Indicator,
    IndicatorActual,
    IndicatorTarget,
    ProjectReport,
)
from tally.lib.lights import GREEN, RED, YELLOW
from tally.lib.periods import (
    Period,
    half_period,
    month_period,
    quarter_period,
    range_period,
    week_period,
    year_period,
)
from tally.metrics import registry
from tally.metrics.definitions import NO_UNIT
from tally.metrics.engine import ChildComputation, ChildFigure, Computation, compute_many
from tally.metrics.freshness import cached
from tally.metrics.links import metric_url
from tally.orgs.models import Org

LIGHTS = (RED, YELLOW, GREEN)
LIGHT_NAMES = {RED: _("Red"), YELLOW: _("Yellow"), GREEN: _("Green")}
LAST_WEEK = dt.timedelta(days=7)

FISCAL_KEYS = (
    "fiscal.revenue.completion",
    "fiscal.time_progress",
    "fiscal.revenue.ahead",
    "fiscal.revenue.yoy",
    "fiscal.tax.yoy",
    "fiscal.tax.share",
)
# The indicator whose completion the fiscal metrics report: its bar must equal them.
REVENUE = "revenue"
FUNNEL_KEYS = {  # the stages DOMAIN.md names a metric for, (count key, amount key)
    "跟踪": ("investment.tracking.count", "investment.tracking.amount"),
    "在谈": ("investment.negotiating.count", "investment.negotiating.amount"),
    "重点洽谈": ("investment.key_negotiation.count", "investment.key_negotiation.amount"),
}
SIGNED_KEYS = ("investment.signed.count", "investment.signed.amount")
TASK_LIGHT_KEYS = {light: f"tasks.lights.{light}" for light in LIGHTS}
COVERAGE_KEY = "training.coverage"
COMMUNITY_KEYS = ("community.registered", "wishes.claimed", "volunteer.activities")
DEFAULT_RANKING_KEY = COVERAGE_KEY


# --- the period before ---------------------------------------------------------------------


def previous_period(period: Period) -> Period:
    """The period just before, of the same kind: 2023H1 → 2022H2, 2023-06 → 2023-05; a
    date range → the range of the same length ending the day before it starts."""
    start = period.start
    if period.kind == "year":
        return year_period(start.year - 1)
    if period.kind == "half":
        return half_period(start.year - 1, 2) if start.month == 1 else half_period(start.year, 1)
    if period.kind == "quarter":
        quarter = (start.month - 1) // 3 + 1
        return (
            quarter_period(start.year - 1, 4)
            if quarter == 1
            else quarter_period(start.year, quarter - 1)
        )
    if period.kind == "month":
        return (
            month_period(start.year - 1, 12)
            if start.month == 1
            else month_period(start.year, start.month - 1)
        )
    if period.kind == "week":
        iso_year, week = (start - LAST_WEEK).isocalendar()[:2]
        return week_period(iso_year, week)
    length = period.end - start
    end = start - dt.timedelta(days=1)
    return range_period(end - length, end)


def day_of(day: dt.date) -> Period:
    """A one-day period: stocks (lights) taken on `day`."""
    return range_period(day, day)


def query(**params) -> str:
    return urlencode({name: value for name, value in params.items() if value})


# --- the figures of one request, each computed once ---------------------------------------


class Figures:
    """The metric figures one dashboard request needs, for an organisation and for each
    of its children, each computed once whichever panels show it (the engine caches a
    value by metric and period within one computation)."""

    def __init__(self, org: Org, period: Period):
        self.org, self.period = org, period
        self.own = Computation(org, period)

    def results(self, keys, period: Period | None = None) -> dict:
        """{key: MetricResult} of the organisation, over the request's period or `period`."""
        keys = list(keys)
        self.own.prefetch(keys, period)
        return {key: self.own.result(registry.get(key), period) for key in keys}

    def prefetch(self, own=(), children=()) -> None:
        """Compute at once what the panels will ask for: the organisation's figures and
        its children's, a query per ledger's rows rather than per metric."""
        self.own.prefetch(own)
        if children and self.child_orgs:
            self.of_children.prefetch(children, self.period)

    @cached_property
    def child_orgs(self) -> list[Org]:
        return list(Org.objects.get_children(self.org).filter(active=True))

    @cached_property
    def of_children(self) -> ChildComputation:
        return ChildComputation(self.org, self.child_orgs)

    def children(self, key: str, period: Period | None = None) -> list[ChildFigure]:
        """The metric for each active child, in the tree's order (engine.children_figures)."""
        if not self.child_orgs:
            return []
        metric = registry.get(key)
        values = self.of_children.value(metric, period or self.period)
        return [ChildFigure(child, values[child.path], metric.unit) for child in self.child_orgs]


# --- fiscal indicators against their targets -------------------------------------------


@dataclass
class IndicatorBar:
    """An indicator's completion of its annual target at the period's last month, and the
    points ahead of (behind) 序时进度 — indicators.figures()'s, with its formulas."""

    indicator: Indicator
    actual: Decimal | None
    target: Decimal | None
    completion: Decimal | None
    gap: Decimal | None


@dataclass
class Fiscal:
    results: dict  # metric key → MetricResult (FISCAL_KEYS)
    rows: list[IndicatorBar]  # every indicator with a target this year
    urls: dict[str, str]  # indicator code → its page

    @property
    def time_progress(self):
        return self.results["fiscal.time_progress"].value


def fiscal(org: Org, period: Period, figures: Figures | None = None) -> Fiscal:
    figures = figures or Figures(org, period)
    # The panels' own counts outside the engine are kept under the data versions too.
    rows = cached(
        ("dashboard.bars", org.pk, org.path, period.label), lambda: indicator_bars(org, period)
    )
    here = query(org=org.code, period=period.label)
    page = "economy:indicator_detail"
    urls = {r.indicator.code: f"{reverse(page, args=[r.indicator.code])}?{here}" for r in rows}
    return Fiscal(figures.results(FISCAL_KEYS), rows, urls)


def indicator_bars(org: Org, period: Period) -> list[IndicatorBar]:
    """Every indicator with a target for the period's year, in three queries whatever
    their number (the indicators, the actuals of the month, the targets of the year), each
    an organisation's own row or the sum of its topmost reporting descendants, as
    indicators.actual() and target() take them."""
    with_target = IndicatorTarget.objects.filter(indicator=OuterRef("pk"), year=period.year)
    shown = list(Indicator.objects.filter(Exists(with_target)).order_by("pk"))
    within = {"indicator__in": shown, "org__path__startswith": org.path}
    actuals = IndicatorActual.objects.filter(month=period.last_month, **within)
    targets = IndicatorTarget.objects.filter(year=period.year, **within)
    actual = topmost_sums(actuals.values_list("indicator_id", "org__path", "cumulative"))
    target = topmost_sums(targets.values_list("indicator_id", "org__path", "target"))
    bars = []
    for indicator in shown:
        now, goal = actual.get(indicator.pk), target.get(indicator.pk)
        done = indicators.COMPLETION.combine({"actual": now, "target": goal}, period)
        gap = indicators.AHEAD.combine({"completion": done}, period)
        bars.append(IndicatorBar(indicator, now, goal, done, gap))
    return bars


def topmost_sums(rows) -> dict[int, Decimal]:
    """{indicator id: sum} of rows (indicator id, org path, value) keeping, of each
    indicator, only the rows of organisations with no ancestor among its rows (a zone's
    total is never added to the streets it contains: indicators.topmost)."""
    kept: dict[int, list[str]] = {}
    sums: dict[int, Decimal] = {}
    for indicator_id, path, value in sorted(rows, key=lambda row: (row[0], row[1])):
        ancestors = kept.setdefault(indicator_id, [])
        if any(path.startswith(other) for other in ancestors):
            continue  # sorted by path: an ancestor comes before its descendants
        ancestors.append(path)
        sums[indicator_id] = sums.get(indicator_id, Decimal(0)) + value
    return sums


# --- the investment pipeline ------------------------------------------------------------


@dataclass
class Funnel:
    day: dt.date
    stocks: list[pipeline.StageFigure]
    flows: list[pipeline.StageFigure]
    stock_urls: dict[str, str]
    flow_urls: dict[str, str]


def funnel(org: Org, period: Period) -> Funnel:
    """The pipeline on the period's last day (a stock, as the metrics take it) and the
    stages reached within the period (flows)."""
    day = period.end
    here = {"org": org.code, "period": period.label, "date": day.isoformat()}

    def url(stage, **extra):
        return f"{reverse('economy:stage_projects', args=[stage])}?{query(**here, **extra)}"

    where = (org.pk, org.path, period.label)
    return Funnel(
        day=day,
        stocks=cached(("dashboard.stocks", *where), lambda: pipeline.stocks(org, day)),
        flows=cached(
            ("dashboard.flows", *where), lambda: pipeline.flows(org, period.start, period.end)
        ),
        stock_urls={stage: url(stage) for stage in STAGE_ORDER},
        flow_urls={stage: url(stage, flow="1") for stage in STAGE_ORDER},
    )


# --- task and project lights -----------------------------------------------------------


@dataclass
class LightCount:
    light: str
    now: int
    last_week: int
    url: str

    @property
    def change(self) -> int:
        return self.now - self.last_week

    @property
    def name(self):
        return LIGHT_NAMES[self.light]


@dataclass
class Lights:
    day: dt.date
    tasks: list[LightCount]
    projects: list[LightCount]


def lights(org: Org, period: Period, figures: Figures | None = None) -> Lights:
    """Tasks by their light on the period's last day (the metrics, from the light history)
    and construction projects of the year by their light on that day, each against the
    same day a week earlier."""
    figures = figures or Figures(org, period)
    day, week_before = period.end, period.end - LAST_WEEK
    now = figures.results(TASK_LIGHT_KEYS.values())
    before = figures.results(TASK_LIGHT_KEYS.values(), day_of(week_before))
    tasks = [
        LightCount(
            light,
            now[key].value,
            before[key].value,
            metric_url(key, org, period),
        )
        for light, key in TASK_LIGHT_KEYS.items()
    ]
    project_counts = cached(
        ("dashboard.project_lights", org.pk, org.path, day, week_before),
        lambda: project_lights(org, (day, week_before)),
    )
    here = {"org": org.code, "period": period.label, "date": day.isoformat()}
    board = reverse("economy:board")
    project_rows = [
        LightCount(
            light,
            project_counts[day][light],
            project_counts[week_before][light],
            f"{board}?{query(**here, light=light)}",
        )
        for light in LIGHTS
    ]
    return Lights(day, tasks, project_rows)


def project_lights(org: Org, days) -> dict[dt.date, dict[str, int]]:
    """{day: {light: count}}: construction projects of each day's year in `org`'s subtree
    by their light on that day (the projects board's rule: projects.status_of on each
    project's latest report up to the day's month). Two queries for all the days: the
    projects with the key of their latest report on each day, then those reports."""
    rules = projects.light_rules()
    latest = {
        f"latest_{index}": Subquery(
            ProjectReport.objects.filter(project=OuterRef("pk"), month__lte=projects.month_of(day))
            .order_by("-month")
            .values("pk")[:1]
        )
        for index, day in enumerate(days)
    }
    planned = list(
        ConstructionProject.objects.filter(
            org__path__startswith=org.path, plan_year__in={day.year for day in days}
        )
        .only("pk", "plan_year", "annual_plan", "start_date", "planned_end")
        .annotate(**latest)
    )
    wanted = {getattr(p, name) for p in planned for name in latest} - {None}
    reports = ProjectReport.objects.only("pk", "month", "cumulative", "progress").in_bulk(wanted)
    counts = {day: dict.fromkeys(LIGHTS, 0) for day in days}
    for index, day in enumerate(days):
        for project in planned:
            if project.plan_year != day.year:
                continue
            report = reports.get(getattr(project, f"latest_{index}"))
            light = projects.status_of(project, report, day, rules).light
            if light in counts[day]:
                counts[day][light] += 1
    return counts


# --- training coverage by child ----------------------------------------------------------


@dataclass
class Coverage:
    total: Any  # MetricResult
    children: list[ChildFigure]  # those with members (a coverage to show)
    urls: dict[str, str]  # child code → its untrained members


def coverage(org: Org, period: Period, figures: Figures | None = None) -> Coverage:
    figures = figures or Figures(org, period)
    total = figures.results([COVERAGE_KEY])[COVERAGE_KEY]
    children = [f for f in figures.children(COVERAGE_KEY) if f.value is not None]
    urls = {
        f.org.code: f"{reverse('party:untrained', args=[f.org.code])}?{query(period=period.label)}"
        for f in children
    }
    return Coverage(total, children, urls)


# --- community figures --------------------------------------------------------------------


@dataclass
class Community:
    results: dict  # key → MetricResult of the organisation
    children: dict[str, list[ChildFigure]]  # key → the figures of its children
    child_orgs: list[Org]


def community(org: Org, period: Period, figures: Figures | None = None) -> Community:
    figures = figures or Figures(org, period)
    results = figures.results(COMMUNITY_KEYS)
    children = {key: figures.children(key) for key in COMMUNITY_KEYS}
    child_orgs = [f.org for f in children[COMMUNITY_KEYS[0]]]
    return Community(results, children, child_orgs)


# --- a ranking of the children ---------------------------------------------------------


@dataclass
class RankRow:
    org: Org
    figure: ChildFigure
    rank: int
    previous_rank: int | None
    previous: ChildFigure | None
    url: str

    @property
    def change(self) -> int | None:
        """Places gained since the previous period (negative: lost)."""
        if self.previous_rank is None or self.figure.value is None:
            return None
        return self.previous_rank - self.rank


@dataclass
class Ranking:
    metric: Any
    org: Org
    period: Period
    previous_period: Period
    rows: list[RankRow] = field(default_factory=list)


def rankable_metrics() -> list:
    """The metrics a ranking may be asked for: those with a number (not yes/no)."""
    metrics = [m for m in registry.all_metrics() if m.unit != NO_UNIT]
    return sorted(metrics, key=lambda m: str(m.label))


def ranks(figures: list[ChildFigure]) -> dict[str, int]:
    """Child path → its place, largest value first; children without a figure get none.
    Equal values share a place (1, 2, 2, 4)."""
    valued = sorted((f for f in figures if f.value is not None), key=lambda f: -Decimal(f.value))
    places, last_value, last_place = {}, None, 0
    for index, figure in enumerate(valued, start=1):
        if figure.value != last_value:
            last_value, last_place = figure.value, index
        places[figure.org.path] = last_place
    return places


def ranking(key: str, org: Org, period: Period, figures: Figures | None = None) -> Ranking:
    figures = figures or Figures(org, period)
    metric = registry.get(key)
    before = previous_period(period)
    now = figures.children(key)
    then = {f.org.path: f for f in figures.children(key, before)}
    places, previous_places = ranks(now), ranks(list(then.values()))
    rows = [
        RankRow(
            org=figure.org,
            figure=figure,
            rank=places.get(figure.org.path, len(places) + 1),
            previous_rank=previous_places.get(figure.org.path),
            previous=then.get(figure.org.path),
            url=metric_url(key, figure.org, period),
        )
        for figure in now
    ]
    rows.sort(key=lambda row: (row.figure.value is None, row.rank, row.org.path))
    return Ranking(metric, org, period, before, rows)


# --- the headline of the home page ----------------------------------------------------


def headline(org: Org, period: Period) -> dict:
    """The few figures a leader's home page leads with: revenue against its target and
    time progress, training coverage and the tasks in red."""
    keys = ("fiscal.revenue.completion", "fiscal.revenue.ahead", COVERAGE_KEY, TASK_LIGHT_KEYS[RED])
    return compute_many(keys, org, period)
