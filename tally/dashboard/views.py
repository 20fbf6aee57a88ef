"""The leaders' dashboard (/dashboard/): the state of an organisation's subtree over a
period on one screen, every chart element a link to the rows behind it; each chart as a
PNG and the ranking as a workbook."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tally.accounts.models import Role
from tally.accounts.scoping import home_org, require_roles
from tally.ledgers.downloads import xlsx_response
from tally.ledgers.excel import SheetWriter
from tally.metrics.forms import SelectionForm
from tally.site_settings.store import reporting_period

from . import board, charts

ROLES = (Role.ADMIN, Role.OFFICE, Role.LEADER)


def selection(request) -> SelectionForm:
    """?org= (a name or a code within the user's scope; default her own) and ?period=
    (default the reporting period): the metric pages' own form."""
    return SelectionForm(
        request.user,
        {"org": request.GET.get("org", ""), "period": request.GET.get("period", "")},
        default_org=home_org(request.user),
        default_period=reporting_period(),
    )


def chosen_or_404(request):
    form = selection(request)
    if not form.is_valid():
        raise Http404
    return form.cleaned_data["org"], form.cleaned_data["period"]


def ranking_key(request) -> str:
    """The metric the ranking is of (?metric=KEY among the rankable ones)."""
    key = request.GET.get("metric", "").strip() or board.DEFAULT_RANKING_KEY
    if key not in {m.key for m in board.rankable_metrics()}:
        raise Http404
    return key


@require_roles(*ROLES)
def index(request):
    form = selection(request)
    context = {"form": form, "metrics": board.rankable_metrics()}
    if not form.is_valid():
        status = 404 if form.data.get("org") and "org" in form.errors else 200
        return render(request, "dashboard/index.html", context, status=status)
    org, period = form.cleaned_data["org"], form.cleaned_data["period"]
    context.update(panels(org, period, ranking_key(request)))
    return render(request, "dashboard/index.html", context)


def panels(org, period, key: str) -> dict:
    """Every panel's figures and its chart's option dict."""
    figures = board.Figures(org, period)  # shared: a metric two panels show is computed once
    figures.prefetch(
        own=[*board.FISCAL_KEYS, *board.TASK_LIGHT_KEYS.values(), board.COVERAGE_KEY],
        children=[board.COVERAGE_KEY, *board.COMMUNITY_KEYS, key],
    )
    fiscal = board.fiscal(org, period, figures)
    funnel = board.funnel(org, period)
    lights = board.lights(org, period, figures)
    coverage = board.coverage(org, period, figures)
    community = board.community(org, period, figures)
    ranking = board.ranking(key, org, period, figures)
    return {
        "org": org,
        "period": period,
        "fiscal": fiscal,
        "funnel": funnel,
        "lights": lights,
        "coverage": coverage,
        "community": community,
        "ranking": ranking,
        "options": {
            "fiscal": charts.fiscal_option(fiscal),
            "funnel": charts.funnel_option(funnel),
            "flows": charts.flows_option(funnel),
            "lights": charts.lights_option(lights),
            "coverage": charts.coverage_option(coverage),
            "community": charts.community_option(community),
            "ranking": charts.ranking_option(ranking),
        },
        "revenue": {
            "completion": fiscal.results["fiscal.revenue.completion"],
            "time_progress": fiscal.results["fiscal.time_progress"],
            "ahead": fiscal.results["fiscal.revenue.ahead"],
            "yoy": fiscal.results["fiscal.revenue.yoy"],
        },
        "lights_rows": [(_("Tasks"), lights.tasks), (_("Construction projects"), lights.projects)],
        "community_results": [community.results[key] for key in board.COMMUNITY_KEYS],
        "query": board.query(org=org.code, period=period.label, metric=key),
    }


# The PNG of each chart: (the panel's figures, its picture).
PICTURES = {
    "fiscal": (board.fiscal, charts.fiscal_png),
    "funnel": (board.funnel, charts.funnel_png),
    "flows": (board.funnel, charts.flows_png),
    "lights": (board.lights, charts.lights_png),
    "coverage": (board.coverage, charts.coverage_png),
    "community": (board.community, charts.community_png),
}


@require_roles(*ROLES)
def chart_png(request, name):
    org, period = chosen_or_404(request)
    if name == "ranking":
        data = charts.ranking_png(board.ranking(ranking_key(request), org, period))
    elif name in PICTURES:
        figures, picture = PICTURES[name]
        data = picture(figures(org, period))
    else:
        raise Http404
    response = HttpResponse(data, content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="{name}-{org.code}-{period.label}.png"'
    return response


RANKING_HEADERS = (
    "排名",
    "组织编码",
    "组织名称",
    "数值",
    "单位",
    "上期数值",
    "上期排名",
    "排名变化",
)


@require_roles(*ROLES)
def ranking_xlsx(request):
    org, period = chosen_or_404(request)
    ranking = board.ranking(ranking_key(request), org, period)
    return xlsx_response(
        ranking_workbook(ranking), f"{ranking.metric.label}-{org.name}-{period.label}.xlsx"
    )


def ranking_workbook(ranking: board.Ranking) -> bytes:
    writer = SheetWriter()
    sheet = writer.book.add_worksheet(_("Ranking")[:31])
    before = _("previous period %(period)s") % {"period": ranking.previous_period.label}
    title = f"{ranking.org.name} {ranking.period.label} {ranking.metric.label}（{before}）"
    sheet.write_string(0, 0, title)
    for column, header in enumerate(RANKING_HEADERS):
        sheet.write_string(1, column, header, writer.header_format)
    for line, row in enumerate(ranking.rows, start=2):
        valued = row.figure.value is not None
        cells = (
            row.rank if valued else None,
            row.org.code,
            row.org.name,
            row.figure.value,
            ranking.metric.unit,
            row.previous.value if row.previous else None,
            row.previous_rank,
            row.change,
        )
        for column, value in enumerate(cells):
            writer.write(sheet, line, column, value)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 14)
    sheet.set_column(2, 2, 28)
    sheet.set_column(3, 7, 12)
    return writer.close()
