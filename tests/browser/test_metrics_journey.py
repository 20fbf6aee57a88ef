"""A leader follows a figure to its rows: the metric list, a figure, the children side by
side (with the chart drawn), one child, its rows, the export."""

import datetime as dt
from importlib import import_module

import pytest

from tally.accounts.models import SecurityEvent
from tally.ledgers.models import GenericRecord, LedgerType

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TALK = "能力作风建设大家谈"


@pytest.fixture
def shipped_ledgers(db):
    """The generic ledgers of the data migration: an earlier transactional test's flush
    removes them, so they are put back as the migration writes them."""
    migration = import_module("tally.readymade.migrations.0001_ledger_types")
    for spec in migration.LEDGERS:
        LedgerType.objects.update_or_create(key=spec["key"], defaults={**spec, "builtin": True})


def talk(org, day, name):
    GenericRecord.objects.create(
        ledger_type=LedgerType.objects.get(key="events"),
        org=org,
        date=dt.date.fromisoformat(day),
        data={"name": name, "category": TALK, "org": org.code, "date": day},
        natural_key=name,
    )


def test_it_leads_from_a_figure_to_the_rows_behind_it(page, world, shipped_ledgers):
    talk(world.village_a, "2023-03-01", "甲一村大家谈")
    talk(world.community_a, "2023-04-01", "甲二社区大家谈")
    talk(world.village_b, "2023-05-01", "乙一村大家谈")
    log_in(page, "leader")

    page.goto(page.base_url + "/metrics/?org=Z&period=2023H1")
    page.locator('a.figure-link[href^="/metrics/events.talks/"]').click()
    page.wait_for_load_state("networkidle")

    assert page.locator(".metric-value .figure-link").inner_text() == "3"
    ranking = page.locator("table.metric-ranking tbody tr")
    assert ranking.nth(0).inner_text().split()[:3] == ["1", "甲街道党工委", "Z-A"]
    assert page.locator("div.chart canvas").count() == 1  # ECharts drew the bars

    page.get_by_role("link", name="甲街道党工委").click()
    page.wait_for_load_state("networkidle")
    assert "org=Z-A" in page.url
    assert page.locator(".metric-value .figure-link").inner_text() == "2"
    rows = page.locator("table.metric-rows tbody tr")
    assert sorted(rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())) == [
        "甲一村大家谈",
        "甲二社区大家谈",
    ]

    with page.expect_download() as download:
        page.locator('a[href*="/rows.xlsx"]').click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT, username="leader").exists()
