"""Reporting obligations (who owes which ledger by when, and who reported on time, late
or not at all, with one-click 催报) and the weekly "我的这7天" filings of the units."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tally.accounts.models import Role
from tally.accounts.scoping import require_roles, scope_queryset
from tally.lib.periods import PeriodError, parse_period

from . import services
from .forms import FilingForm, ObligationForm
from .ledgers import iso_week_label
from .models import Frequency, Obligation, ReportingRecord, ReportState, WeeklyFiling
from .obligations import period_containing, periods_between, refresh_obligation
from .views import OFFICE, PAGE_SIZE, STAFF

HISTORY_PERIODS = 8
STATE_COUNTS = {state: Count("pk", filter=Q(state=state)) for state in ReportState.values}


@require_roles(*STAFF)
def obligation_list(request):
    obligations = Obligation.objects.order_by("-active", "name")
    if request.user.role == Role.UNIT:
        mine = scope_queryset(ReportingRecord.objects.all(), request.user, org_field="unit")
        obligations = obligations.filter(pk__in=mine.values("obligation_id"))
    rows = []
    today = timezone.localdate()
    for obligation in obligations:
        period = period_containing(obligation, today)
        counts = scoped_records(request.user, obligation, period.label).aggregate(**STATE_COUNTS)
        rows.append((obligation, period, counts))
    context = {"rows": rows, "is_office": services.is_office(request.user)}
    return render(request, "supervision/obligation_list.html", context)


def scoped_records(user, obligation, period_label):
    records = ReportingRecord.objects.filter(obligation=obligation, period=period_label)
    return scope_queryset(records, user, org_field="unit")


@require_roles(*OFFICE)
def obligation_form(request, pk=None):
    obligation = get_object_or_404(Obligation, pk=pk) if pk else None
    initial = {}
    if obligation is not None:
        initial = {name: getattr(obligation, name) for name in ObligationForm.FIELDS}
        initial["units"] = list(obligation.units.all())
    form = ObligationForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            obligation = services.declare_obligation(
                form.obligation_fields(),
                by=request.user,
                units=form.cleaned_data["units"],
                obligation=obligation,
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The reporting obligation was saved."))
            return redirect("supervision:obligation_detail", pk=obligation.pk)
    return render(
        request, "supervision/obligation_form.html", {"form": form, "obligation": obligation}
    )


@require_roles(*STAFF)
def obligation_detail(request, pk):
    """One period's units with their state (?period=), and the last periods side by side."""
    obligation = get_object_or_404(Obligation, pk=pk)
    today = timezone.localdate()
    try:
        period = period_containing(obligation, parse_period(request.GET["period"]).start)
    except (KeyError, PeriodError):
        period = period_containing(obligation, today)
    recent = recent_periods(obligation, period)
    # Only the periods shown: every period since the start was a query per period (183
    # for a weekly obligation three years old); the daily job refreshes the others.
    since = recent[0].start if recent else period.start
    refresh_obligation(obligation, today=today, since=since, until=period.end)
    records = scoped_records(request.user, obligation, period.label)
    records = records.select_related("unit").order_by("unit__path")
    if request.user.role == Role.UNIT and not records.exists():
        raise Http404
    context = {
        "obligation": obligation,
        "period": period,
        "records": records,
        "counts": records.aggregate(**STATE_COUNTS),
        "grid": history_grid(request.user, obligation, recent),
        "recent": recent,
        "is_office": services.is_office(request.user),
    }
    return render(request, "supervision/obligation_detail.html", context)


def recent_periods(obligation, period, count=HISTORY_PERIODS):
    """The `count` periods up to `period` (fewer when the obligation starts later)."""
    days_back = (7 if obligation.frequency == Frequency.WEEKLY else 31) * count
    return periods_between(obligation, period.start - dt.timedelta(days=days_back), period.end)[
        -count:
    ]


def history_grid(user, obligation, periods) -> list[tuple]:
    """[(unit, [record or None per period])] for the recent periods."""
    labels = [p.label for p in periods]
    records = ReportingRecord.objects.filter(obligation=obligation, period__in=labels)
    records = scope_queryset(records, user, org_field="unit")
    records = records.select_related("unit").order_by("unit__path")
    by_unit: dict = {}
    for record in records:
        units_row = by_unit.setdefault(record.unit_id, (record.unit, {}))
        units_row[1][record.period] = record
    return [(unit, [cells.get(label) for label in labels]) for unit, cells in by_unit.values()]


@require_POST
def obligation_chase(request, pk):
    if not services.is_office(request.user):
        raise PermissionDenied
    obligation = get_object_or_404(Obligation, pk=pk)
    period = request.POST.get("period", "")
    chased = services.chase_missing(obligation, period, by=request.user)
    messages.success(request, _("%(n)d units were chased (催报).") % {"n": chased})
    return redirect(f"{obligation_url(obligation)}?period={period}")


def obligation_url(obligation) -> str:
    from django.urls import reverse

    return reverse("supervision:obligation_detail", args=[obligation.pk])


# --- weekly filings -------------------------------------------------------------------------------


@require_roles(Role.ADMIN, Role.OFFICE, Role.UNIT)
def filing_form(request):
    """我的这7天: a unit files (or corrects) its week; the list below shows its filings."""
    week = request.GET.get("week") or iso_week_label(timezone.localdate())
    initial_unit = request.user.org if request.user.org_id else None
    existing = WeeklyFiling.objects.filter(unit=initial_unit, week=week).first()
    initial = {"week": week, "unit": initial_unit}
    if existing is not None:
        initial |= {"done": existing.done, "planned": existing.planned}
    form = FilingForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.file_week(
                data["unit"],
                data["week"],
                by=request.user,
                done=data["done"],
                planned=data["planned"],
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The week %(week)s was filed.") % {"week": data["week"]})
            return redirect("supervision:filing_form")
    filings = scope_queryset(
        WeeklyFiling.objects.select_related("unit"), request.user, org_field="unit", write=True
    ).order_by("-week", "unit__path")[:PAGE_SIZE]
    return render(request, "supervision/filing_form.html", {"form": form, "filings": filings})
