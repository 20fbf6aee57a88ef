"""The party panel on a unit clerk's home page."""

import datetime as dt

import pytest
from django.urls import reverse

from tally.party.models import Attendance, ThemeDay, TrainingClass
from tally.site_settings.store import REPORTING_PERIOD, set_setting

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel_world(world, make_member):
    set_setting(REPORTING_PERIOD, "2023H1")
    trained, _untrained = make_member(1, world.village_a), make_member(2, world.community_a)
    make_member(3, world.village_b)
    training_class = TrainingClass.objects.create(
        number="PX-1",
        name="培训班",
        level="区级",
        audience="党员干部",
        organizer=world.root,
        start_date=dt.date(2023, 3, 1),
    )
    Attendance.objects.create(training_class=training_class, member=trained)
    ThemeDay.objects.create(
        org=world.two_new_a, month="2023-05", held_on=dt.date(2023, 5, 5), theme="主题"
    )


def panel_of(response):
    return next(p for p in response.context["panels"] if p.template == "party/_home_panel.html")


def test_it_tells_a_clerk_who_is_untrained_and_which_theme_days_are_missing(
    world, login, panel_world
):
    response = login("clerk").get(reverse("home"))
    panel = panel_of(response)
    assert panel.context["untrained"] == 1
    assert panel.context["month"] == "2023-06"
    assert panel.context["theme_missing"] == 1
    page = response.content.decode()
    assert reverse("party:untrained", args=["Z-A"]) + "?period=2023H1" in page
    assert 'data-panel="theme-missing">1<' in page


def test_it_shows_no_party_panel_to_other_roles(world, login, panel_world):
    for persona in ("office", "leader", "member"):
        response = login(persona).get(reverse("home"))
        assert not [p for p in response.context["panels"] if p.template == "party/_home_panel.html"]
