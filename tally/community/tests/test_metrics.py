"""Every metric of DOMAIN.md section D on hand-built data, for the zone and for a street."""

import datetime as dt

import pytest

from tally.community.models import (
    Commitment,
    Participation,
    Registration,
    VolunteerActivity,
    VolunteerTeam,
    WishStatus,
)
from tally.lib.periods import parse_period
from tally.metrics.engine import compute

from .factories import make_wish

D = dt.date


@pytest.fixture
def livelihood(world, people):
    me, neighbour, outsider = people.me, people.neighbour, people.outsider
    a, b = world.community_a, world.community_b
    Registration.objects.create(member=me, community=a, registered_on=D(2023, 3, 1))
    Registration.objects.create(member=neighbour, community=a, registered_on=D(2023, 8, 1))
    Registration.objects.create(member=outsider, community=b, registered_on=D(2022, 12, 1))
    for member, community, content, on in [
        (me, a, "理发", D(2023, 2, 1)),
        (neighbour, a, "巡逻", D(2023, 6, 30)),
        (me, a, "清理楼道", D(2023, 7, 1)),
        (outsider, b, "理发", D(2023, 1, 1)),
    ]:
        Commitment.objects.create(
            member=member, community=community, content=content, promised_on=on
        )
    for member, community, name, on in [
        (me, a, "环境整治", D(2023, 4, 1)),
        (me, a, "环境整治", D(2023, 5, 1)),
        (outsider, b, "义诊", D(2023, 5, 1)),
        (neighbour, a, "义诊", D(2023, 9, 1)),
    ]:
        Participation.objects.create(
            member=member, community=community, activity_name=name, date=on
        )
    claimed = {"status": WishStatus.CLAIMED}
    make_wish(a, "W1", claimer=me, claimed_on=D(2023, 3, 2), **claimed)
    make_wish(
        a,
        "W2",
        claimer=neighbour,
        claiming_unit=world.department,
        claimed_on=D(2023, 4, 2),
        **claimed,
    )
    make_wish(b, "W3", claiming_unit=world.department, claimed_on=D(2023, 5, 2), **claimed)
    make_wish(a, "W4", claiming_unit=world.street_a, claimed_on=D(2023, 6, 30), **claimed)
    make_wish(a, "W5")  # waiting
    make_wish(a, "W6", claimer=me, claimed_on=D(2023, 7, 2), **claimed)
    make_wish(
        a,
        "W7",
        claimer=me,
        claimed_on=D(2023, 1, 5),
        status=WishStatus.DONE,
        completed_on=D(2023, 1, 9),
    )
    t1 = team("T1", a, D(2022, 5, 1))
    team("T2", a, D(2023, 5, 1))
    t3 = team("T3", b, D(2023, 9, 1))
    for t, name, on in [
        (t1, "探访", D(2023, 2, 1)),
        (t1, "义剪", D(2023, 6, 1)),
        (t1, "探访", D(2023, 7, 1)),
        (t3, "探访", D(2023, 9, 2)),
    ]:
        VolunteerActivity.objects.create(team=t, name=name, date=on)


def team(number, org, founded):
    return VolunteerTeam.objects.create(
        number=number, name=number, org=org, serves="其他", founded_on=founded
    )


def value(key, org, period="2023H1"):
    return compute(key, org, parse_period(period)).value


@pytest.mark.parametrize(
    ("key", "zone_h1", "street_a_h1", "zone_2023"),
    [
        ("community.registered", 2, 1, 3),
        ("community.commitments", 3, 2, 4),
        ("community.participations", 3, 2, 4),
        ("wishes.claimed", 5, 4, 6),
        ("wishes.members", 2, 2, 2),
        ("wishes.units", 2, 2, 2),
        ("volunteer.teams", 2, 2, 3),
        ("volunteer.activities", 2, 2, 4),
    ],
)
def test_it_computes_each_metric_for_the_zone_and_a_street(
    world, livelihood, key, zone_h1, street_a_h1, zone_2023
):
    assert value(key, world.root) == zone_h1
    assert value(key, world.street_a) == street_a_h1
    assert value(key, world.root, "2023") == zone_2023


def test_it_counts_a_unit_claim_of_a_wish_in_another_street_under_that_street(world, livelihood):
    """A wish belongs to its community: street B's figures count the department's claim
    of W3, street A's do not."""
    assert value("wishes.units", world.street_b) == 1
    assert value("wishes.claimed", world.street_b) == 1
    assert value("wishes.members", world.street_b) == 0


def test_it_gives_zero_on_an_empty_subtree(world, livelihood):
    for key in ("community.registered", "wishes.claimed", "volunteer.teams"):
        assert value(key, world.two_new_a) == 0


def test_it_drills_down_to_the_rows(world, livelihood):
    result = compute("wishes.claimed", world.root, parse_period("2023H1"))
    assert sorted(result.rows.values_list("number", flat=True)) == ["W1", "W2", "W3", "W4", "W7"]
    assert result.ledger_key == "wishes"
