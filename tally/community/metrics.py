"""The figures of section D (DOMAIN.md's metric table): 双报到, commitments, participation,
micro-wishes and volunteers. Each is computed for an organisation's subtree (through the
ledger's organisation: the community, or the volunteer team's organisation)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tally.metrics.definitions import TO_DATE, count, distinct
from tally.metrics.registry import feature, register

from .models import WishStatus

CLAIMED = ~Q(status=WishStatus.WAITING)

register(
    distinct(
        "community.registered",
        _("Members registered at their residence community"),
        "人",
        ledger="registrations",
        field="member",
        mode=TO_DATE,
        description=_("Distinct members whose registration (报到日期) is on or before the end."),
    ),
    count(
        "community.commitments",
        _("Commitments taken at communities"),
        "项",
        ledger="commitments",
    ),
    count(
        "community.participations",
        _("Participations in community activities"),
        "次",
        ledger="participations",
    ),
    distinct(
        "wishes.units",
        _("Units claiming micro-wishes"),
        "个",
        ledger="wishes",
        field="claiming_unit",
        where=CLAIMED & Q(claiming_unit__isnull=False),
        date="claimed_on",
        description=_("Distinct claiming units of wishes claimed (认领日期) in the period."),
    ),
    distinct(
        "wishes.members",
        _("Members claiming micro-wishes"),
        "名",
        ledger="wishes",
        field="claimer",
        where=CLAIMED & Q(claimer__isnull=False),
        date="claimed_on",
        description=_("Distinct claiming members of wishes claimed (认领日期) in the period."),
    ),
    count(
        "wishes.claimed",
        _("Micro-wishes claimed"),
        "件",
        ledger="wishes",
        where=CLAIMED,
        date="claimed_on",
    ),
    count(
        "volunteer.teams",
        _("Volunteer teams"),
        "支",
        ledger="volunteer_teams",
        mode=TO_DATE,
    ),
    count(
        "volunteer.activities",
        _("Volunteer activities"),
        "场",
        ledger="volunteer_activities",
    ),
)
feature("community.registered", "wishes.claimed", "volunteer.activities", order=20)
