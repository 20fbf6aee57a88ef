"""The office's home panel: each template for the reporting period, published or still to
publish, and the locked periods."""

import pytest
from django.urls import reverse

from tally.lib.periods import parse_period
from tally.reports.services import lock_period, publish_report
from tally.site_settings.store import REPORTING_PERIOD, set_setting

pytestmark = pytest.mark.django_db


def test_it_tells_the_office_what_is_left_to_publish(world, login, half_year, make_template, talks):
    set_setting(REPORTING_PERIOD, "2023H1")
    template = make_template("举办{{ events.talks }}次", key="talks", name="活动纪实")
    publish_report(
        template,
        world.root,
        parse_period("2023H1"),
        by=world.users["office"],
        base_url="http://x",
        with_pdf=False,
    )
    lock_period(world.root, parse_period("2023H1"), by=world.users["office"])
    html = login("office").get(reverse("home")).content.decode()
    assert "待发布的报告" in html
    assert "半年晒成效·工作纪实" in html and "待发布" in html
    assert "已发布第1版" in html
    assert "1 个时段已锁定" in html


def test_it_shows_no_panel_to_clerks_and_leaders(world, login, half_year):
    for persona in ("clerk", "leader"):
        assert "待发布的报告" not in login(persona).get(reverse("home")).content.decode()
