"""Every metric of section A on hand-built rows, and the member count around a transfer."""

import datetime as dt
from decimal import Decimal

import pytest

from tally.lib.periods import parse_period
from tally.metrics.engine import children_figures, compute
from tally.orgs.models import OrgKind
from tally.orgs.services import add_org
from tally.party.models import (
    Attendance,
    Election,
    LeaderClaim,
    MemberHistory,
    TrainingClass,
)
from tally.party.services import refresh_attendance_of_classes, transfer_member

pytestmark = pytest.mark.django_db
H1 = parse_period("2023H1")
RED = OrgKind.RED_PROPERTY


def add_class(number, organizer, start, *, level="区级", audience="党员干部", hours="8"):
    return TrainingClass.objects.create(
        number=number,
        name=f"培训班{number}",
        level=level,
        audience=audience,
        organizer=organizer,
        start_date=dt.date.fromisoformat(start),
        hours=Decimal(hours),
    )


def attend(training_class, *members):
    Attendance.objects.bulk_create(
        Attendance(training_class=training_class, member=m) for m in members
    )
    refresh_attendance_of_classes([training_class.pk])


def value(key, org, period=H1):
    return compute(key, org, period).value


def test_it_counts_full_and_probationary_members_at_the_end(world, make_member):
    make_member(1, world.village_a)
    make_member(2, world.community_a, category="预备党员", join_date=dt.date(2023, 3, 1))
    make_member(3, world.community_a, category="入党积极分子")
    make_member(4, world.village_a, join_date=dt.date(2023, 7, 1))  # joins after H1
    make_member(5, world.village_b)
    assert value("members.count", world.street_a) == 2
    assert value("members.count", world.root) == 3
    assert value("members.count", world.street_a, parse_period("2023-02")) == 1
    assert value("members.count", world.street_a, parse_period("2023")) == 3


def test_it_counts_a_transferred_member_where_they_were_on_each_date(world, make_member):
    member = make_member(1, world.village_a)
    admin = world.users["admin"]
    transfer_member(member, world.village_b, dt.date(2023, 5, 10), by=admin)
    before, after = parse_period("2023-04"), parse_period("2023-06")
    assert value("members.count", world.street_a, before) == 1
    assert value("members.count", world.street_b, before) == 0
    assert value("members.count", world.street_a, after) == 0
    assert value("members.count", world.street_b, after) == 1
    # The day of the transfer already counts for the receiving organisation.
    on_the_day = parse_period("2023-05-01..2023-05-10")
    assert value("members.count", world.street_b, on_the_day) == 1
    assert MemberHistory.objects.filter(member=member).count() == 2


def test_it_gives_each_child_its_members_by_history(world, make_member):
    moved = make_member(1, world.village_a)
    make_member(2, world.village_b)
    transfer_member(moved, world.community_b, dt.date(2023, 3, 1), by=world.users["admin"])
    figures = {f.org.code: f.value for f in children_figures("members.count", world.root, H1)}
    assert figures["Z-A"] == 0
    assert figures["Z-B"] == 2
    early = children_figures("members.count", world.root, parse_period("2023-02"))
    assert {f.org.code: f.value for f in early}["Z-A"] == 1


def test_it_counts_district_classes_and_their_person_times(world, make_member):
    people = [make_member(i, world.village_a) for i in range(1, 4)]
    first = add_class("PX-1", world.root, "2023-03-01")
    second = add_class("PX-2", world.root, "2023-06-30")
    street = add_class("PX-3", world.street_a, "2023-04-01", level="街道级")
    later = add_class("PX-4", world.root, "2023-07-01")
    attend(first, *people)
    attend(second, people[0])
    attend(street, *people)
    attend(later, *people)
    assert value("training.classes", world.root) == 2
    assert value("training.person_times", world.root) == 4
    assert value("training.classes", world.street_a) == 0
    assert value("training.person_times", world.root, parse_period("2023")) == 7


def test_it_computes_training_coverage_from_january_to_the_end(world, make_member):
    trained = make_member(1, world.village_a)
    trained_last_year = make_member(2, world.village_a)
    make_member(3, world.community_a)
    activist = make_member(4, world.community_a, category="入党积极分子")
    attend(add_class("PX-0", world.root, "2022-11-01"), trained_last_year)
    attend(add_class("PX-1", world.street_a, "2023-02-01", level="街道级"), trained, activist)
    assert value("training.trained_members", world.street_a) == 1
    assert value("training.coverage", world.street_a) == Decimal(100) / 3
    assert compute("training.coverage", world.street_a, H1).text == "33.3%"
    assert value("training.coverage", world.street_a, parse_period("2023-01")) == 0
    assert value("training.coverage", world.street_b) is None
    assert compute("training.coverage", world.street_b, H1).text == "—"


def test_it_counts_person_times_of_classes_for_non_public_organisations(world, make_member):
    people = [make_member(i, world.two_new_a) for i in range(1, 4)]
    attend(
        add_class("LX-1", world.root, "2023-04-01", level="街道级", audience="两新组织"), *people
    )
    attend(add_class("LX-2", world.root, "2023-08-01", audience="两新组织"), *people)
    attend(add_class("PX-1", world.root, "2023-04-01"), *people)
    assert value("training.two_new.person_times", world.root) == 3


def claim(name, kind, day, org, contact=None, content=None):
    return LeaderClaim.objects.create(
        leader_name=name,
        kind=kind,
        content=content or f"{name}{kind}{day}",
        contact_org=contact,
        org=org,
        claimed_on=dt.date.fromisoformat(day),
    )


def test_it_counts_the_three_ones(world):
    claim("张书记", "认领承诺", "2023-02-01", world.root)
    claim("张书记", "认领承诺", "2023-03-01", world.root)
    claim("张书记", "党建联系点", "2023-03-01", world.community_a, world.community_a)
    claim("李主任", "领办重点工作", "2023-04-01", world.street_a)
    claim("王部长", "认领承诺", "2023-08-01", world.root)  # second half
    assert value("claims.leaders", world.root) == 2
    assert value("claims.commitments", world.root) == 2
    assert value("claims.key_works", world.root) == 1
    assert value("claims.contact_points", world.root) == 1
    assert value("claims.contact_points", world.street_a) == 1
    assert value("claims.commitments", world.street_a) == 0


def test_it_counts_red_property_elections_and_their_on_time_rate(world):
    red = world.red_property_a
    second_red = add_org(world.community_b, code="Z-B-2-1", name="乙小区党支部", kind=RED)
    Election.objects.create(org=red, due_date=dt.date(2023, 5, 31), done_date=dt.date(2023, 5, 20))
    Election.objects.create(
        org=second_red, due_date=dt.date(2023, 6, 1), done_date=dt.date(2023, 6, 15)
    )
    Election.objects.create(org=red, due_date=dt.date(2023, 9, 1))
    Election.objects.create(org=world.village_a, due_date=dt.date(2023, 3, 1))
    assert value("elections.red_property.count", world.root) == 2
    assert value("elections.red_property.on_time_rate", world.root) == 50
    assert compute("elections.red_property.on_time_rate", world.root, H1).text == "50.0%"
    assert value("elections.red_property.on_time_rate", world.street_a) == 100
    assert value("elections.red_property.on_time_rate", world.department) is None


def test_it_drills_down_to_the_member_rows(world, make_member):
    member = make_member(1, world.village_a)
    make_member(2, world.village_b)
    result = compute("members.count", world.street_a, H1)
    assert list(result.rows) == [member]
    assert result.ledger_key == "members"
