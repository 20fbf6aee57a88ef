"""Metric pages: every figure for an organisation and a period; one metric with its
definition, the organisation's children side by side and the rows behind it (exported as
the ledger's own workbook); and the administrator's metric definitions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tally.accounts.models import Role
from tally.accounts.scoping import home_org, require_roles, scope_queryset
from tally.ledgers.downloads import export_response
from tally.ledgers.models import LedgerType
from tally.ledgers.registry import all_ledgers, get_ledger
from tally.site_settings.store import reporting_period

from . import registry
from .charts import ranking_chart
from .descriptions import describe
from .engine import Computation, children_figures, org_field_of
from .forms import FILTER_PAIRS, MetricDefinitionForm, SelectionForm
from .links import metric_url, rows_export_url
from .models import MetricDefinition

FIGURE_ROLES = (Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT)
PAGE_SIZE = 50


def selection(request) -> SelectionForm:
    """The organisation and period asked for (?org=CODE&period=2023H1), defaulting to the
    user's home organisation and the reporting period."""
    return SelectionForm(
        request.user,
        {"org": request.GET.get("org", ""), "period": request.GET.get("period", "")},
        default_org=home_org(request.user),
        default_period=reporting_period(),
    )


def metric_or_404(key: str):
    try:
        return registry.get(key)
    except registry.UnknownMetric:
        raise Http404(key) from None


def group_name(metric, ledger_names: dict, period) -> str:
    """Metrics are grouped by the ledger they count (a derived metric by its first
    input's ledger)."""
    seen = set()
    while metric.is_derived and metric.key not in seen:
        seen.add(metric.key)
        inputs = metric.inputs(period)
        if not inputs:
            break
        try:
            metric = registry.get(inputs[0].key)
        except registry.UnknownMetric:
            break
    ledger_key = getattr(metric, "ledger", "")
    return ledger_names.get(ledger_key) or ledger_key or _("Other figures")


@require_roles(*FIGURE_ROLES)
def index(request):
    form = selection(request)
    groups = {}
    if form.is_valid():
        org, period = form.cleaned_data["org"], form.cleaned_data["period"]
        computation = Computation(org, period)
        metrics = sorted(registry.all_metrics(), key=lambda m: m.key)
        computation.prefetch(metric.key for metric in metrics)
        ledger_names = {ledger.key: str(ledger.name) for ledger in all_ledgers()}
        for metric in metrics:
            name = group_name(metric, ledger_names, period)
            groups.setdefault(name, []).append(computation.result(metric))
    context = {
        "form": form,
        "groups": sorted(groups.items()),
        "may_define": request.user.role == Role.ADMIN,
    }
    return render(request, "metrics/index.html", context, status=selection_status(form))


def selection_status(form) -> int:
    """An organisation the user may not choose: the page says why, with a 404 (what was
    asked for is not there for this user; whether it exists elsewhere is not told)."""
    return 404 if form.data.get("org") and "org" in form.errors else 200


def ranked(figures) -> list[dict]:
    """Children by value, largest first; those without a figure last."""

    def order(figure):
        value = figure.value
        return (value is None, -(value if value is not None else 0))

    return [
        {"rank": number, "figure": figure}
        for number, figure in enumerate(sorted(figures, key=order), start=1)
    ]


@require_roles(*FIGURE_ROLES)
def detail(request, key):
    metric = metric_or_404(key)
    form = selection(request)
    context = {
        "metric": metric,
        "form": form,
        "description": describe(metric),
        # The key is for those who write report templates and metrics: the administrator.
        "show_keys": request.user.role == Role.ADMIN,
    }
    if form.is_valid():
        org, period = form.cleaned_data["org"], form.cleaned_data["period"]
        context.update(figure_context(request, metric, org, period))
    return render(request, "metrics/detail.html", context, status=selection_status(form))


def figure_context(request, metric, org, period) -> dict:
    computation = Computation(org, period)
    computation.prefetch([metric.key])
    result = computation.result(metric)
    ranking = ranked(children_figures(metric.key, org, period))
    for row in ranking:
        row["url"] = metric_url(metric.key, row["figure"].org, period)
    context = {
        "result": result,
        "org": org,
        "period": period,
        "ranking": ranking,
        "chart": ranking_chart(metric, ranking) if ranking else None,
    }
    if result.rows is not None:
        context.update(rows_context(request, result))
    else:
        context["inputs"] = [
            {
                "result": computation.result(registry.get(item.key), item.period),
                "url": metric_url(item.key, org, item.period),
                "period": item.period,
            }
            for item in result.inputs
        ]
    return context


def scoped_rows(request, result):
    """The rows behind the figure that this user may read, and their ledger."""
    try:
        ledger = get_ledger(result.metric.ledger)
    except LookupError:
        raise Http404 from None
    if not ledger.may_read(request.user):
        return ledger, result.rows.none()
    rows = scope_queryset(result.rows, request.user, org_field=org_field_of(result.metric))
    if not rows.ordered:
        # A custom rows function may leave them unordered; pages need a stable order.
        rows = rows.order_by(*ledger.ordering)
    return ledger, rows


def rows_context(request, result) -> dict:
    ledger, rows = scoped_rows(request, result)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "ledger": ledger,
        "page_obj": page,
        "rows": [(obj, ledger.display_cells(obj)) for obj in page.object_list],
        "query_without_page": f"org={result.org.code}&period={result.period.label}&",
        "export_url": rows_export_url(result.key, result.org, result.period),
    }


@require_roles(*FIGURE_ROLES)
def rows_export(request, key):
    metric = metric_or_404(key)
    if metric.is_derived:
        raise Http404
    form = selection(request)
    if not form.is_valid():
        raise Http404
    org, period = form.cleaned_data["org"], form.cleaned_data["period"]
    result = Computation(org, period).result(metric)
    ledger, rows = scoped_rows(request, result)
    return export_response(request, ledger, rows, label=f"{key}@{org.code}/{period.label}")


# --- metrics defined by the administrator ------------------------------------------------


@require_roles(Role.ADMIN)
def definition_list(request):
    definitions = MetricDefinition.objects.select_related("ledger_type")
    ledger_types = LedgerType.objects.filter(active=True)
    return render(
        request,
        "metrics/definitions.html",
        {"definitions": definitions, "ledger_types": ledger_types},
    )


@require_roles(Role.ADMIN)
def definition_new(request):
    ledger_key = request.GET.get("ledger", "")
    ledger_type = LedgerType.objects.filter(key=ledger_key, active=True).first()
    if ledger_type is None:
        return redirect("metrics:definitions")
    return definition_form(request, ledger_type, MetricDefinition(ledger_type=ledger_type))


@require_roles(Role.ADMIN)
def definition_edit(request, pk):
    definition = get_object_or_404(MetricDefinition.objects.select_related("ledger_type"), pk=pk)
    return definition_form(request, definition.ledger_type, definition)


def definition_form(request, ledger_type, definition):
    form = MetricDefinitionForm(ledger_type, request.POST or None, instance=definition)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if saved.created_by_id is None:
            saved.created_by = request.user
        saved.save()
        messages.success(request, _("The metric “%(label)s” was saved.") % {"label": saved.label})
        return redirect("metrics:definitions")
    pairs = [
        (form[f"filter_column_{n}"], form[f"filter_value_{n}"]) for n in range(1, FILTER_PAIRS + 1)
    ]
    context = {"form": form, "ledger_type": ledger_type, "definition": definition, "pairs": pairs}
    return render(request, "metrics/definition_form.html", context)
