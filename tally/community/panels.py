"""Home-page panels: what is waiting in the community module for this user."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from tally.accounts.models import Role
from tally.accounts.scoping import scope_queryset, writable_orgs
from tally.shell.home import Panel

from .models import COMMUNITY_KINDS, CommitmentStatus, Wish, WishStatus


def member_wishes_panel(request) -> Panel | None:
    """For a member: the wishes waiting in their community."""
    from .member_views import member_of
    from .services import home_community

    user = request.user
    if user.role != Role.MEMBER:
        return None
    member = member_of(user)
    community = home_community(member) if member is not None else None
    if community is None:
        return None
    waiting = Wish.objects.filter(community=community, status=WishStatus.WAITING).count()
    return Panel(
        title=str(_("Micro-wishes")),
        template="community/panels/member_wishes.html",
        context={"community": community, "waiting": waiting},
        order=20,
    )


def member_commitments_panel(request) -> Panel | None:
    """For a member: the commitments he took at his community and has not yet done."""
    from .member_views import member_of

    user = request.user
    if user.role != Role.MEMBER:
        return None
    member = member_of(user)
    if member is None:
        return None
    open_ones = member.commitments.filter(status=CommitmentStatus.IN_PROGRESS)
    return Panel(
        title=str(_("My commitments")),
        template="community/panels/member_commitments.html",
        context={
            "open": list(open_ones.order_by("promised_on")[:5]),
            "open_count": open_ones.count(),
            "done_count": member.commitments.filter(status=CommitmentStatus.DONE).count(),
        },
        order=25,
    )


def community_wishes_panel(request) -> Panel | None:
    """For a unit clerk whose subtree holds communities: wishes to be claimed and wishes
    fulfilled, waiting for the community to confirm and close them."""
    user = request.user
    if user.role != Role.UNIT:
        return None
    if not writable_orgs(user).filter(kind__in=COMMUNITY_KINDS).exists():
        return None
    wishes = scope_queryset(Wish.objects.all(), user, org_field="community", write=True)
    counts = wishes.aggregate(
        waiting=Count("pk", filter=Q(status=WishStatus.WAITING)),
        to_close=Count("pk", filter=Q(status=WishStatus.CLAIMED, fulfilled_at__isnull=False)),
    )
    return Panel(
        title=str(_("Micro-wishes in your communities")),
        template="community/panels/community_wishes.html",
        context=counts,
        order=40,
    )
