"""The demo zone's community data: the article's figures, journey 4 ready to walk, and a
second run changes nothing."""

import io

import pytest
from django.core.management import call_command

from tally.community.models import (
    Commitment,
    Participation,
    Registration,
    VolunteerActivity,
    VolunteerTeam,
    Wish,
    WishStatus,
)
from tally.lib.periods import parse_period
from tally.metrics.engine import compute_many
from tally.orgs.models import Org
from tally.party.models import Member

MODELS = (Registration, Commitment, Participation, Wish, VolunteerTeam, VolunteerActivity)


def counts():
    return [model.objects.count() for model in MODELS]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_it_seeds_the_articles_figures(demo):
    keys = [
        "community.registered",
        "community.commitments",
        "community.participations",
        "wishes.units",
        "wishes.members",
        "wishes.claimed",
        "volunteer.teams",
        "volunteer.activities",
    ]
    figures = compute_many(keys, Org.objects.get(code="QS"), parse_period("2023H1"))
    assert {key: result.value for key, result in figures.items()} == {
        "community.registered": 1355,
        "community.commitments": 2156,
        "community.participations": 1627,
        "wishes.units": 36,
        "wishes.members": 407,
        "wishes.claimed": 434,
        "volunteer.teams": 125,
        "volunteer.activities": 2200,
    }
    # More after the half-year, and members who never registered.
    assert Registration.objects.count() < Member.objects.count()
    assert Commitment.objects.count() > 2156 and VolunteerTeam.objects.count() > 125


def test_it_leaves_chenzhiqiang_something_to_do(demo):
    member = Member.objects.get(user__username="chenzhiqiang")
    assert not Registration.objects.filter(member=member).exists()
    waiting = Wish.objects.filter(community__code="QS-DC-03", status=WishStatus.WAITING)
    assert "为独居老人修理水龙头" in set(waiting.values_list("content", flat=True))
    assert VolunteerActivity.objects.filter(team__org__code="QS-DC-03").exists()


def test_it_changes_nothing_when_run_again(demo):
    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before
