"""The demo zone's community data: proportionate to the article, journey 4 ready to walk,
and a second run changes nothing."""

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


def test_it_seeds_figures_close_to_the_articles(demo):
    figures = compute_many(
        [
            "community.registered",
            "wishes.units",
            "wishes.members",
            "wishes.claimed",
            "volunteer.teams",
        ],
        Org.objects.get(code="QS"),
        parse_period("2023H1"),
    )
    members = Member.objects.count()
    assert Registration.objects.count() >= members * 0.8
    assert figures["wishes.units"].value == 36
    assert 300 <= figures["wishes.members"].value <= 407
    assert figures["wishes.claimed"].value >= figures["wishes.members"].value
    assert 40 <= figures["volunteer.teams"].value <= 125


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
