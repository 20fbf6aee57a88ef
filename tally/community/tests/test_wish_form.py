"""A micro-wish edited in its record form obeys the rules of an import of the wishes
ledger: a claim is recorded by the workflow's conditional UPDATE (who recorded it claimed
it, the version moves on), a claimed wish cannot be given to someone else, and a claim
made meanwhile on a phone is never overwritten."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from tally.community import services
from tally.community.models import Wish, WishStatus
from tally.ledgers import services as ledger_services

from .factories import id_number, make_wish

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def wish_form(wish: Wish, **changes) -> dict:
    data = {
        "number": wish.number,
        "community": wish.community.code,
        "content": wish.content,
        "published_on": wish.published_on.isoformat(),
        "claimer": "",
        "claiming_unit": "",
        "claimed_on": "",
        "status": wish.status,
        "completed_on": "",
    }
    return {**data, **changes}


def edit_url(wish: Wish) -> str:
    return reverse("ledgers:detail", args=["wishes", wish.pk])


def claim_by_me(wish: Wish) -> dict:
    return wish_form(wish, claimer=id_number(1), claimed_on="2023-03-02", status="已认领")


def test_a_form_records_a_claim_as_an_import_does(world, people, login):
    wish = make_wish(world.community_a, "WX-1")
    response = login("clerk").post(edit_url(wish), claim_by_me(wish), **EN)
    assert response.status_code == 302, response.context["form"].errors
    wish.refresh_from_db()
    assert (wish.status, wish.claimer, wish.claimed_on) == (
        WishStatus.CLAIMED,
        people.me,
        dt.date(2023, 3, 2),
    )
    # The workflow's write: who recorded the claim, a new version, no batch.
    assert wish.claimed_by == world.users["clerk"]
    assert wish.version == 1 and wish.batch is None


def test_a_form_cannot_give_a_claimed_wish_to_someone_else(world, people, login):
    wish = make_wish(
        world.community_a,
        "WX-1",
        claimer=people.neighbour,
        claimed_on=dt.date(2023, 3, 2),
        status=WishStatus.CLAIMED,
    )
    response = login("clerk").post(edit_url(wish), claim_by_me(wish), **EN)
    assert response.status_code == 200
    assert "a wish is claimed once" in str(response.context["form"].errors)
    wish.refresh_from_db()
    assert wish.claimer == people.neighbour and wish.version == 0


def test_a_form_never_overwrites_a_claim_made_meanwhile_on_a_phone(
    world, people, login, monkeypatch
):
    wish = make_wish(world.community_a, "WX-1")
    check = ledger_services.plan_for_record

    def neighbour_claims_after_the_check(*args, **kwargs):
        plan = check(*args, **kwargs)
        fresh = Wish.objects.get(pk=wish.pk)
        services.claim_wish(fresh, people.neighbour, by=people.neighbour_user)
        return plan

    monkeypatch.setattr(ledger_services, "plan_for_record", neighbour_claims_after_the_check)
    response = login("clerk").post(edit_url(wish), claim_by_me(wish), **EN)
    assert response.status_code == 200
    assert "The wish was changed meanwhile" in str(response.context["form"].errors)
    wish.refresh_from_db()
    assert wish.claimer == people.neighbour and wish.claimed_by == people.neighbour_user
