"""Party-building pages that a ledger list cannot give: member detail with transfer and
unmasked view, class pages with attendees, training coverage with the untrained list,
the theme-day compliance grid, and a member's own training record.

The lists themselves are the framework's /ledgers/<key>/ pages. Every page here is
scoped: an organisation or record outside the user's subtree is a 404.
"""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tally.accounts.events import record_event
from tally.accounts.models import Role, SecurityEvent
from tally.accounts.scoping import (
    can_read_org,
    get_scoped_or_404,
    home_org,
    readable_orgs,
    require_roles,
)
from tally.ledgers.downloads import export_response
from tally.lib.masking import mask_id_number, mask_phone
from tally.lib.periods import Period, PeriodError, parse_period
from tally.lib.pii import id_index
from tally.orgs.models import Org
from tally.site_settings.store import reporting_period

from . import selectors, services
from .forms import LookupForm, TransferForm, UnmaskForm
from .ledgers import MEMBERS, TRAINING_CLASSES
from .models import Attendance, Member

STAFF = (Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT)
WRITERS = (Role.ADMIN, Role.OFFICE, Role.UNIT)
PAGE_SIZE = 50


# --- helpers shared by the pages -----------------------------------------------------------


def page_period(request) -> Period:
    """The period asked for (?period=2023H1), else the one pages open on."""
    try:
        return parse_period(request.GET.get("period", "").strip())
    except PeriodError:
        return reporting_period()


def as_of(period: Period) -> dt.date:
    """The day a stock is taken for a page: the period's end, or today if sooner."""
    return min(period.end, timezone.localdate())


def page_org(request, code: str = "") -> Org:
    """The organisation asked for (within scope, else 404), or the user's own."""
    code = code or request.GET.get("org", "").strip()
    if code:
        return get_scoped_or_404(Org, request.user, org_field="", code=code)
    org = home_org(request.user)
    if org is None:
        raise Http404
    return org


def page_year(request, default: int) -> int:
    text = request.GET.get("year", "").strip()
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else default


# --- index and members ---------------------------------------------------------------------


@require_roles(*STAFF)
def index(request):
    org = page_org(request)
    period = page_period(request)
    day = as_of(period)
    context = {
        "org": org,
        "period": period,
        "day": day,
        "coverage": selectors.coverage_of(org, day),
        "lookup_form": LookupForm(),
    }
    return render(request, "party/index.html", context)


@require_roles(*STAFF)
def member_list(request):
    """Members by name (GET ?q=), or one member by ID-card number (POST, blind index)."""
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        index_value = id_index(form.cleaned_data["id_number"])
        member = MEMBERS.scoped(request.user).filter(id_index=index_value).first()
        if member is not None:
            return redirect("party:member_detail", pk=member.pk)
        form.add_error(
            "id_number", _("No member with this ID-card number in the organisations you see.")
        )
    query = request.GET.get("q", "").strip()
    members = MEMBERS.scoped(request.user)
    if query:
        members = members.filter(Q(name__icontains=query) | Q(employer__icontains=query))
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(m, mask_id_number(m.id_number)) for m in page.object_list]
    context = {
        "form": form,
        "query": query,
        "page_obj": page,
        "rows": rows,
        "query_without_page": f"q={query}&" if query else "",
    }
    return render(request, "party/members.html", context)


def readable_member(request, pk: int) -> Member:
    return get_object_or_404(MEMBERS.scoped(request.user), pk=pk)


def member_context(request, member: Member, *, unmasked=False, form=None) -> dict:
    year = reporting_period().year
    attendance = (
        member.attendance.filter(training_class__start_date__year=year)
        .select_related("training_class")
        .order_by("training_class__start_date")
    )
    number, phone = member.id_number, member.phone
    return {
        "member": member,
        "id_number": number if unmasked else mask_id_number(number),
        "phone": phone if unmasked else mask_phone(phone),
        "unmasked": unmasked,
        "history": member.history.select_related("org").order_by("-valid_from", "-id"),
        "attendance": attendance,
        "year": year,
        "unmask_form": form or UnmaskForm(),
        "may_unmask": request.user.can_view_pii and not unmasked,
        "may_transfer": MEMBERS.may_write(request.user)
        and MEMBERS.scoped(request.user, write=True).filter(pk=member.pk).exists(),
    }


@require_roles(*STAFF)
def member_detail(request, pk):
    member = readable_member(request, pk)
    return render(request, "party/member_detail.html", member_context(request, member))


@require_roles(*STAFF)
@require_POST
def member_unmask(request, pk):
    """Full numbers, once, for a user with the grant who states why: a security event."""
    member = readable_member(request, pk)
    if not request.user.can_view_pii:
        raise PermissionDenied
    form = UnmaskForm(request.POST)
    if not form.is_valid():
        context = member_context(request, member, form=form)
        return render(request, "party/member_detail.html", context, status=400)
    reason = form.cleaned_data["reason"]
    record_event(
        SecurityEvent.Kind.PII_VIEW,
        request=request,
        detail=f"member={member.pk} reason={reason}",
    )
    response = render(
        request, "party/member_detail.html", member_context(request, member, unmasked=True)
    )
    response["Cache-Control"] = "no-store"
    return response


@require_roles(*WRITERS)
def member_transfer(request, pk):
    """Transfer of membership (组织关系转接): the sending organisation must be within the
    user's writable subtree; the receiving one may be anywhere."""
    member = get_object_or_404(MEMBERS.scoped(request.user, write=True), pk=pk)
    form = TransferForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["org_code"]
        try:
            services.transfer_member(
                member,
                target,
                form.cleaned_data["on_date"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except services.TransferError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s was transferred to %(org)s.")
                % {"name": member.name, "org": target.name},
            )
            if can_read_org(request.user, target):
                return redirect("party:member_detail", pk=member.pk)
            return redirect("party:index")
    return render(request, "party/member_transfer.html", {"member": member, "form": form})


# --- training ---------------------------------------------------------------------------------


def with_person_times(classes) -> list:
    """The page's classes, each with `people`: its attendance rows, counted for these
    classes only. Annotating the list's queryset made the database count the
    attendance of every class of the period (1.2 million rows in a city) to show 20."""
    classes = list(classes)
    counts = (
        Attendance.objects.filter(training_class__in=[c.pk for c in classes])
        .values("training_class")
        .annotate(people=Count("*"))  # COUNT(*): PostgreSQL counts from the index alone
        .values_list("training_class", "people")
    )
    people = dict(counts.order_by())
    for training_class in classes:
        training_class.people = people.get(training_class.pk, 0)
    return classes


@require_roles(*STAFF)
def class_list(request):
    period = page_period(request)
    in_period = TRAINING_CLASSES.scoped(request.user).filter(
        start_date__gte=period.start, start_date__lte=period.end
    )
    totals = {
        "classes": in_period.count(),
        "people": Attendance.objects.filter(training_class__in=in_period).count(),
    }
    page = Paginator(in_period.order_by("start_date", "number"), PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    page.object_list = with_person_times(page.object_list)
    context = {
        "period": period,
        "page_obj": page,
        "totals": totals,
        "query_without_page": f"period={period.label}&",
    }
    return render(request, "party/classes.html", context)


@require_roles(*STAFF)
def class_detail(request, pk):
    training_class = get_object_or_404(TRAINING_CLASSES.scoped(request.user), pk=pk)
    # Each attendee with the organisation they belonged to when the class began.
    attendance = training_class.attendance.select_related("member", "attendee_org").order_by(
        "attendee_org__path", "member__name", "pk"
    )
    page = Paginator(attendance, 100).get_page(request.GET.get("page"))
    rows = [
        (a.member, mask_id_number(a.member.id_number), a.attendee_org) for a in page.object_list
    ]
    context = {
        "training_class": training_class,
        "page_obj": page,
        "rows": rows,
        "query_without_page": "",
    }
    return render(request, "party/class_detail.html", context)


@require_roles(*STAFF)
def coverage(request):
    """Training coverage of an organisation's children, each drillable."""
    org = page_org(request)
    period = page_period(request)
    day = as_of(period)
    children = Org.objects.get_children(org).filter(active=True)
    total, rows = selectors.coverage_by_child(org, day, children)
    context = {
        "org": org,
        "period": period,
        "day": day,
        "total": total,
        "rows": [row for row in rows if row["members"]],
        "empty_children": [row["org"] for row in rows if not row["members"]],
        "ancestors": [a for a in Org.objects.get_ancestors(org) if can_read_org(request.user, a)],
    }
    return render(request, "party/coverage.html", context)


def untrained_queryset(org: Org, day: dt.date):
    return (
        selectors.untrained_members(org, day)
        .select_related("org", "residence")
        .order_by("org__path", "name", "pk")
    )


@require_roles(*STAFF)
def untrained(request, code):
    org = page_org(request, code)
    period = page_period(request)
    day = as_of(period)
    page = Paginator(untrained_queryset(org, day), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(m, mask_id_number(m.id_number), mask_phone(m.phone)) for m in page.object_list]
    context = {
        "org": org,
        "period": period,
        "day": day,
        "page_obj": page,
        "rows": rows,
        "query_without_page": f"period={period.label}&",
        "export_url": reverse("party:untrained_export", args=[org.code])
        + f"?period={period.label}",
    }
    return render(request, "party/untrained.html", context)


@require_roles(*STAFF)
def untrained_export(request, code):
    """The untrained list in the members ledger's own format, masked; a security event."""
    org = page_org(request, code)
    period = page_period(request)
    records = untrained_queryset(org, as_of(period))
    return export_response(
        request, MEMBERS, records, label=f"untrained org={org.code} period={period.label}"
    )


def my_training(request):
    """A member's own training record (the logged-in user's linked Member)."""
    member = getattr(request.user, "member", None)
    year = page_year(request, reporting_period().year)
    attendance = Attendance.objects.none()
    if member is not None:
        attendance = (
            member.attendance.filter(training_class__start_date__year=year)
            .select_related("training_class")
            .order_by("training_class__start_date")
        )
    totals = attendance.aggregate(classes=Count("pk"), hours=Sum("training_class__hours"))
    context = {"member": member, "year": year, "attendance": attendance, "totals": totals}
    return render(request, "party/my_training.html", context)


# --- theme party days ---------------------------------------------------------------------------


def grid_months(year: int) -> list[str]:
    """The months of `year` to check: all twelve, or up to this month for this year."""
    today = timezone.localdate()
    if year > today.year:
        return []
    last = today.month if year == today.year else 12
    return [f"{year}-{month:02d}" for month in range(1, last + 1)]


@require_roles(*STAFF)
def theme_days(request):
    """两新 organisations × months: held (the date) or missing (red)."""
    org = page_org(request)
    year = page_year(request, reporting_period().year)
    months = grid_months(year)
    orgs = selectors.two_new_orgs(readable_orgs(request.user).filter(path__startswith=org.path))
    held = selectors.theme_days_held(orgs, months)
    grid = [(o, [(month, held.get((o.pk, month))) for month in months]) for o in orgs]
    missing = selectors.theme_days_missing_by_month(orgs, months)
    context = {
        "org": org,
        "year": year,
        "months": months,
        "grid": grid,
        "missing": missing,
        "missing_total": sum(missing.values()),
        "years": [year - 1, year, year + 1],
    }
    return render(request, "party/theme_days.html", context)
