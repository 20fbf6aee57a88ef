"""The member pages: find by ID number, detail (masked), unmasked view with a reason
as a security event, and the transfer page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tally.accounts.models import SecurityEvent
from tally.party.models import Member, MemberHistory

from .conftest import id_number, phone_number

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def member(world, make_member):
    return make_member(7, world.village_a, name="陈志强")


def test_it_finds_a_member_by_id_number_within_scope(world, login, member):
    url = reverse("party:members")
    response = login("clerk").post(url, {"id_number": id_number(7).lower()})
    assert response.status_code == 302
    assert response["Location"] == reverse("party:member_detail", args=[member.pk])
    response = login("sibling_clerk").post(url, {"id_number": id_number(7)}, **EN)
    assert response.status_code == 200
    assert "No member with this ID-card number" in response.content.decode()


def test_it_lists_members_by_name_with_masked_numbers(world, login, member):
    page = login("clerk").get(reverse("party:members"), {"q": "志强"}).content.decode()
    assert "陈志强" in page
    assert id_number(7)[:3] + "*" * 11 + id_number(7)[-4:] in page
    assert id_number(7) not in page


def test_it_shows_a_member_masked(world, login, member):
    page = login("office").get(reverse("party:member_detail", args=[member.pk])).content.decode()
    assert "陈志强" in page
    assert id_number(7) not in page
    assert phone_number(7) not in page
    assert "139****0007" in page


def test_it_shows_the_full_numbers_once_for_a_stated_reason(world, login, member):
    client = login("office")
    url = reverse("party:member_unmask", args=[member.pk])
    response = client.post(url, {"reason": "核对组织关系转接材料"})
    assert response.status_code == 200
    page = response.content.decode()
    assert id_number(7) in page and phone_number(7) in page
    assert response["Cache-Control"] == "no-store"
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PII_VIEW)
    assert event.user == world.users["office"]
    assert f"member={member.pk}" in event.detail and "核对组织关系转接材料" in event.detail
    assert id_number(7) not in event.detail
    again = client.get(reverse("party:member_detail", args=[member.pk])).content.decode()
    assert id_number(7) not in again


def test_it_wants_a_reason_before_unmasking(world, login, member):
    response = login("office").post(
        reverse("party:member_unmask", args=[member.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    assert id_number(7) not in response.content.decode()
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PII_VIEW).exists()


def test_it_never_unmasks_for_a_user_without_the_grant(world, login, member):
    page = login("clerk").get(reverse("party:member_detail", args=[member.pk])).content.decode()
    assert reverse("party:member_unmask", args=[member.pk]) not in page
    response = login("clerk").post(
        reverse("party:member_unmask", args=[member.pk]), {"reason": "想看看"}
    )
    assert response.status_code == 403
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PII_VIEW).exists()


def test_it_transfers_a_member_within_the_street(world, login, member):
    url = reverse("party:member_transfer", args=[member.pk])
    response = login("clerk").post(url, {"org_code": "Z-A-2", "on_date": "2023-05-10"})
    assert response.status_code == 302
    assert response["Location"] == reverse("party:member_detail", args=[member.pk])
    member.refresh_from_db()
    assert member.org == world.community_a
    assert member.batch is None
    rows = list(MemberHistory.objects.filter(member=member).order_by("valid_from"))
    assert [(r.org, r.valid_from, r.valid_to) for r in rows] == [
        (world.village_a, dt.date(2010, 7, 1), dt.date(2023, 5, 10)),
        (world.community_a, dt.date(2023, 5, 10), None),
    ]


def test_it_lets_a_clerk_transfer_out_of_the_street(world, login, member):
    url = reverse("party:member_transfer", args=[member.pk])
    response = login("clerk").post(url, {"org_code": "Z-B-1", "on_date": "2023-05-10"})
    assert response.status_code == 302
    assert response["Location"] == reverse("party:index")
    assert Member.objects.get(pk=member.pk).org == world.village_b
    assert login("clerk").get(reverse("party:member_detail", args=[member.pk])).status_code == 404


def test_it_prefills_the_transfer_date_as_the_date_input_reads_it(world, login, member):
    # In Chinese the localized date (2026/12/02) left <input type="date"> blank.
    url = reverse("party:member_transfer", args=[member.pk])
    page = login("clerk").get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    today = timezone.localdate()
    assert f'type="date" name="on_date" value="{today.isoformat()}"' in page
    assert today.strftime("%Y/%m/%d") not in page


def test_it_refuses_an_unknown_organisation_and_a_future_date(world, login, member):
    url = reverse("party:member_transfer", args=[member.pk])
    client = login("clerk")
    page = client.post(url, {"org_code": "NOPE", "on_date": "2023-05-10"}, **EN).content.decode()
    assert "No organisation has the name or code “NOPE”." in page
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    page = client.post(url, {"org_code": "Z-A-2", "on_date": tomorrow}, **EN).content.decode()
    assert "cannot be in the future" in page
    page = client.post(url, {"org_code": "Z-A-2", "on_date": "2001-01-01"}, **EN).content.decode()
    assert "only since 2010-07-01" in page
    assert Member.objects.get(pk=member.pk).org == world.village_a
    assert MemberHistory.objects.filter(member=member).count() == 1


def test_it_keeps_the_receiving_clerk_from_pulling_a_member_in(world, login, member):
    url = reverse("party:member_transfer", args=[member.pk])
    response = login("sibling_clerk").post(url, {"org_code": "Z-B-1", "on_date": "2023-05-10"})
    assert response.status_code == 404
    assert Member.objects.get(pk=member.pk).org == world.village_a


def test_it_links_the_ledger_lists_to_the_member_and_class_pages(world, login, member):
    page = login("clerk").get(reverse("ledgers:list", args=["members"])).content.decode()
    assert reverse("party:member_detail", args=[member.pk]) in page
