"""The metric page: the figure, how it is computed, the children side by side, the rows
behind it (masked, scoped, paged), and links from every figure."""

import json

import pytest
from django.urls import reverse

from tally.metrics.links import metric_url
from tally.site_settings.store import REPORTING_PERIOD, set_setting

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TALK = "能力作风建设大家谈"


@pytest.fixture
def talks(world, add_row):
    add_row("events", world.village_a, "2023-03-01", category=TALK, name="甲一村大家谈")
    add_row("events", world.community_a, "2023-04-01", category=TALK, name="甲二社区大家谈")
    add_row("events", world.village_b, "2023-05-01", category=TALK, name="乙一村大家谈")
    add_row("events", world.village_b, "2023-07-01", category=TALK, name="七月大家谈")
    add_row("events", world.village_b, "2023-05-01", category="其他", name="其他活动")


def page(client, key, org, period="2023H1", **params):
    query = {"org": org.code, "period": period, **params}
    return client.get(reverse("metrics:detail", args=[key]), query, **EN)


def test_it_shows_the_figure_its_definition_and_its_rows(login, world, talks):
    response = page(login("office"), "events.talks", world.root)

    assert response.status_code == 200
    result = response.context["result"]
    assert (result.value, result.text, result.unit) == (3, "3", "次")
    assert "能力作风建设大家谈" in response.context["description"]
    names = sorted(cells[0] for _, cells in response.context["rows"])
    assert names == ["乙一村大家谈", "甲一村大家谈", "甲二社区大家谈"]
    content = response.content.decode()
    assert 'class="figure-link"' in content
    assert "rows.xlsx?org=Z&amp;period=2023H1" in content


def test_it_ranks_the_children_and_links_each_to_its_own_page(login, world, talks):
    response = page(login("leader"), "events.talks", world.root)

    ranking = [
        (row["rank"], row["figure"].org.code, row["figure"].text)
        for row in response.context["ranking"]
    ]
    assert ranking == [(1, "Z-A", "2"), (2, "Z-B", "1"), (3, "Z-D1", "0")]
    assert response.context["ranking"][0]["url"] == metric_url(
        "events.talks", world.street_a, "2023H1"
    )
    chart = response.context["chart"]
    assert chart["xAxis"]["data"] == ["甲街道党工委", "乙街道党工委", "招商局"]
    assert chart["series"][0]["data"] == [2, 1, 0]
    content = response.content.decode()
    assert 'data-chart="metric-ranking-chart"' in content
    emitted = content.split('id="metric-ranking-chart" type="application/json">')[1].split(
        "</script>"
    )[0]
    assert json.loads(emitted)["series"][0]["data"] == [2, 1, 0]


def test_it_shows_a_street_clerk_only_the_street(login, world, talks):
    set_setting(REPORTING_PERIOD, "2023H1")
    client = login("clerk")
    home = client.get(reverse("metrics:detail", args=["events.talks"]), **EN)
    assert home.status_code == 200
    assert home.context["org"] == world.street_a
    assert home.context["result"].value == 2
    assert [row["figure"].org.code for row in home.context["ranking"]] == [
        "Z-A-1",
        "Z-A-2",
        "Z-A-9",
    ]
    assert page(client, "events.talks", world.root).status_code == 404
    assert page(client, "events.talks", world.village_b).status_code == 404


def test_it_pages_the_rows(login, world, add_row):
    for day in range(1, 29):
        for month in ("02", "03"):
            add_row("events", world.village_a, f"2023-{month}-{day:02d}", category=TALK)
    client = login("office")
    first = page(client, "events.talks", world.root)
    second = page(client, "events.talks", world.root, page=2)
    assert first.context["result"].value == 56
    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 6


def test_it_masks_personal_data_in_the_rows(login, world):
    from tally.ledgers.models import GenericRecord, LedgerType
    from tally.metrics import registry
    from tally.metrics.definitions import count
    from tally.party.models import Member

    ledger_type = LedgerType.objects.create(
        key="visits_test",
        name="测试走访",
        columns=[
            {"key": "person", "header": "身份证号", "type": "person", "required": True},
            {"key": "org", "header": "组织编码", "type": "org", "required": True},
            {"key": "date", "header": "日期", "type": "date", "required": True},
        ],
        natural_key=["person", "date"],
        org_column="org",
        date_column="date",
    )
    member = Member(name="张三", org=world.village_a)
    member.id_number = "11010519491231002X"
    member.save()
    GenericRecord.objects.create(
        ledger_type=ledger_type,
        org=world.village_a,
        date="2023-03-01",
        data={"person": member.pk, "org": world.village_a.code, "date": "2023-03-01"},
        natural_key="x",
    )
    with registry.registered(count("test.visits", "visits", "次", ledger="visits_test")):
        response = page(login("office"), "test.visits", world.root)
    cells = response.context["rows"][0][1]
    assert "11010519491231002X" not in response.content.decode()
    assert cells[0] == "110***********002X"


def test_it_links_a_derived_metric_to_its_inputs_instead_of_rows(login, world, add_row):
    add_row("env_facilities", world.village_a, "2023-03-01", category="维修更换", done="2023-04-01")
    add_row("env_facilities", world.village_a, "2023-03-01", category="维修更换")

    response = page(login("office"), "env.facilities.rate", world.root)

    assert response.context["result"].text == "50.0%"
    assert "rows" not in response.context
    inputs = [(i["result"].key, i["result"].text, i["url"]) for i in response.context["inputs"]]
    assert inputs == [
        (
            "env.facilities.completed",
            "1",
            metric_url("env.facilities.completed", world.root, "2023H1"),
        ),
        ("env.facilities.found", "2", metric_url("env.facilities.found", world.root, "2023H1")),
    ]


def test_it_says_what_is_wrong_with_a_period(login, world):
    response = page(login("office"), "events.talks", world.root, period="2023H3")
    assert response.status_code == 200
    assert "result" not in response.context
    assert "numbered 1 and 2" in response.content.decode()


def test_it_answers_404_for_an_unknown_metric(login, world):
    assert page(login("office"), "no.such", world.root).status_code == 404


def test_it_needs_as_many_queries_for_many_rows_as_for_few(login, world, add_row):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login("office")

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert page(client, "events.talks", world.root).status_code == 200
        return len(captured)

    for _ in range(3):
        add_row("events", world.village_a, "2023-03-01", category=TALK)
    few = queries_for_page()
    for org in (world.village_b, world.community_a, world.red_property_a, world.department):
        for _ in range(10):
            add_row("events", org, "2023-03-01", category=TALK)
    assert queries_for_page() == few
    assert few <= 20


def test_it_shows_each_input_over_its_own_period(login, world, add_row):
    from tally.metrics import registry
    from tally.metrics.definitions import yoy

    add_row("tech_contracts", world.village_a, "2022-03-01", amount="10")
    add_row("tech_contracts", world.village_a, "2023-03-01", amount="15")
    growth = yoy("test.growth", "growth", "tech.contracts.amount")
    with registry.registered(growth):
        response = page(login("office"), "test.growth", world.root)

    assert response.context["result"].text == "50.0%"
    inputs = [(i["period"].label, i["result"].text) for i in response.context["inputs"]]
    assert inputs == [("2023H1", "15"), ("2022H1", "10")]
    assert response.context["inputs"][1]["url"].endswith("period=2022H1")


def test_it_says_why_for_an_organisation_the_clerk_may_not_choose(login, world, talks):
    url = reverse("metrics:detail", args=["events.talks"])
    response = login("clerk").get(url, {"org": "Z-B"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 404
    assert "result" not in response.context
    assert "“Z-B”不在您可选的组织中" in response.content.decode()
    by_name = login("clerk").get(url, {"org": world.village_a.name})
    assert by_name.context["org"] == world.village_a
