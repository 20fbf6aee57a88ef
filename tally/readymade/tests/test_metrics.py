"""The generic-ledger metrics of DOMAIN.md end to end: a CSV imported through the ledger
framework, the metric computed, the rows behind it equal to the rows imported."""

from decimal import Decimal

import pytest

from tally.ledgers import services
from tally.ledgers.registry import get_ledger
from tally.lib.periods import parse_period
from tally.metrics.engine import compute, compute_many

H1 = parse_period("2023H1")
CREDIT_CODE = "91350100M000100Y43"


def import_csv(world, ledger_key: str, text: str):
    """Import the CSV as the office would, all the way to a committed batch."""
    ledger = get_ledger(ledger_key)
    batch = services.start_import(
        ledger, f"{ledger_key}.csv", text.encode("utf-8"), user=world.users["office"], inline=True
    )
    assert batch.error_count == 0, batch.errors + batch.notes
    services.request_commit(batch, inline=True)
    batch.refresh_from_db()
    assert batch.status == "committed"
    return batch


def names(result, column="name") -> list[str]:
    return sorted(row.data[column] for row in result.rows)


def test_it_counts_talks_from_an_imported_file(world):
    import_csv(
        world,
        "events",
        "活动名称,活动类别,组织编码,活动日期\n"
        "第一期,能力作风建设大家谈,Z-A-1,2023-01-01\n"
        "第二期,能力作风建设大家谈,Z-A-2,2023/6/30\n"
        "第三期,能力作风建设大家谈,Z-B-1,2023年7月1日\n"
        "座谈会,工作经验交流座谈会,Z-A-1,2023-03-01\n",
    )

    result = compute("events.talks", world.root, H1)

    assert (result.value, result.text, result.unit) == (2, "2", "次")
    assert names(result) == ["第一期", "第二期"]
    assert compute("events.talks", world.street_b, parse_period("2023H2")).value == 1


def test_it_counts_briefings_and_articles_in_the_period(world):
    import_csv(
        world,
        "briefings",
        "期号,标题,印发日期,组织编码\n"
        "2023年第1期,专刊,2023-02-10,Z-D1\n"
        "2023年第2期,简报,2023-06-30,Z-D1\n"
        "2022年第9期,简报,2022-12-30,Z-D1\n",
    )
    import_csv(
        world,
        "publicity",
        "标题,平台,发布日期,组织编码\n甲,微信公众号,2023-03-16,Z-A\n乙,网站,2023-04-01,Z-B\n",
    )

    results = compute_many(["publicity.briefings", "publicity.articles"], world.root, H1)

    assert results["publicity.briefings"].value == 2
    assert sorted(r.data["issue"] for r in results["publicity.briefings"].rows) == [
        "2023年第1期",
        "2023年第2期",
    ]
    assert results["publicity.articles"].value == 2
    assert compute("publicity.articles", world.street_a, H1).value == 1


def test_it_counts_instant_items_online_by_the_end_of_the_period(world):
    import_csv(
        world,
        "service_items",
        "事项编码,事项名称,办理组织编码,上线日期\n"
        "JB-1,甲,Z-D1,2022-05-01\nJB-2,乙,Z-D1,2023-06-30\nJB-3,丙,Z-D1,2023-07-01\n",
    )

    result = compute("services.instant_items", world.root, H1)

    assert result.value == 2
    assert names(result) == ["乙", "甲"]
    assert compute("services.instant_items", world.root, parse_period("2023")).value == 3


def test_it_counts_government_projects_handled(world):
    import_csv(
        world,
        "gov_filings",
        "编号,项目名称,类别,办理日期,办理组织编码\n"
        "BA-1,甲,备案项目,2023-04-12,Z-D1\nBA-2,乙,政府投资项目,2023-05-12,Z-D1\n"
        "BA-3,丙,备案项目,2023-08-12,Z-D1\n",
    )
    assert compute("projects.government.count", world.root, H1).value == 2
    assert compute("projects.government.count", world.department, H1).value == 2
    assert compute("projects.government.count", world.street_a, H1).value == 0


def test_it_sums_technology_contract_turnover(world):
    import_csv(
        world,
        "tech_contracts",
        "合同编号,统一社会信用代码,登记日期,成交额(亿元),组织编码\n"
        f"C-1,{CREDIT_CODE},2023-05-20,0.35,Z-D1\n"
        f"C-2,{CREDIT_CODE},2023-06-20,13.65,Z-D1\n"
        f"C-3,{CREDIT_CODE},2023-07-20,100,Z-D1\n",
    )

    result = compute("tech.contracts.amount", world.root, H1)

    assert result.value == Decimal("14")
    assert (result.text, result.unit) == ("14", "亿元")
    assert sorted(r.data["number"] for r in result.rows) == ["C-1", "C-2"]


@pytest.fixture
def facilities(world):
    return import_csv(
        world,
        "env_facilities",
        "编号,类别,位置,责任单位编码,发现日期,完成日期\n"
        "HB-1,维修更换,东路,Z-A-1,2023-03-02,2023-03-20\n"
        "HB-2,维修更换,西路,Z-A-1,2023-04-02,2023-06-30\n"
        "HB-3,清淤疏通,南路,Z-B-1,2023-05-02,2023-07-01\n"
        "HB-4,新建管网,北路,Z-B-1,2023-06-02,\n"
        "HB-5,新建管网,中路,Z-B-1,2022-12-02,2023-01-02\n",
    )


def test_it_counts_facilities_by_category_and_their_rectification_rate(world, facilities):
    keys = [
        "env.facilities.repaired",
        "env.facilities.dredged",
        "env.facilities.new",
        "env.facilities.rate",
    ]

    results = compute_many(keys, world.root, H1)

    assert {key: r.text for key, r in results.items()} == {
        "env.facilities.repaired": "2",
        "env.facilities.dredged": "1",
        "env.facilities.new": "1",
        "env.facilities.rate": "50.0%",  # HB-1, HB-2 done by 30 June; HB-3 after; HB-4 not
    }
    assert sorted(r.data["number"] for r in results["env.facilities.repaired"].rows) == [
        "HB-1",
        "HB-2",
    ]
    assert compute("env.facilities.rate", world.street_a, H1).text == "100.0%"
    assert compute("env.facilities.rate", world.street_b, H1).text == "0.0%"
    assert compute("env.facilities.rate", world.street_b, parse_period("2023")).text == "50.0%"
    completed = compute("env.facilities.completed", world.root, H1)
    assert sorted(r.data["number"] for r in completed.rows) == ["HB-1", "HB-2"]


def test_it_follows_an_undone_import(world, facilities):
    services.undo_batch(facilities)
    assert compute("env.facilities.repaired", world.root, H1).value == 0
    assert compute("env.facilities.rate", world.root, H1).text == "—"
