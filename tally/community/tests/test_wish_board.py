"""The staff's wish pages: the board of a community's wishes, publishing, confirming and
closing, and units claiming for their members — all scoped."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from tally.accounts.models import Role
from tally.community import services
from tally.community.models import Wish, WishStatus

from .factories import make_wish

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_it_shows_a_clerk_the_wishes_of_their_subtree_only(world, login):
    mine = make_wish(world.community_a, "WX-1")
    theirs = make_wish(world.community_b, "WX-2")
    response = login("clerk").get(reverse("community:wish_board"))
    assert list(response.context["page_obj"]) == [mine]
    assert login("clerk").get(reverse("community:wish_detail", args=[theirs.pk])).status_code == 404
    assert (
        login("leader").get(reverse("community:wish_detail", args=[theirs.pk])).status_code == 200
    )


def test_it_sorts_the_board_into_tabs(world, people, login):
    make_wish(world.community_a, "WX-1")
    claimed = services.claim_wish(
        make_wish(world.community_a, "WX-2"), people.me, by=world.users["member"]
    )
    services.fulfil_wish(claimed, by=world.users["member"], note="好了")
    client = login("clerk")
    tabs = {
        name: n for name, _label, n in client.get(reverse("community:wish_board")).context["tabs"]
    }
    assert tabs == {"waiting": 1, "claimed": 0, "to_close": 1, "done": 0}
    to_close = client.get(reverse("community:wish_board") + "?tab=to_close")
    assert [w.number for w in to_close.context["page_obj"]] == ["WX-2"]


def test_it_publishes_a_wish_from_the_form(world, login):
    client = login("clerk")
    form = client.get(reverse("community:wish_publish"))
    assert list(form.context["form"].fields["community"].queryset) == [world.community_a]
    response = client.post(
        reverse("community:wish_publish"),
        {
            "community": world.community_a.pk,
            "content": "为独居老人修理水龙头",
            "published_on": timezone.localdate().isoformat(),
        },
    )
    wish = Wish.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("community:wish_detail", args=[wish.pk])
    assert (wish.community, wish.status) == (world.community_a, WishStatus.WAITING)


def test_it_refuses_to_publish_for_a_community_outside_the_subtree(world, login):
    response = login("clerk").post(
        reverse("community:wish_publish"),
        {"community": world.community_b.pk, "content": "修灯", "published_on": "2023-03-01"},
    )
    assert response.status_code == 200
    assert not Wish.objects.exists()


def test_it_closes_a_fulfilled_wish(world, people, login):
    claimed = services.claim_wish(make_wish(world.community_a), people.me, by=world.users["member"])
    services.fulfil_wish(claimed, by=world.users["member"], note="好了")
    today = timezone.localdate().isoformat()
    refused = login("sibling_clerk").post(
        reverse("community:wish_close", args=[claimed.pk]), {"completed_on": today}
    )
    assert refused.status_code == 404
    assert (
        login("leader")
        .post(reverse("community:wish_close", args=[claimed.pk]), {"completed_on": today})
        .status_code
        == 404
    )
    response = login("clerk").post(
        reverse("community:wish_close", args=[claimed.pk]), {"completed_on": today}
    )
    assert response.status_code == 302
    wish = Wish.objects.get(pk=claimed.pk)
    assert wish.status == WishStatus.DONE and wish.completed_on == timezone.localdate()


def test_it_refuses_to_close_with_a_date_in_the_future(world, people, login):
    claimed = services.claim_wish(make_wish(world.community_a), people.me, by=world.users["member"])
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    login("clerk").post(
        reverse("community:wish_close", args=[claimed.pk]), {"completed_on": tomorrow}
    )
    assert Wish.objects.get(pk=claimed.pk).status == WishStatus.CLAIMED


def test_it_lets_a_department_claim_a_wish_anywhere_and_fulfil_it(world, login, media):
    from django.test import Client

    department_clerk = make_user("zhaoshang", Role.UNIT, world.department)
    client = Client()
    client.force_login(department_clerk)
    wish = make_wish(world.community_b, "WX-1")
    listing = client.get(reverse("community:open_wishes"))
    assert list(listing.context["page_obj"]) == [wish]
    response = client.post(reverse("community:wish_claim_for_unit", args=[wish.pk]), {"version": 0})
    assert response["Location"] == reverse("community:wish_detail", args=[wish.pk])
    wish.refresh_from_db()
    assert (wish.claiming_unit, wish.claimer, wish.status) == (
        world.department,
        None,
        WishStatus.CLAIMED,
    )
    assert client.get(reverse("community:wish_detail", args=[wish.pk])).status_code == 200
    client.post(reverse("community:wish_fulfil", args=[wish.pk]), {"note": "局里三名党员上门"})
    wish.refresh_from_db()
    assert wish.fulfil_note == "局里三名党员上门"
    assert list(client.get(reverse("community:open_wishes")).context["mine"]) == [wish]


def test_it_tells_a_unit_that_came_second(world, people, login):
    wish = make_wish(world.community_a, "WX-1")
    services.claim_wish(wish, people.me, by=world.users["member"])
    response = login("clerk").post(
        reverse("community:wish_claim_for_unit", args=[wish.pk]), {"version": 0}, follow=True, **EN
    )
    assert "Someone else has just claimed this wish" in response.content.decode()
    assert Wish.objects.get(pk=wish.pk).claiming_unit is None


def test_it_neither_lists_nor_claims_another_streets_waiting_wish(world, login):
    theirs, ours = make_wish(world.community_b, "WX-1"), make_wish(world.community_a, "WX-2")
    client = login("clerk")
    assert list(client.get(reverse("community:open_wishes")).context["page_obj"]) == [ours]
    response = client.post(reverse("community:wish_claim_for_unit", args=[theirs.pk]))
    assert response.status_code == 404
    assert Wish.objects.get(pk=theirs.pk).status == WishStatus.WAITING
    assert client.get(reverse("community:wish_fulfil", args=[theirs.pk])).status_code == 404


def test_it_hides_a_claimed_wish_of_another_street_from_a_unit(world, people, login):
    wish = make_wish(world.community_b, "WX-1", status=WishStatus.CLAIMED, claimer=people.outsider)
    response = login("clerk").post(reverse("community:wish_claim_for_unit", args=[wish.pk]))
    assert response.status_code == 404


def test_it_shows_the_module_index_with_ledgers_and_figures(world, people, login):
    make_wish(world.community_a, "WX-1")
    response = login("clerk").get(reverse("community:index"), **EN)
    assert response.status_code == 200
    keys = [ledger.key for ledger, _n in response.context["ledgers"]]
    assert keys == [
        "registrations",
        "commitments",
        "participations",
        "wishes",
        "volunteer_teams",
        "volunteer_activities",
    ]
    assert response.context["counts"]["waiting"] == 1
    assert [f.key for f in response.context["figures"]][:2] == [
        "community.registered",
        "community.commitments",
    ]
