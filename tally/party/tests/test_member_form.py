"""A party member edited in the record form obeys the rules of an import of the members
ledger: the ID-card number decides gender and birth date, a changed organisation is a
transfer kept in the history, and an ID-card number names one member only."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tally.party.models import Member, MemberHistory

from .conftest import id_number, phone_number

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def member_form(member: Member, **changes) -> dict:
    data = {
        "name": member.name,
        "gender": member.gender,
        "id_number": member.id_number,
        "phone": member.phone,
        "org": member.org.code,
        "category": member.category,
        "join_date": member.join_date.isoformat(),
        "residence": "",
        "is_cadre": "否",
        "employer": "",
        "birth_date": "",
    }
    return {**data, **changes}


def edit_url(member: Member) -> str:
    return reverse("ledgers:detail", args=["members", member.pk])


def test_a_form_transfers_a_member_into_the_history_as_an_import_does(world, make_member, login):
    member = make_member(1, world.village_a)
    response = login("clerk").post(edit_url(member), member_form(member, org="Z-A-2"), **EN)
    assert response.status_code == 302, response.context["form"].errors
    today = timezone.localdate()
    rows = list(MemberHistory.objects.filter(member=member).order_by("valid_from", "pk"))
    assert [(r.org.code, r.valid_from, r.valid_to) for r in rows] == [
        ("Z-A-1", dt.date(2010, 7, 1), today),
        ("Z-A-2", today, None),
    ]
    member.refresh_from_db()
    assert member.org.code == "Z-A-2" and member.batch is None


def test_a_form_refuses_a_gender_the_id_card_number_contradicts(world, make_member, login):
    member = make_member(1, world.village_a)
    response = login("clerk").post(edit_url(member), member_form(member, gender="女"), **EN)
    assert response.status_code == 200
    assert "a person of gender “男”" in str(response.context["form"].errors["gender"])
    assert Member.objects.get(pk=member.pk).gender == "男"


def test_a_form_refuses_the_id_card_number_of_another_member(world, make_member, login):
    member, other = make_member(1, world.village_a), make_member(2, world.village_a)
    data = member_form(member, id_number=id_number(2), phone=phone_number(1))
    response = login("clerk").post(edit_url(member), data, **EN)
    assert response.status_code == 200
    assert "A record with the same key already exists." in str(response.context["form"].errors)
    assert Member.objects.get(pk=member.pk).id_number == id_number(1)
    assert Member.objects.get(pk=other.pk).name == other.name
