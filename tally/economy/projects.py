"""Construction projects on a day: their latest monthly report, their lights and the
board by category, and which monthly reports are still due.

Two lights make a project's light, the worse one counting (FORMATS.md "Supervision
conventions"):

- investment: the investment completed this year against the annual plan, compared with
  序时进度 (months / 12; a month counts once its report is in or the month is over);
- physical progress (形象进度) against a linear schedule from the start of construction
  to the planned completion (tally.lib.lights).

Both follow the administrator's light rules. A board is two queries whatever the number
of projects: the projects with the key of their latest report, then those reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from tally.lib import lights
from tally.lib.lights import GREEN, RED, SEVERITY, YELLOW, LightRules
from tally.lib.periods import month_period
from tally.metrics.definitions import percent_of
from tally.metrics.freshness import cached
from tally.orgs.models import Org

from .models import Category, ConstructionProject, ProjectReport

HUNDRED = Decimal(100)
# Reports are due by this day of their month ("每月25日前报送").
DUE_DAY = 25


def light_rules() -> LightRules:
    """The administrator's rules (the supervision module keeps them; the defaults until
    it does)."""
    return lights.DEFAULT_RULES


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def due_date(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), DUE_DAY)


@dataclass
class ProjectStatus:
    project: ConstructionProject
    day: dt.date
    report: ProjectReport | None
    completion: Decimal | None  # investment completed / annual plan, in percent
    time_progress: Decimal | None  # 序时进度 the completion is judged against
    investment_light: str | None
    expected_progress: Decimal | None  # 形象进度 the schedule expects on `day`
    progress_light: str | None

    @property
    def light(self) -> str | None:
        """The worse of the two lights (None: the project has no plan to judge by)."""
        found = [x for x in (self.investment_light, self.progress_light) if x]
        return min(found, key=SEVERITY.get) if found else None

    @property
    def progress(self) -> Decimal | None:
        return self.report.progress if self.report else None


def months_elapsed(day: dt.date) -> int:
    """Whole months of `day`'s year that are over on `day`."""
    return day.month if (day + dt.timedelta(days=1)).month != day.month else day.month - 1


def investment_time_progress(project: ConstructionProject, year: int, months_over: int) -> Decimal:
    """序时进度 of the annual plan after `months_over` months of `year`: months / 12, or
    for a project starting within the year, the months since its start month over the
    months left in the year from it."""
    first = 1
    if project.start_date and project.start_date.year == year:
        first = project.start_date.month
    months = 12 - first + 1
    return Decimal(max(0, min(months_over - first + 1, months))) * HUNDRED / months


def lag_light(lag: Decimal, rules: LightRules) -> str:
    if lag > rules.red_lag:
        return RED
    if lag > rules.yellow_lag:
        return YELLOW
    return GREEN


def status_of(
    project: ConstructionProject, report: ProjectReport | None, day: dt.date, rules: LightRules
) -> ProjectStatus:
    completion = time_progress = investment = expected = progress_light = None
    this_year = report if report is not None and report.month[:4] == str(day.year) else None
    started = project.start_date is None or project.start_date <= day
    if project.annual_plan and project.plan_year == day.year and started:
        completion = percent_of(this_year.cumulative if this_year else 0, project.annual_plan)
        months_over = months_elapsed(day)
        if this_year is not None:
            months_over = max(months_over, int(this_year.month[5:7]))
        time_progress = investment_time_progress(project, day.year, months_over)
        investment = lag_light(time_progress - completion, rules)
    if project.start_date and project.planned_end and project.planned_end >= project.start_date:
        reported = report.progress if report else Decimal(0)
        expected = lights.expected_progress(project.start_date, project.planned_end, day)
        progress_light = lights.light_for(
            progress=reported,
            start=project.start_date,
            deadline=project.planned_end,
            day=day,
            done=reported >= HUNDRED,
            rules=rules,
        )
    return ProjectStatus(
        project, day, report, completion, time_progress, investment, expected, progress_light
    )


def projects_in(org: Org) -> QuerySet:
    return ConstructionProject.objects.filter(org__path__startswith=org.path).select_related("org")


def statuses(
    projects: QuerySet, day: dt.date, rules: LightRules | None = None
) -> list[ProjectStatus]:
    """Each project's status on `day` from its latest report of a month up to `day`'s."""
    rules = rules or light_rules()
    latest = (
        ProjectReport.objects.filter(project=OuterRef("pk"), month__lte=month_of(day))
        .order_by("-month")
        .values("pk")[:1]
    )
    projects = list(projects.annotate(latest_report=Subquery(latest)))
    reports = ProjectReport.objects.in_bulk([p.latest_report for p in projects if p.latest_report])
    return [status_of(p, reports.get(p.latest_report), day, rules) for p in projects]


def status_for(project: ConstructionProject, day: dt.date) -> ProjectStatus:
    return statuses(ConstructionProject.objects.filter(pk=project.pk), day)[0]


@dataclass
class BoardColumn:
    category: str
    label: str
    rows: list[ProjectStatus]

    def count(self, light: str) -> int:
        return sum(1 for row in self.rows if row.light == light)

    @property
    def red(self) -> int:
        return self.count(RED)

    @property
    def yellow(self) -> int:
        return self.count(YELLOW)

    @property
    def green(self) -> int:
        return self.count(GREEN)


def board(org: Org, day: dt.date, *, light: str = "") -> list[BoardColumn]:
    """The projects of `org`'s subtree planned for `day`'s year, by category, worst light
    first (optionally only those of one light)."""
    # Not the timestamps: parsing them for a city's 4,000 projects and their reports was a
    # fifth of the board's time.
    projects = (
        projects_in(org)
        .filter(plan_year=day.year)
        .defer("created_at", "updated_at")
        .order_by("number")
    )
    rows = statuses(projects, day)
    if light:
        rows = [row for row in rows if row.light == light]
    rows.sort(key=lambda row: (SEVERITY.get(row.light, 3), row.project.number))
    return [
        BoardColumn(category, label, [row for row in rows if row.project.category == category])
        for category, label in Category.choices
    ]


@dataclass(frozen=True)
class BoardRow:
    """What the board shows of one project's status: plain values, so that a city's
    4,000 rows are cheap to keep in the cache and to read back."""

    pk: int
    number: str
    name: str
    org_name: str
    has_report: bool
    progress: Decimal | None
    expected_progress: Decimal | None
    completion: Decimal | None
    time_progress: Decimal | None
    light: str | None


def board_row(status: ProjectStatus) -> BoardRow:
    project = status.project
    return BoardRow(
        project.pk,
        project.number,
        project.name,
        project.org.name,
        status.report is not None,
        status.progress,
        status.expected_progress,
        status.completion,
        status.time_progress,
        status.light,
    )


def board_page(org: Org, day: dt.date, *, light: str = "") -> list[BoardColumn]:
    """The board as the page shows it (rows of BoardRow), kept under the data version:
    loading a city's 4,000 projects and their reports to judge their lights took about
    150 ms (bench/pages_bench.py), a board asked again before anything changed costs a
    cache read."""

    def columns() -> list[BoardColumn]:
        return [
            BoardColumn(column.category, column.label, [board_row(row) for row in column.rows])
            for column in board(org, day, light=light)
        ]

    return cached(("economy.board", org.pk, org.path, day, light), columns)


# --- monthly reports due --------------------------------------------------------------


def expected_reports(org: Org, month: str) -> QuerySet:
    """The projects that owe a report for `month`: planned for its year, started by its
    end (or with no start date), and not reported complete before it."""
    end = month_period(int(month[:4]), int(month[5:7])).end
    finished = ProjectReport.objects.filter(progress__gte=HUNDRED, month__lt=month).values(
        "project_id"
    )
    return (
        projects_in(org)
        .filter(plan_year=int(month[:4]))
        .exclude(start_date__gt=end)
        .exclude(pk__in=finished)
    )


def missing_reports(org: Org, month: str) -> QuerySet:
    reported = ProjectReport.objects.filter(month=month).values("project_id")
    return expected_reports(org, month).exclude(pk__in=reported).order_by("number")


def received_reports(org: Org, month: str) -> list[ProjectReport]:
    """The reports of `month` from `org`'s subtree, each with the day it came in."""
    reports = (
        ProjectReport.objects.filter(month=month, project__org__path__startswith=org.path)
        .select_related("project__org")
        .order_by("project__number")
    )
    found = list(reports)
    for report in found:
        report.received_on = timezone.localtime(report.created_at).date()
    return found


def year_series(
    project: ConstructionProject, reports: list[ProjectReport], year: int
) -> list[dict]:
    """Month by month of `year`: the progress reported and the schedule's expectation at
    the month's end, the investment completed of the annual plan and 序时进度."""
    by_month = {report.month: report for report in reports}
    series = []
    for number in range(1, 13):
        month = f"{year}-{number:02d}"
        end = month_period(year, number).end
        report = by_month.get(month)
        expected = None
        if project.start_date and project.planned_end and project.planned_end >= project.start_date:
            expected = lights.expected_progress(project.start_date, project.planned_end, end)
        completion = None
        if report is not None and project.annual_plan and project.plan_year == year:
            completion = percent_of(report.cumulative, project.annual_plan)
        series.append(
            {
                "month": month,
                "progress": report.progress if report else None,
                "expected": expected,
                "completion": completion,
                "time_progress": investment_time_progress(project, year, number),
            }
        )
    return series
