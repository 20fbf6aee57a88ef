"""The home page tells a member how many wishes wait in their community, and a clerk of
communities how many wait to be claimed and to be closed."""

from django.test import Client
from django.urls import reverse

from conftest import make_user
from tally.accounts.models import Role
from tally.community import services

from .factories import make_wish

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def panel(response, template):
    return next((p for p in response.context["panels"] if p.template == template), None)


def test_it_tells_the_member_how_many_wishes_wait_in_the_community(world, people, login):
    make_wish(world.community_a, "WX-1")
    make_wish(world.community_a, "WX-2")
    make_wish(world.community_b, "WX-3")
    response = login("member").get(reverse("home"), **EN)
    found = panel(response, "community/panels/member_wishes.html")
    assert found.context["waiting"] == 2
    page = response.content.decode()
    assert "2 wishes waiting in 甲二社区党委" in page
    assert reverse("community:my_community_wishes") in page


def test_it_shows_no_wish_panel_to_a_member_without_a_record(world, login):
    response = login("member").get(reverse("home"))
    assert panel(response, "community/panels/member_wishes.html") is None


def test_it_tells_a_clerk_what_waits_to_be_claimed_and_closed(world, people, login):
    make_wish(world.community_a, "WX-1")
    claimed = services.claim_wish(
        make_wish(world.community_a, "WX-2"), people.me, by=world.users["member"]
    )
    services.fulfil_wish(claimed, by=world.users["member"], note="好了")
    make_wish(world.community_b, "WX-3")
    found = panel(login("clerk").get(reverse("home")), "community/panels/community_wishes.html")
    assert (found.context["waiting"], found.context["to_close"]) == (1, 1)
    sibling = login("sibling_clerk").get(reverse("home"))
    found = panel(sibling, "community/panels/community_wishes.html")
    assert (found.context["waiting"], found.context["to_close"]) == (1, 0)


def test_it_shows_no_community_panel_to_a_unit_without_communities(world):
    client = Client()
    client.force_login(make_user("zhaoshang", Role.UNIT, world.department))
    response = client.get(reverse("home"))
    assert panel(response, "community/panels/community_wishes.html") is None


def test_it_puts_my_pages_in_the_members_menu_and_community_in_the_staffs(world, login):
    member_nav = [item["url"] for item in login("member").get(reverse("home")).context["nav_items"]]
    assert reverse("community:me") in member_nav
    assert reverse("community:index") not in member_nav
    clerk_nav = [item["url"] for item in login("clerk").get(reverse("home")).context["nav_items"]]
    assert reverse("community:index") in clerk_nav
    assert reverse("community:me") not in clerk_nav
