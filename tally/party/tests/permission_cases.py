import datetime as dt

from django.urls import reverse

from tally.lib.idcard import make_id_number
from tally.testing.permissions import Case, statuses

STAFF_ONLY = {"member": 403}


def party_member(world):
    """A member of village A (street A), created on first use."""
    from tally.party.models import Member

    member = Member.objects.filter(name="权限测试党员").first()
    if member is None:
        member = Member(
            name="权限测试党员",
            org=world.village_a,
            category="正式党员",
            join_date=dt.date(2010, 7, 1),
        )
        member.id_number = make_id_number("420302", dt.date(1980, 1, 1), 1, "男")
        member.phone = "13900000001"
        member.save()
    return member


def party_class(world):
    """A street-level class organised by street A."""
    from tally.party.models import TrainingClass

    training_class, _created = TrainingClass.objects.get_or_create(
        number="PERM-1",
        defaults={
            "name": "权限测试培训班",
            "level": "街道级",
            "audience": "党员干部",
            "organizer": world.street_a,
            "start_date": dt.date(2023, 3, 1),
        },
    )
    return training_class


CASES = [
    Case("party:index", lambda w: reverse("party:index"), statuses(200, **STAFF_ONLY)),
    Case(
        "party:index",
        lambda w: reverse("party:index") + "?org=Z-A",
        statuses(200, sibling_clerk=404, **STAFF_ONLY),
        label="party:index?org=street A",
    ),
    Case("party:members", lambda w: reverse("party:members"), statuses(200, **STAFF_ONLY)),
    Case(
        "party:member_detail",
        lambda w: reverse("party:member_detail", args=[party_member(w).pk]),
        statuses(200, sibling_clerk=404, **STAFF_ONLY),
    ),
    Case(
        "party:member_unmask",
        lambda w: reverse("party:member_unmask", args=[party_member(w).pk]),
        statuses(403, office=200, sibling_clerk=404),
        method="post",
        data=lambda w: {"reason": "核对党员信息"},
    ),
    Case(
        "party:member_transfer",
        lambda w: reverse("party:member_transfer", args=[party_member(w).pk]),
        statuses(200, leader=403, sibling_clerk=404, **STAFF_ONLY),
    ),
    Case(
        "party:member_transfer",
        lambda w: reverse("party:member_transfer", args=[party_member(w).pk]),
        statuses(302, leader=403, sibling_clerk=404, **STAFF_ONLY),
        method="post",
        data=lambda w: {"org_code": "Z-A-2", "on_date": "2023-05-10"},
        label="party:member_transfer POST",
    ),
    Case(
        "party:classes",
        lambda w: reverse("party:classes") + "?period=2023",
        statuses(200, **STAFF_ONLY),
    ),
    Case(
        "party:class_detail",
        lambda w: reverse("party:class_detail", args=[party_class(w).pk]),
        statuses(200, sibling_clerk=404, **STAFF_ONLY),
    ),
    Case("party:coverage", lambda w: reverse("party:coverage"), statuses(200, **STAFF_ONLY)),
    Case(
        "party:coverage",
        lambda w: reverse("party:coverage") + "?org=Z-A&period=2023H1",
        statuses(200, sibling_clerk=404, **STAFF_ONLY),
        label="party:coverage?org=street A",
    ),
    Case(
        "party:untrained",
        lambda w: reverse("party:untrained", args=["Z-A"]),
        statuses(200, sibling_clerk=404, **STAFF_ONLY),
    ),
    Case(
        "party:untrained_export",
        lambda w: reverse("party:untrained_export", args=["Z-A"]) + "?period=2023H1",
        statuses(200, sibling_clerk=404, **STAFF_ONLY),
    ),
    Case(
        "party:theme_days",
        lambda w: reverse("party:theme_days") + "?year=2023",
        statuses(200, **STAFF_ONLY),
    ),
    Case(
        "party:theme_days",
        lambda w: reverse("party:theme_days") + "?org=Z-A",
        statuses(200, sibling_clerk=404, **STAFF_ONLY),
        label="party:theme_days?org=street A",
    ),
    Case("party:my_training", lambda w: reverse("party:my_training"), statuses(200)),
]
