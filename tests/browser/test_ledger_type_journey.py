"""JOURNEYS.md journey 6 in the browser: the administrator defines a new campaign's
ledger in Chinese alone; the keys appear as he types the names, ticking "identifies a
record" ticks "required", and the saved ledger works at once."""

import pytest
from playwright.sync_api import expect

from tally.ledgers.models import LedgerType

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_the_administrator_define_a_ledger_in_chinese(page, world):
    log_in(page, "admin")
    page.goto(page.base_url + "/ledgers/types/new/")
    page.locator("#id_name").fill("双十星争创")
    key = page.locator("#id_key")
    expect(key).to_have_value("shuangshi_xingzheng_chuang")
    rows = [("组织编码", "org"), ("星级类别", "text"), ("承诺日期", "date")]
    for index, (header, kind) in enumerate(rows):
        page.locator(f"#id_columns-{index}-header").fill(header)
        page.locator(f"#id_columns-{index}-type").select_option(kind)
    expect(page.locator("#id_columns-1-key")).to_have_value("xingji_leibie")
    page.locator("#id_columns-1-key").fill("star")  # the administrator's own key stays
    page.locator("#id_columns-1-header").fill("星级")
    page.wait_for_timeout(600)
    assert page.locator("#id_columns-1-key").input_value() == "star"
    page.locator("#id_columns-0-in_key").check()
    page.locator("#id_columns-1-in_key").check()
    assert page.locator("#id_columns-0-required").is_checked()
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    ledger_type = LedgerType.objects.get(key="shuangshi_xingzheng_chuang")
    assert [c["key"] for c in ledger_type.columns] == ["zuzhi_bianma", "star", "chengnuo_riqi"]
    assert ledger_type.natural_key == ["zuzhi_bianma", "star"]
    assert page.url.endswith("/ledgers/types/")
