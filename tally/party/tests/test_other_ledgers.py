"""Theme days, visits, returnees, leaders' claims and elections through the import."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils.translation import override

from tally.party.models import Election, LeaderClaim, Returnee, ThemeDay, Visit
from tally.testing.sheets import import_sheet

from .conftest import id_number

pytestmark = pytest.mark.django_db

THEME_HEADER = ["组织编码", "月份", "开展日期", "主题"]
CLAIM_HEADER = ["领导姓名", "类别", "内容", "联系点组织编码", "日期"]


def test_it_imports_theme_days_one_per_month(world):
    rows = [
        ["Z-A-9", "2023-03", "2023-03-15", "学习二十大精神"],
        ["Z-A-9", "2023/4", "2023-04-12", "主题党日"],
    ]
    batch = import_sheet("theme_days", THEME_HEADER, rows, world.users["clerk"])
    assert batch.status == "committed", batch.errors
    assert list(ThemeDay.objects.order_by("month").values_list("month", flat=True)) == [
        "2023-03",
        "2023-04",
    ]


def test_it_refuses_a_theme_day_held_outside_its_month(world):
    with override("en"):
        batch = import_sheet(
            "theme_days",
            THEME_HEADER,
            [["Z-A-9", "2023-03", "2023-04-01", "主题"]],
            world.users["clerk"],
        )
    assert batch.errors[0]["column"] == "开展日期"
    assert "not in the month 2023-03" in batch.errors[0]["message"]
    assert not ThemeDay.objects.exists()


def test_it_imports_visits_with_amounts(world):
    header = ["对象姓名", "对象类别", "走访组织编码", "走访日期", "慰问金额(元)"]
    rows = [
        ["李四", "老党员", "Z-A-2", "2023-01-16", "500"],
        ["赵六", "生活困难党员", "Z-A-2", "2023-01-17", ""],
    ]
    batch = import_sheet("visits", header, rows, world.users["clerk"])
    assert batch.status == "committed", batch.errors
    assert Visit.objects.get(person_name="李四").amount == Decimal("500")
    assert Visit.objects.get(person_name="赵六").amount is None


def test_it_imports_returnees_encrypted_in_villages_and_communities_only(world):
    header = ["姓名", "身份证号", "类别", "所在村社区编码", "流向或来源地", "登记日期"]
    rows = [
        ["王五", id_number(5), "返乡能人", "Z-A-1", "广东省深圳市", "2023-02-10"],
        ["钱七", id_number(6), "流动党员", "Z-A", "浙江省杭州市", "2023-02-10"],
    ]
    with override("en"):
        batch = import_sheet("returnees", header, rows, world.users["clerk"])
    assert batch.errors[0]["line"] == 3
    assert batch.errors[0]["column"] == "所在村社区编码"
    batch = import_sheet("returnees", header, rows[:1], world.users["clerk"])
    assert batch.status == "committed"
    returnee = Returnee.objects.get()
    assert returnee.id_number == id_number(5)
    assert id_number(5).encode() not in bytes(returnee.id_number_enc)


def test_it_gives_a_claim_to_its_contact_point_or_else_the_uploaders_organisation(world):
    rows = [
        ["张书记", "党建联系点", "联系甲二社区", "Z-A-2", "2023-02-20"],
        ["张书记", "认领承诺", "推进两新组织党建全覆盖", "", "2023-02-20"],
    ]
    batch = import_sheet("leader_claims", CLAIM_HEADER, rows, world.users["office"])
    assert batch.status == "committed", batch.errors
    contact = LeaderClaim.objects.get(kind="党建联系点")
    assert (contact.contact_org, contact.org) == (world.community_a, world.community_a)
    commitment = LeaderClaim.objects.get(kind="认领承诺")
    assert (commitment.contact_org, commitment.org) == (None, world.department)


def test_it_refuses_a_contact_point_claim_without_the_organisation(world):
    rows = [["张书记", "党建联系点", "联系点", "", "2023-02-20"]]
    with override("en"):
        batch = import_sheet("leader_claims", CLAIM_HEADER, rows, world.users["office"])
    assert "names the contact organisation" in batch.errors[0]["message"]
    assert not LeaderClaim.objects.exists()


def test_it_refuses_a_clerks_claim_on_another_streets_contact_point(world):
    rows = [["王主任", "党建联系点", "联系乙二社区", "Z-B-2", "2023-02-20"]]
    with override("en"):
        batch = import_sheet("leader_claims", CLAIM_HEADER, rows, world.users["clerk"])
    assert "outside the organisations you may change" in batch.errors[0]["message"]


def test_it_imports_elections_and_refuses_a_completion_in_the_future(world):
    header = ["组织编码", "应换届日期", "完成日期"]
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    rows = [["Z-A-2-1", "2023-05-31", "2023-05-20"], ["Z-A-2", "2023-06-30", future]]
    with override("en"):
        batch = import_sheet("elections", header, rows, world.users["clerk"])
    assert batch.errors[0]["line"] == 3
    assert "in the future" in batch.errors[0]["message"]
    batch = import_sheet("elections", header, rows[:1], world.users["clerk"])
    assert batch.status == "committed"
    assert Election.objects.get().on_time
