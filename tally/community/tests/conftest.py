"""Fixtures of the community tests: the member persona linked to a member record, a
neighbour and an outsider, a volunteer team, a media root of their own."""

import datetime as dt
from dataclasses import dataclass

import pytest

from conftest import make_user
from tally.accounts.models import Role
from tally.party.models import Member

from ..models import VolunteerTeam
from .factories import make_member


@dataclass
class People:
    me: Member  # the member persona's record, living in community A
    neighbour: Member  # another member of community A, with a login of their own
    outsider: Member  # a member of community B
    neighbour_user: object


@pytest.fixture
def people(world) -> People:
    neighbour_user = make_user("neighbour", Role.MEMBER, world.community_a)
    return People(
        me=make_member(
            1,
            world.village_a,
            residence=world.community_a,
            user=world.users["member"],
            name="陈志强",
        ),
        neighbour=make_member(2, world.village_a, residence=world.community_a, user=neighbour_user),
        outsider=make_member(3, world.village_b, residence=world.community_b),
        neighbour_user=neighbour_user,
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def team(world) -> VolunteerTeam:
    return VolunteerTeam.objects.create(
        number="ZYD-T-01",
        name="甲二社区银龄志愿服务队",
        org=world.community_a,
        serves="空巢老人",
        founded_on=dt.date(2023, 1, 10),
    )
