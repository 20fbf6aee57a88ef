"""Economy pages a ledger list cannot give: the module's figures, the investment pipeline
as a funnel for any organisation and day (each stage a link to its projects), a project's
stage timeline, the construction project board with its lights, a project's monthly
reports, the reports still due, an enterprise with its applications and 包联 cadres, the
support programmes, and the indicators against target and 序时进度.

The ledgers' own lists, imports and forms are the framework's /ledgers/<key>/ pages.
Every page is scoped: an organisation or record outside the user's subtree is a 404.
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tally.accounts.models import Role
from tally.accounts.scoping import (
    can_write_org,
    get_scoped_or_404,
    home_org,
    readable_orgs,
    require_roles,
)
from tally.ledgers.registry import get_ledger
from tally.lib.cells import CellError, parse_date, parse_month
from tally.lib.lights import GREEN, LIGHTS, RED, YELLOW
from tally.lib.periods import Period, PeriodError, parse_period
from tally.metrics.engine import compute_many
from tally.orgs.models import Org
from tally.site_settings.store import reporting_period
from tally.supervision.selectors import ObjectKind, assignments_of

from . import charts, indicators, pipeline, projects
from .forms import StageChangeForm
from .models import (
    STAGE_ORDER,
    Category,
    ConstructionProject,
    Enterprise,
    Indicator,
    InvestmentProject,
    Programme,
    Stage,
    SupportApplication,
)
from .services import StageChangeRefused, record_stage_change

STAFF = (Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT)
WRITERS = (Role.ADMIN, Role.OFFICE, Role.UNIT)
PAGE_SIZE = 50
BOARD_ROWS = 30
LISTED = 100  # lines of a list of projects due, before "the first 100 of …"
LEDGER_KEYS = (
    "investment_projects",
    "construction_projects",
    "project_reports",
    "enterprises",
    "support_applications",
    "indicators",
    "indicator_targets",
    "indicator_actuals",
)
FIGURE_GROUPS = (
    (
        "investment",
        (
            "investment.library.count",
            "investment.library.amount",
            "investment.signed.count",
            "investment.signed.amount",
            "investment.key_negotiation.count",
            "investment.key_negotiation.amount",
            "investment.negotiating.count",
            "investment.negotiating.amount",
            "investment.tracking.count",
            "investment.tracking.amount",
        ),
    ),
    (
        "projects",
        (
            "projects.industrial.count",
            "projects.industrial.investment",
            "livelihood.projects.count",
            "livelihood.projects.investment",
            "livelihood.projects.categories",
        ),
    ),
    (
        "enterprises",
        (
            "enterprises.tech_upgrade",
            "enterprises.upgraded",
            "enterprises.hightech_reserve",
            "enterprises.tech_sme.new",
        ),
    ),
    (
        "fiscal",
        (
            "fiscal.revenue.yoy",
            "fiscal.tax.yoy",
            "fiscal.tax.share",
            "fiscal.revenue.completion",
            "fiscal.revenue.ahead",
            "fiscal.revenue.double_half",
        ),
    ),
)


# --- what every page is about: an organisation, a period and a day -----------------------


@dataclass
class Scope:
    org: Org
    period: Period
    day: dt.date  # the day stocks and lights are taken on

    def query(self, **extra) -> str:
        params = {"org": self.org.code, "period": self.period.label, "date": self.day.isoformat()}
        params.update(extra)
        return urlencode({k: v for k, v in params.items() if v})


def page_scope(request) -> Scope:
    """?org=CODE (within the user's scope, else 404; default the user's own), ?period=
    (default the reporting period) and ?date= (default the period's end, or today if
    sooner)."""
    code = request.GET.get("org", "").strip()
    if code:
        org = get_scoped_or_404(Org, request.user, org_field="", code=code)
    else:
        org = home_org(request.user)
        if org is None:
            raise Http404
    try:
        period = parse_period(request.GET.get("period", "").strip())
    except PeriodError:
        period = reporting_period()
    day = read_date(request.GET.get("date", "")) or min(period.end, timezone.localdate())
    return Scope(org, period, day)


def read_date(text: str) -> dt.date | None:
    try:
        return parse_date(text.strip() or None)
    except CellError:
        return None


def ancestors_of(request, org: Org) -> list[Org]:
    """The organisation's ancestors within the user's scope, for breadcrumbs."""
    readable = readable_orgs(request.user).values("pk")
    return list(Org.objects.get_ancestors(org).filter(pk__in=readable))


# --- the module's index -------------------------------------------------------------------


@require_roles(*STAFF)
def index(request):
    scope = page_scope(request)
    keys = [key for _group, group_keys in FIGURE_GROUPS for key in group_keys]
    results = compute_many(keys, scope.org, scope.period)
    groups = [(name, [results[key] for key in group_keys]) for name, group_keys in FIGURE_GROUPS]
    ledgers = [get_ledger(key) for key in LEDGER_KEYS]
    context = {
        "scope": scope,
        "groups": groups,
        "ledgers": [(ledger, ledger.scoped(request.user).count()) for ledger in ledgers],
    }
    return render(request, "economy/index.html", context)


# --- the investment pipeline ------------------------------------------------------------


def stage_url(scope: Scope, stage: str, *, flow: bool = False) -> str:
    query = scope.query(flow="1" if flow else "")
    return f"{reverse('economy:stage_projects', args=[stage])}?{query}"


@require_roles(*STAFF)
def pipeline_view(request):
    scope = page_scope(request)
    stocks = pipeline.stocks(scope.org, scope.day)
    flows = pipeline.flows(scope.org, scope.period.start, scope.period.end)
    context = {
        "scope": scope,
        "ancestors": ancestors_of(request, scope.org),
        "rows": list(zip(stocks, flows, strict=True)),
        "stock_total": sum(f.count for f in stocks),
        "funnel": charts.funnel_chart(stocks, lambda stage: stage_url(scope, stage)),
        "flows_chart": charts.flows_chart(flows, lambda stage: stage_url(scope, stage, flow=True)),
        "children": [
            (child, [counts.get(stage, 0) for stage in STAGE_ORDER])
            for child, counts in pipeline.stocks_by_child(scope.org, scope.day)
        ],
        "stages": STAGE_ORDER,
    }
    return render(request, "economy/pipeline.html", context)


@require_roles(*STAFF)
def stage_projects(request, stage):
    """The projects behind one band of the funnel: at `stage` on the day (a stock), or
    reaching it within the period (?flow=1)."""
    if stage not in Stage.values:
        raise Http404
    scope = page_scope(request)
    flow = request.GET.get("flow") == "1"
    if flow:
        rows = pipeline.projects_reaching(stage, scope.org, scope.period.start, scope.period.end)
    else:
        rows = pipeline.projects_at(stage, scope.org, scope.day)
    totals = rows.aggregate(count=Count("pk"), amount=Sum("amount"))
    page = Paginator(rows.select_related("org").order_by("number"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "scope": scope,
        "stage": stage,
        "flow": flow,
        "totals": totals,
        "page_obj": page,
        "query_without_page": scope.query(flow="1" if flow else "") + "&",
    }
    return render(request, "economy/stage_projects.html", context)


@require_roles(*STAFF)
def investment_detail(request, pk, form=None):
    project = get_scoped_or_404(
        InvestmentProject.objects.select_related("org"), request.user, pk=pk
    )
    may_write = request.user.role in WRITERS and can_write_org(request.user, project.org)
    context = {
        "project": project,
        "timeline": pipeline.timeline(project),
        "form": (form or StageChangeForm()) if may_write else None,
        "ledger": get_ledger("investment_projects"),
    }
    return render(request, "economy/investment_detail.html", context)


@require_POST
@require_roles(*WRITERS)
def investment_stage(request, pk):
    project = get_scoped_or_404(InvestmentProject, request.user, write=True, pk=pk)
    form = StageChangeForm(request.POST)
    if form.is_valid():
        try:
            record_stage_change(
                project, form.cleaned_data["stage"], form.cleaned_data["day"], by=request.user
            )
        except StageChangeRefused as refusal:
            form.add_error("day", str(refusal))
        else:
            messages.success(request, _("The stage change was recorded."))
            return redirect("economy:investment_detail", pk=project.pk)
    response = investment_detail.__wrapped__(request, pk, form=form)
    response.status_code = 400
    return response


# --- construction projects ---------------------------------------------------------------


@require_roles(*STAFF)
def board(request):
    scope = page_scope(request)
    light = request.GET.get("light", "")
    light = light if light in LIGHTS else ""
    category = request.GET.get("category", "")
    columns = projects.board_page(scope.org, scope.day, light=light)
    if category in Category.values:
        columns = [column for column in columns if column.category == category]
    limit = None if category else BOARD_ROWS
    for column in columns:
        # The rows shown, cut here: the template looping over a city's 4,000 projects to
        # show 10 of each category took a third of the page's time.
        column.shown = column.rows[:limit] if limit else column.rows
    context = {
        "scope": scope,
        "ancestors": ancestors_of(request, scope.org),
        "columns": columns,
        "light": light,
        "category": category if category in Category.values else "",
        "limit": limit,
        "lights": (RED, YELLOW, GREEN),
    }
    return render(request, "economy/board.html", context)


@require_roles(*STAFF)
def project_detail(request, pk):
    project = get_scoped_or_404(
        ConstructionProject.objects.select_related("org"), request.user, pk=pk
    )
    scope = page_scope(request)
    status = projects.status_for(project, scope.day)
    reports = list(project.reports.order_by("month"))
    context = {
        "project": project,
        "scope": scope,
        "status": status,
        "reports": reports,
        "chart": charts.project_chart(projects.year_series(project, reports, scope.day.year)),
        "cadres": project_cadres(project),
        "ledger": get_ledger("project_reports"),
    }
    return render(request, "economy/project_detail.html", context)


def project_cadres(project: ConstructionProject) -> list:
    """The 包联 cadres of a project, named by its number under either project kind."""
    kinds = (ObjectKind.INDUSTRIAL_PROJECT, ObjectKind.CITY_PROJECT)
    return [a for kind in kinds for a in assignments_of(kind, project.number)]


@require_roles(*STAFF)
def reports_due(request):
    scope = page_scope(request)
    month = read_month(request.GET.get("month", "")) or projects.month_of(scope.day)
    expected = projects.expected_reports(scope.org, month)
    missing = projects.missing_reports(scope.org, month)
    received = projects.received_reports(scope.org, month)
    late = [r for r in received if r.received_on > projects.due_date(month)]
    context = {
        "scope": scope,
        "month": month,
        "due": projects.due_date(month),
        "expected": expected.count(),
        # The first LISTED of each list: a city's missing reports are thousands of
        # lines, which nobody reads on one page (the counts say how many).
        "missing_count": missing.count(),
        "missing": list(missing.select_related("org")[:LISTED]),
        "received": received,
        "late_count": len(late),
        "late": late[:LISTED],
        "listed": LISTED,
        "may_import": request.user.role in WRITERS,
    }
    return render(request, "economy/reports_due.html", context)


def read_month(text: str) -> str | None:
    try:
        return parse_month(text.strip() or None)
    except CellError:
        return None


# --- enterprises and support -------------------------------------------------------------


@require_roles(*STAFF)
def enterprise_detail(request, pk):
    enterprise = get_scoped_or_404(Enterprise.objects.select_related("org"), request.user, pk=pk)
    applications = enterprise.applications.order_by("-applied_on", "id")
    context = {
        "enterprise": enterprise,
        "applications": applications,
        "totals": applications.aggregate(applied=Sum("applied"), granted=Sum("granted")),
        "cadres": assignments_of(ObjectKind.ENTERPRISE, enterprise.credit_code),
        "ledger": get_ledger("enterprises"),
    }
    return render(request, "economy/enterprise_detail.html", context)


@require_roles(*STAFF)
def support(request):
    """Each programme's applications in the period: rows, enterprises, amounts."""
    scope = page_scope(request)
    rows = SupportApplication.objects.filter(
        enterprise__org__path__startswith=scope.org.path,
        applied_on__gte=scope.period.start,
        applied_on__lte=scope.period.end,
    )
    grouped = {
        row["programme"]: row
        for row in rows.order_by()
        .values("programme")
        .annotate(
            applications=Count("pk"),
            enterprises=Count("enterprise", distinct=True),
            rounds=Count("round", distinct=True, filter=~Q(round="")),
            applied=Sum("applied"),
            granted=Sum("granted"),
        )
    }
    list_url = reverse("ledgers:list", args=["support_applications"])
    programmes = [
        {
            "programme": value,
            "label": label,
            "figures": grouped.get(value),
            "url": f"{list_url}?"
            + urlencode(
                {
                    "programme": value,
                    "org": scope.org.code,
                    "start": scope.period.start.isoformat(),
                    "end": scope.period.end.isoformat(),
                }
            ),
        }
        for value, label in Programme.choices
    ]
    return render(request, "economy/support.html", {"scope": scope, "programmes": programmes})


# --- indicators -------------------------------------------------------------------------


@require_roles(*STAFF)
def indicator_list(request):
    scope = page_scope(request)
    rows = [indicators.figures(i, scope.org, scope.period) for i in Indicator.objects.all()]
    return render(request, "economy/indicators.html", {"scope": scope, "rows": rows})


@require_roles(*STAFF)
def indicator_detail(request, code):
    indicator = get_object_or_404(Indicator, code=code)
    scope = page_scope(request)
    series = indicators.monthly_series(indicator.code, scope.org, scope.period.year)
    context = {
        "scope": scope,
        "ancestors": ancestors_of(request, scope.org),
        "figures": indicators.figures(indicator, scope.org, scope.period),
        "series": series,
        "chart": charts.indicator_chart(series, indicator.unit),
        "parts": Indicator.objects.filter(parent_code=indicator.code),
    }
    return render(request, "economy/indicator_detail.html", context)
