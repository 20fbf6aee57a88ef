"""The organisation chooser in the browser: a clerk finds her community by typing part
of its name, in a list filter, a record form and (on a phone) a metric page; another
street is not offered, and typed anyway it is refused in plain Chinese."""

import datetime as dt
import importlib
from urllib.parse import parse_qs, urlparse

import pytest

from tally.ledgers.models import GenericRecord, LedgerType
from tally.ledgers.registry import get_ledger

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def events(db, world):
    migration = importlib.import_module("tally.readymade.migrations.0001_ledger_types")
    spec = next(spec for spec in migration.LEDGERS if spec["key"] == "events")
    LedgerType.objects.get_or_create(key="events", defaults={**spec, "builtin": True})
    ledger = get_ledger("events")
    for org, name in ((world.village_a, "甲一村大家谈"), (world.community_a, "甲二社区大家谈")):
        record = ledger.new_instance(
            {"org": org, "name": name, "date": dt.date(2023, 3, 1), "category": "其他"}
        )
        record.save()


def choose(page, box, text, name):
    box.fill(text)
    option = page.locator(".org-chooser-list [role=option]", has_text=name)
    option.first.wait_for()
    option.first.dispatch_event("mousedown")


def test_it_lets_a_clerk_filter_a_list_by_typing_her_communitys_name(page, world, events):
    log_in(page, "clerk")
    page.goto(page.base_url + "/ledgers/events/")
    box = page.locator("#f-org")
    choose(page, box, "甲二", "甲二社区党委")
    assert box.input_value() == "甲二社区党委（Z-A-2）"
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state("networkidle")
    assert parse_qs(urlparse(page.url).query)["org"] == ["Z-A-2"]
    table = page.locator("main table").first
    assert table.get_by_text("甲二社区大家谈").is_visible()
    assert table.get_by_text("甲一村大家谈").count() == 0
    assert page.locator("#f-org").input_value() == "甲二社区党委（Z-A-2）"


def test_it_offers_no_other_street_and_refuses_one_typed_anyway(page, world, events):
    log_in(page, "clerk")
    page.goto(page.base_url + "/ledgers/events/")
    box = page.locator("#f-org")
    box.fill("乙街道")
    page.get_by_text("没有可选的组织与之相符").wait_for()
    box.press("Escape")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state("networkidle")
    alert = page.locator(".alert-danger")
    assert "“乙街道”不在您可选的组织中" in alert.inner_text()
    assert page.get_by_text("甲一村大家谈").count() == 0


def test_it_lets_a_clerk_pick_the_organisation_of_a_new_record_by_keyboard(page, world, events):
    log_in(page, "clerk")
    page.goto(page.base_url + "/ledgers/events/new/")
    page.locator("#id_name").fill("甲一村新活动")
    page.locator("#id_category").select_option("其他")
    page.locator("#id_date").fill("2023-05-04")
    box = page.locator("#id_org")
    box.fill("甲一")
    page.locator(".org-chooser-list [role=option]").first.wait_for()
    box.press("ArrowDown")
    box.press("Enter")
    assert box.input_value() == "甲一村党支部（Z-A-1）"
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    record = GenericRecord.objects.get(data__name="甲一村新活动")
    assert record.org == world.village_a


def test_it_lets_a_clerk_choose_on_a_phone_for_a_metric(phone, world, events):
    log_in(phone, "clerk")
    phone.goto(phone.base_url + "/metrics/events.talks/?period=2023H1")
    box = phone.locator("#id_org")
    choose(phone, box, "甲一村", "甲一村党支部")
    phone.get_by_role("button", name="显示").click()
    phone.wait_for_load_state("networkidle")
    assert parse_qs(urlparse(phone.url).query)["org"] == ["Z-A-1"]
    assert "甲一村党支部" in phone.locator(".metric-value").locator("xpath=..").inner_text()
