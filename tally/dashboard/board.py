"""The leaders' dashboard: the figures of each panel for an organisation and a period,
each taken from the module that owns it (the metric engine wherever a metric exists) and
each with the address of the page that shows the rows behind it.

Every panel costs a fixed number of queries, whatever the number of rows: metrics are
one aggregate (or one grouped query for an organisation's children), the pipeline and the
project lights are grouped queries of the economy module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tally.economy import indicators, pipeline, projects
from tally.economy.models import STAGE_ORDER, Indicator, IndicatorTarget
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
from tally.metrics.engine import ChildFigure, children_figures, compute_many
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


# --- fiscal indicators against their targets -------------------------------------------


@dataclass
class Fiscal:
    results: dict  # metric key → MetricResult (FISCAL_KEYS)
    rows: list[indicators.IndicatorFigures]  # every indicator with a target this year
    urls: dict[str, str]  # indicator code → its page

    @property
    def time_progress(self):
        return self.results["fiscal.time_progress"].value


def fiscal(org: Org, period: Period) -> Fiscal:
    with_target = IndicatorTarget.objects.filter(indicator=OuterRef("pk"), year=period.year)
    shown = Indicator.objects.filter(Exists(with_target)).order_by("pk")
    rows = [indicators.figures(indicator, org, period) for indicator in shown]
    here = query(org=org.code, period=period.label)
    page = "economy:indicator_detail"
    urls = {r.indicator.code: f"{reverse(page, args=[r.indicator.code])}?{here}" for r in rows}
    return Fiscal(compute_many(FISCAL_KEYS, org, period), rows, urls)


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

    return Funnel(
        day=day,
        stocks=pipeline.stocks(org, day),
        flows=pipeline.flows(org, period.start, period.end),
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


def lights(org: Org, period: Period) -> Lights:
    """Tasks by their light on the period's last day (the metrics, from the light history)
    and construction projects of the year by their light on that day, each against the
    same day a week earlier."""
    day = period.end
    now = compute_many(TASK_LIGHT_KEYS.values(), org, period)
    before = compute_many(TASK_LIGHT_KEYS.values(), org, day_of(day - LAST_WEEK))
    tasks = [
        LightCount(
            light,
            now[key].value,
            before[key].value,
            metric_url(key, org, period),
        )
        for light, key in TASK_LIGHT_KEYS.items()
    ]
    project_now = project_lights(org, day)
    project_before = project_lights(org, day - LAST_WEEK)
    here = {"org": org.code, "period": period.label, "date": day.isoformat()}
    board = reverse("economy:board")
    project_rows = [
        LightCount(
            light,
            project_now[light],
            project_before[light],
            f"{board}?{query(**here, light=light)}",
        )
        for light in LIGHTS
    ]
    return Lights(day, tasks, project_rows)


def project_lights(org: Org, day: dt.date) -> dict[str, int]:
    """Construction projects of `day`'s year in `org`'s subtree, counted by their light on
    `day` (the projects board's rule, two queries)."""
    planned = projects.projects_in(org).filter(plan_year=day.year)
    counts = dict.fromkeys(LIGHTS, 0)
    for status in projects.statuses(planned, day):
        if status.light in counts:
            counts[status.light] += 1
    return counts


# --- training coverage by child ----------------------------------------------------------


@dataclass
class Coverage:
    total: Any  # MetricResult
    children: list[ChildFigure]  # those with members (a coverage to show)
    urls: dict[str, str]  # child code → its untrained members


def coverage(org: Org, period: Period) -> Coverage:
    total = compute_many([COVERAGE_KEY], org, period)[COVERAGE_KEY]
    children = [f for f in children_figures(COVERAGE_KEY, org, period) if f.value is not None]
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


def community(org: Org, period: Period) -> Community:
    results = compute_many(COMMUNITY_KEYS, org, period)
    children = {key: children_figures(key, org, period) for key in COMMUNITY_KEYS}
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


def ranking(key: str, org: Org, period: Period) -> Ranking:
    metric = registry.get(key)
    before = previous_period(period)
    now = children_figures(key, org, period)
    then = {f.org.path: f for f in children_figures(key, org, before)}
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
