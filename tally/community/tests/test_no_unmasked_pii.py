"""No ID-card or phone number escapes masking on any community page or export for a role
without the permission to see it."""

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse

from tally.community import services
from tally.community.models import Commitment, Participation, Registration, WishStatus
from tally.lib.masking import UNMASKED_ID_PATTERN, UNMASKED_PHONE_PATTERN

from .factories import id_number, make_wish

LEDGERS = (
    "registrations",
    "commitments",
    "participations",
    "wishes",
    "volunteer_teams",
    "volunteer_activities",
)


@pytest.fixture
def records(world, people, team):
    Registration.objects.create(
        member=people.me, community=world.community_a, registered_on=dt.date(2023, 3, 1)
    )
    Commitment.objects.create(
        member=people.me,
        community=world.community_a,
        content="理发",
        promised_on=dt.date(2023, 3, 1),
    )
    Participation.objects.create(
        member=people.me,
        community=world.community_a,
        activity_name="义诊",
        date=dt.date(2023, 3, 1),
    )
    claimed = make_wish(
        world.community_a,
        "WX-1",
        claimer=people.me,
        claimed_on=dt.date(2023, 3, 2),
        status=WishStatus.CLAIMED,
    )
    services.fulfil_wish(claimed, by=world.users["member"], note="好了")
    make_wish(world.community_a, "WX-2")
    return claimed


def assert_masked(text: str, where: str):
    assert not UNMASKED_ID_PATTERN.search(text), where
    assert not UNMASKED_PHONE_PATTERN.search(text), where


def xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def test_the_data_holds_real_numbers_so_the_scan_could_find_them(people):
    assert UNMASKED_ID_PATTERN.search(id_number(1))
    assert UNMASKED_PHONE_PATTERN.search(people.me.phone)


@pytest.mark.parametrize("persona", ["admin", "office", "clerk", "leader"])
def test_it_masks_the_staff_pages_and_exports(world, records, login, persona):
    client = login(persona)
    pages = [
        reverse("community:index"),
        reverse("community:wish_board") + "?tab=to_close",
        reverse("community:wish_detail", args=[records.pk]),
    ]
    pages += [reverse("ledgers:list", args=[key]) for key in LEDGERS]
    pages += [
        reverse("ledgers:detail", args=["registrations", Registration.objects.get().pk]),
        reverse("ledgers:detail", args=["wishes", records.pk]),
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_masked(response.content.decode(), path)
    for key in LEDGERS:
        response = client.get(reverse("ledgers:export", args=[key]))
        assert response.status_code == 200
        assert_masked(xlsx_text(response.content), key)
    assert id_number(1)[:3] + "*" * 11 in xlsx_text(
        client.get(reverse("ledgers:export", args=["wishes"])).content
    )


def test_it_masks_the_members_own_pages(world, records, login):
    client = login("member")
    for name in (
        "me",
        "my_registration",
        "my_commitments",
        "my_community_wishes",
        "my_claims",
        "my_activities",
    ):
        response = client.get(reverse(f"community:{name}"))
        assert response.status_code == 200
        assert_masked(response.content.decode(), name)
    fulfil = client.get(reverse("community:wish_fulfil", args=[records.pk]))
    assert_masked(fulfil.content.decode(), "wish_fulfil")
