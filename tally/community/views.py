"""The community pages of the staff: the module's index (its ledgers and figures) and the
micro-wish workflow — the board of a community's wishes (publish, see claims, confirm and
close), the zone-wide list of waiting wishes a unit may claim for its members, and the
fulfilment form and photo shared with the members."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tally.accounts.models import Role
from tally.accounts.scoping import (
    home_org,
    readable_orgs,
    require_roles,
    scope_prefix,
    scope_queryset,
    writable_orgs,
)
from tally.ledgers.registry import get_ledger
from tally.lib.queries import in_subtree
from tally.metrics.engine import compute_many
from tally.site_settings.store import reporting_period

from . import services
from .forms import CloseForm, FulfilForm, WishPublishForm
from .models import COMMUNITY_KINDS, Wish, WishStatus

STAFF = (Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT)
# Units claim wishes for their members; the office is a unit of the zone too.
CLAIMING_ROLES = (Role.UNIT, Role.OFFICE)
LEDGER_KEYS = (
    "registrations",
    "commitments",
    "participations",
    "wishes",
    "volunteer_teams",
    "volunteer_activities",
)
METRIC_KEYS = (
    "community.registered",
    "community.commitments",
    "community.participations",
    "wishes.claimed",
    "wishes.members",
    "wishes.units",
    "volunteer.teams",
    "volunteer.activities",
)
PAGE_SIZE = 30

# The board's tabs: name → (label, filter).
BOARD_TABS = {
    "waiting": (_("Waiting to be claimed"), Q(status=WishStatus.WAITING)),
    "claimed": (
        _("Claimed, not yet fulfilled"),
        Q(status=WishStatus.CLAIMED, fulfilled_at__isnull=True),
    ),
    "to_close": (
        _("Fulfilled, to confirm and close"),
        Q(status=WishStatus.CLAIMED, fulfilled_at__isnull=False),
    ),
    "done": (_("Completed"), Q(status=WishStatus.DONE)),
}


def wish_rows():
    return Wish.objects.select_related("community", "claimer", "claiming_unit")


def readable_wishes(user):
    """Wishes of the communities the user reads, and those the user's unit claimed."""
    scoped = scope_queryset(wish_rows(), user, org_field="community")
    prefix = scope_prefix(user, write=True)
    if prefix is None or prefix == "":
        return scoped
    claimed_by_unit = in_subtree(wish_rows(), prefix, "claiming_unit")
    return (scoped | claimed_by_unit).distinct()


# --- the module's index -------------------------------------------------------------


@require_roles(*STAFF)
def index(request):
    org, period = home_org(request.user), reporting_period()
    ledgers = [get_ledger(key) for key in LEDGER_KEYS]
    context = {
        "org": org,
        "period": period,
        "ledgers": [(ledger, ledger.scoped(request.user).count()) for ledger in ledgers],
        "figures": list(compute_many(METRIC_KEYS, org, period).values()) if org else [],
        "counts": board_counts(request.user),
        "may_publish": may_publish(request.user),
        "may_claim": request.user.role in CLAIMING_ROLES,
    }
    return render(request, "community/index.html", context)


def board_counts(user) -> dict:
    rows = readable_wishes(user)
    return rows.aggregate(**{name: Count("pk", filter=q) for name, (_l, q) in BOARD_TABS.items()})


def may_publish(user) -> bool:
    return (
        user.role in (Role.ADMIN, Role.OFFICE, Role.UNIT)
        and writable_orgs(user).filter(kind__in=COMMUNITY_KINDS).exists()
    )


# --- the wish board --------------------------------------------------------------------


@require_roles(*STAFF)
def wish_board(request):
    tab = request.GET.get("tab", "waiting")
    if tab not in BOARD_TABS:
        tab = "waiting"
    rows = readable_wishes(request.user).filter(BOARD_TABS[tab][1])
    community = readable_orgs(request.user).filter(code=request.GET.get("community", "")).first()
    if community is not None:
        rows = in_subtree(rows, community, "community")
    page = Paginator(rows.order_by("-published_on", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = board_counts(request.user)
    query = {"tab": tab} | ({"community": community.code} if community else {})
    context = {
        "tabs": [(name, label, counts[name]) for name, (label, _q) in BOARD_TABS.items()],
        "tab": tab,
        "page_obj": page,
        "query_without_page": urlencode(query) + "&",
        "community": community,
        "may_publish": may_publish(request.user),
        "may_claim": request.user.role in CLAIMING_ROLES,
    }
    return render(request, "community/wish_board.html", context)


@require_roles(Role.ADMIN, Role.OFFICE, Role.UNIT)
def wish_publish(request):
    if not may_publish(request.user):
        raise PermissionDenied
    form = WishPublishForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            wish = services.publish_wish(
                data["community"],
                data["content"],
                by=request.user,
                published_on=data["published_on"],
            )
        except services.WishError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Wish %(number)s was published.") % {"number": wish.number})
            return redirect("community:wish_detail", pk=wish.pk)
    return render(request, "community/wish_publish.html", {"form": form})


@require_roles(*STAFF)
def wish_detail(request, pk):
    wish = get_object_or_404(readable_wishes(request.user), pk=pk)
    may_close = (
        wish.status == WishStatus.CLAIMED
        and writable_orgs(request.user).filter(pk=wish.community_id).exists()
    )
    context = {
        "wish": wish,
        "may_close": may_close,
        "may_fulfil": wish.status == WishStatus.CLAIMED and services.may_fulfil(wish, request.user),
        "close_form": CloseForm() if may_close else None,
        "may_claim": wish.is_waiting
        and request.user.role in CLAIMING_ROLES
        and request.user.org_id is not None,
    }
    return render(request, "community/wish_detail.html", context)


@require_POST
@require_roles(*STAFF)
def wish_close(request, pk):
    wish = get_object_or_404(
        scope_queryset(wish_rows(), request.user, org_field="community", write=True), pk=pk
    )
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("community:wish_detail", pk=wish.pk)
    try:
        services.close_wish(wish, by=request.user, completed_on=form.cleaned_data["completed_on"])
    except services.WishError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The wish is completed and closed."))
    return redirect("community:wish_detail", pk=wish.pk)


# --- units claiming for their members -----------------------------------------------------


@require_roles(*CLAIMING_ROLES)
def open_wishes(request):
    """The waiting wishes the user's unit may claim: a department has no community of its
    own, yet claims wishes anywhere in the zone for its members (机关单位进社区); a street
    or community claims within its own subtree. A waiting wish shows no personal data;
    claimed ones stay within their community's scope."""
    unit = request.user.org
    waiting = wish_rows().filter(status=WishStatus.WAITING).order_by("-published_on", "-pk")
    waiting = waiting.filter(services.claimable_by(unit)) if unit else waiting.none()
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    mine = (
        wish_rows().filter(claiming_unit=unit).exclude(status=WishStatus.DONE).order_by("-pk")[:50]
        if unit
        else Wish.objects.none()
    )
    return render(
        request, "community/open_wishes.html", {"page_obj": page, "unit": unit, "mine": mine}
    )


@require_POST
@require_roles(*CLAIMING_ROLES)
def wish_claim_for_unit(request, pk):
    wish = get_object_or_404(Wish.objects.select_related("community"), pk=pk)
    if not wish.is_waiting and not readable_wishes(request.user).filter(pk=pk).exists():
        raise Http404
    if request.user.org is None:
        raise PermissionDenied
    if not services.may_claim_for(request.user.org, wish):
        raise Http404  # another street's wish: as if it did not exist
    wish.version = posted_version(request, wish)
    try:
        services.claim_wish_for_unit(wish, request.user.org, by=request.user)
    except services.WishError as error:
        messages.warning(request, str(error))
        return redirect("community:open_wishes")
    messages.success(
        request,
        _("%(unit)s claimed wish %(number)s.") % {"unit": request.user.org, "number": wish.number},
    )
    return redirect("community:wish_detail", pk=wish.pk)


def posted_version(request, wish) -> int:
    """The version the user saw: a claim is for the wish as it was shown."""
    try:
        return int(request.POST.get("version", wish.version))
    except ValueError:
        return wish.version


# --- fulfilment and photo (claimers: members and units) -------------------------------------


def fulfillable_wish(request, pk) -> Wish:
    wish = get_object_or_404(wish_rows(), pk=pk)
    if not services.may_fulfil(wish, request.user):
        raise Http404
    return wish


def wish_fulfil(request, pk):
    wish = fulfillable_wish(request, pk)
    if wish.status != WishStatus.CLAIMED:
        messages.info(request, _("This wish is already completed."))
        return redirect(after_fulfil(request, wish))
    form = FulfilForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        wish.version = posted_version(request, wish)
        try:
            services.fulfil_wish(
                wish,
                by=request.user,
                note=form.cleaned_data["note"],
                photo=form.cleaned_data["photo"],
            )
        except services.WishError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Thank you! The community will confirm and close the wish.")
            )
            return redirect(after_fulfil(request, wish))
    return render(request, "community/wish_fulfil.html", {"wish": wish, "form": form})


def after_fulfil(request, wish) -> str:
    if request.user.role == Role.MEMBER:
        return reverse("community:my_claims")
    return reverse("community:wish_detail", args=[wish.pk])


def wish_photo(request, pk):
    """The fulfilment photo, only through this scoped view: media files are never served
    directly."""
    wish = get_object_or_404(wish_rows(), pk=pk)
    allowed = services.may_fulfil(wish, request.user) or (
        request.user.role in STAFF and readable_wishes(request.user).filter(pk=pk).exists()
    )
    if not allowed or not wish.photo:
        raise Http404
    response = FileResponse(wish.photo.open("rb"), content_type=wish.photo_type)
    response["Content-Disposition"] = f'inline; filename="wish-{wish.pk}"'
    response["Cache-Control"] = "private, no-store"
    return response
