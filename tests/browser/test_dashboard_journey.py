"""The leader before the half-year meeting (JOURNEYS.md 3): the dashboard on a tablet,
a click on a street's bar of the coverage chart, the members of that street not yet
trained. Screenshots at tablet and phone size go to the test artefacts."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from tally.dashboard.tests.conftest import PERIOD, fiscal_indicator, grow
from tally.site_settings.store import REPORTING_PERIOD, set_setting

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEFAULT_ARTEFACTS = Path(settings.BASE_DIR) / "tmp" / "artefacts"
ARTEFACTS = Path(os.environ.get("TALLY_TEST_ARTEFACTS", DEFAULT_ARTEFACTS))
TABLET = {"width": 1024, "height": 768}


@pytest.fixture
def zone(world):
    set_setting(REPORTING_PERIOD, PERIOD)
    fiscal_indicator(world)
    grow(world, 6)
    return world


def bar_position(page, chart_id, index):
    """Where the index-th bar of a chart is drawn, in page pixels (its middle)."""
    return page.evaluate(
        """([chartId, index]) => {
            const el = document.querySelector(`[data-chart="${chartId}"]`);
            const chart = window.echarts.getInstanceByDom(el);
            const option = chart.getOption();
            const value = option.series[0].data[index].value;
            const [x, y] = chart.convertToPixel({seriesIndex: 0}, [index, value / 2]);
            const box = el.getBoundingClientRect();
            return [box.left + window.scrollX + x, box.top + window.scrollY + y];
        }""",
        [chart_id, index],
    )


def test_the_leader_clicks_a_street_on_the_coverage_chart(page, phone, zone):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(TABLET)
    log_in(page, "leader")
    page.goto(page.base_url + f"/dashboard/?period={PERIOD}")
    page.wait_for_selector('[data-chart="dash-coverage"][data-chart-linked]')
    page.screenshot(path=str(ARTEFACTS / "dashboard-tablet.png"), full_page=True)
    # Nothing is wider than the tablet: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]

    chart = page.locator('[data-chart="dash-coverage"]')
    chart.scroll_into_view_if_needed()
    x, y = bar_position(page, "dash-coverage", 0)  # street A
    page.mouse.click(x - page.evaluate("window.scrollX"), y - page.evaluate("window.scrollY"))
    page.wait_for_url("**/party/coverage/Z-A/untrained/**")
    body = page.locator("main").inner_text()
    untrained = page.locator("[data-untrained-count]").inner_text()
    assert untrained == "2"  # of street A's four members, the two not at the class
    assert "Z-A" in page.url and body.count("党员") >= 2

    phone.set_default_timeout(15000)
    log_in(phone, "leader")
    phone.goto(phone.base_url + f"/dashboard/?period={PERIOD}")
    phone.wait_for_selector('[data-chart="dash-ranking"][data-chart-linked]')
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    phone.screenshot(path=str(ARTEFACTS / "dashboard-phone.png"), full_page=True)
    assert (ARTEFACTS / "dashboard-tablet.png").stat().st_size > 10000
    assert (ARTEFACTS / "dashboard-phone.png").stat().st_size > 10000
