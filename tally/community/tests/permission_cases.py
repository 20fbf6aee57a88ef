"""Role × URL → status for every page of the community module.

The member persona has no member record unless a case links one (`linked`): its pages
then answer with a friendly explanation (200). Objects are made by the path functions,
fresh for each persona's test.
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tally.community.models import Commitment, VolunteerActivity, VolunteerTeam, WishStatus
from tally.testing.permissions import Case, statuses

from .factories import make_member, make_wish

STAFF_ONLY = {"member": 403}
MEMBER_ONLY = dict.fromkeys(("admin", "office", "clerk", "sibling_clerk", "leader"), 403)


def linked(w):
    """The member persona's record, living in community A."""
    user = w.users["member"]
    if hasattr(user, "member"):
        return user.member
    return make_member(901, w.village_a, residence=w.community_a, user=user, name="陈志强")


def waiting_a(w):
    return make_wish(w.community_a, "WX-PA")


def claimed_b(w):
    outsider = make_member(902, w.village_b, residence=w.community_b)
    return make_wish(
        w.community_b,
        "WX-PB",
        status=WishStatus.CLAIMED,
        claimer=outsider,
        claimed_on=dt.date(2023, 3, 2),
    )


def claimed_by_member(w):
    return make_wish(
        w.community_a,
        "WX-PM",
        status=WishStatus.CLAIMED,
        claimer=linked(w),
        claimed_on=dt.date(2023, 3, 2),
    )


def claimed_by_street_a(w):
    return make_wish(
        w.community_a,
        "WX-PU",
        status=WishStatus.CLAIMED,
        claiming_unit=w.street_a,
        claimed_on=dt.date(2023, 3, 2),
    )


def activity_in(w, community):
    team = VolunteerTeam.objects.create(
        number=f"ZYD-{community.code}",
        name="队",
        org=community,
        serves="其他",
        founded_on=dt.date(2023, 1, 1),
    )
    return VolunteerActivity.objects.create(team=team, name="探访", date=timezone.localdate())


def someone_elses_commitment(w):
    linked(w)
    other = make_member(903, w.village_a, residence=w.community_a)
    return Commitment.objects.create(
        member=other, community=w.community_a, content="清理楼道", promised_on=dt.date(2023, 3, 1)
    )


def url(name, *args):
    return reverse(f"community:{name}", args=args)


def today(w):
    return {"completed_on": timezone.localdate().isoformat()}


CASES = [
    # --- staff pages -------------------------------------------------------------------
    Case("community:index", lambda w: url("index"), statuses(200, **STAFF_ONLY)),
    Case("community:wish_board", lambda w: url("wish_board"), statuses(200, **STAFF_ONLY)),
    Case(
        "community:wish_board",
        lambda w: url("wish_board") + "?tab=to_close&community=Z-A-2",
        statuses(200, **STAFF_ONLY),
        label="community:wish_board?tab",
    ),
    Case(
        "community:wish_publish",
        lambda w: url("wish_publish"),
        statuses(200, leader=403, member=403),
    ),
    Case(
        "community:wish_publish",
        lambda w: url("wish_publish"),
        statuses(302, sibling_clerk=200, leader=403, member=403),
        method="post",
        data=lambda w: {
            "community": w.community_a.pk,
            "content": "修水龙头",
            "published_on": "2023-03-01",
        },
        label="community:wish_publish POST community A",
    ),
    Case(
        "community:open_wishes",
        lambda w: url("open_wishes"),
        statuses(200, admin=403, leader=403, member=403),
    ),
    Case(
        "community:wish_detail",
        lambda w: url("wish_detail", waiting_a(w).pk),
        statuses(200, sibling_clerk=404, **STAFF_ONLY),
        label="community:wish_detail in community A",
    ),
    Case(
        "community:wish_claim_for_unit",
        lambda w: url("wish_claim_for_unit", waiting_a(w).pk),
        statuses(302, sibling_clerk=404, admin=403, leader=403, member=403),
        method="post",
        label="community:wish_claim_for_unit waiting",
    ),
    Case(
        "community:wish_claim_for_unit",
        lambda w: url("wish_claim_for_unit", claimed_b(w).pk),
        statuses(404, office=302, sibling_clerk=302, admin=403, leader=403, member=403),
        method="post",
        label="community:wish_claim_for_unit claimed in B",
    ),
    Case(
        "community:wish_close",
        lambda w: url("wish_close", claimed_by_street_a(w).pk),
        statuses(302, sibling_clerk=404, leader=404, member=403),
        method="post",
        data=today,
    ),
    Case(
        "community:wish_close",
        lambda w: url("wish_close", waiting_a(w).pk),
        statuses(405),
        label="community:wish_close GET",
    ),
    # --- claimers: the member who claimed, or the claiming unit's clerks ----------------------
    Case(
        "community:wish_fulfil",
        lambda w: url("wish_fulfil", claimed_by_member(w).pk),
        statuses(404, member=200),
        label="community:wish_fulfil claimed by the member",
    ),
    Case(
        "community:wish_fulfil",
        lambda w: url("wish_fulfil", claimed_by_street_a(w).pk),
        statuses(200, sibling_clerk=404, leader=404, member=404),
        label="community:wish_fulfil claimed by street A",
    ),
    Case(
        "community:wish_photo",
        lambda w: url("wish_photo", claimed_by_member(w).pk),
        statuses(404),
        label="community:wish_photo without a photo",
    ),
    # --- the member's pages ------------------------------------------------------------------
    Case("community:me", lambda w: url("me"), statuses(200, **MEMBER_ONLY)),
    Case(
        "community:me",
        lambda w: linked(w) and url("me"),
        statuses(200, **MEMBER_ONLY),
        label="community:me with a member record",
    ),
    Case(
        "community:my_registration",
        lambda w: linked(w) and url("my_registration"),
        statuses(200, **MEMBER_ONLY),
    ),
    Case(
        "community:my_commitments",
        lambda w: linked(w) and url("my_commitments"),
        statuses(200, **MEMBER_ONLY),
    ),
    Case(
        "community:my_commitment_done",
        lambda w: url("my_commitment_done", someone_elses_commitment(w).pk),
        statuses(404, **MEMBER_ONLY),
        method="post",
        label="community:my_commitment_done of someone else",
    ),
    Case(
        "community:my_community_wishes",
        lambda w: linked(w) and url("my_community_wishes"),
        statuses(200, **MEMBER_ONLY),
    ),
    Case(
        "community:my_wish_claim",
        lambda w: linked(w) and url("my_wish_claim", waiting_a(w).pk),
        statuses(302, **MEMBER_ONLY),
        method="post",
        label="community:my_wish_claim in my community",
    ),
    Case(
        "community:my_wish_claim",
        lambda w: linked(w) and url("my_wish_claim", claimed_b(w).pk),
        statuses(404, **MEMBER_ONLY),
        method="post",
        label="community:my_wish_claim in another community",
    ),
    Case(
        "community:my_claims",
        lambda w: linked(w) and url("my_claims"),
        statuses(200, **MEMBER_ONLY),
    ),
    Case(
        "community:my_activities",
        lambda w: linked(w) and url("my_activities"),
        statuses(200, **MEMBER_ONLY),
    ),
    Case(
        "community:my_activity_join",
        lambda w: linked(w) and url("my_activity_join", activity_in(w, w.community_a).pk),
        statuses(302, **MEMBER_ONLY),
        method="post",
        label="community:my_activity_join in my community",
    ),
    Case(
        "community:my_activity_join",
        lambda w: linked(w) and url("my_activity_join", activity_in(w, w.community_b).pk),
        statuses(404, **MEMBER_ONLY),
        method="post",
        label="community:my_activity_join elsewhere",
    ),
]
