"""The dashboard through its URL: every figure equals the metric engine's for the same
key, organisation and period; every chart element links to its rows; the query count
does not grow with the rows; the exports."""

import io
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from python_calamine import CalamineWorkbook

from tally.dashboard import board
from tally.lib.periods import parse_period
from tally.metrics.charts import chart_value
from tally.metrics.engine import compute

from .conftest import PERIOD, grow

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script id="(dash-\w+)" type="application/json">(.*?)</script>', re.S)


def options_of(response) -> dict:
    """The option dict of every chart on the page, by its script's id."""
    html = response.content.decode()
    found = {name: json.loads(text) for name, text in SCRIPT.findall(html)}
    for name in found:  # each has its chart element
        assert f'data-chart="{name}"' in html
    return found


def value(item):
    return item["value"] if isinstance(item, dict) else item


@pytest.fixture
def page(dashboard_data, login):
    def get(query=f"period={PERIOD}"):
        response = login("leader").get(f"/dashboard/?{query}")
        assert response.status_code == 200
        return response

    return get


def test_it_shows_the_figures_the_metric_engine_computes(page, world):
    options = options_of(page(f"org=Z&period={PERIOD}&metric=wishes.claimed"))
    assert set(options) == {
        f"dash-{n}"
        for n in ("fiscal", "funnel", "flows", "lights", "coverage", "community", "ranking")
    }
    period = parse_period(PERIOD)

    def metric(key, org=world.root, unit=None):
        result = compute(key, org, period)
        return chart_value(result.value, unit or result.unit)

    # Fiscal: revenue's bar is the completion metric, its gap the points ahead, the line 序时进度.
    revenue = options["dash-fiscal"]["series"][0]["data"][0]
    assert revenue["value"] == metric("fiscal.revenue.completion") == 60
    assert revenue["ahead"] == metric("fiscal.revenue.ahead") == 10
    assert options["dash-fiscal"]["series"][0]["markLine"]["data"][0]["xAxis"] == metric(
        "fiscal.time_progress"
    )

    # The funnel on the period's last day, and the period's flows.
    stocks = {item["name"]: item for item in options["dash-funnel"]["series"][0]["data"]}
    for stage, (count_key, amount_key) in board.FUNNEL_KEYS.items():
        assert stocks[stage]["value"] == metric(count_key)
        assert stocks[stage]["amount"] == metric(amount_key)
    assert stocks["在谈"]["value"] == 4 and stocks["签约"]["value"] == 2
    flows = dict(
        zip(
            options["dash-flows"]["xAxis"]["data"],
            options["dash-flows"]["series"][0]["data"],
            strict=True,
        )
    )
    assert flows["签约"]["value"] == metric(board.SIGNED_KEYS[0]) == 2
    assert flows["签约"]["amount"] == metric(board.SIGNED_KEYS[1])

    # Task lights: the metrics of the light history.
    for series, light in zip(options["dash-lights"]["series"], board.LIGHTS, strict=True):
        assert series["data"][0]["value"] == metric(board.TASK_LIGHT_KEYS[light])
    assert options["dash-lights"]["series"][0]["data"][0]["value"] == 3

    # Coverage per child, community figures per child, the ranking: each the child's metric.
    coverage = options["dash-coverage"]
    names = coverage["xAxis"]["data"]
    assert names == [world.street_a.name, world.street_b.name]
    for item, child in zip(
        coverage["series"][0]["data"], (world.street_a, world.street_b), strict=True
    ):
        assert item["org"] == child.code and item["value"] == metric("training.coverage", child)
    for series, key in zip(options["dash-community"]["series"], board.COMMUNITY_KEYS, strict=True):
        for item in series["data"]:
            assert item["value"] == metric(key, org_by_code(item["org"]))
    ranking = options["dash-ranking"]["series"][0]["data"]
    assert [value(i) for i in ranking] == [
        metric("wishes.claimed", org_by_code(i["org"])) for i in ranking
    ]
    assert sum(value(i) for i in ranking) == metric("wishes.claimed") == 6


def org_by_code(code):
    from tally.orgs.models import Org

    return Org.objects.get(code=code)


def test_every_chart_element_links_to_its_rows(page, login):
    options = options_of(page())
    client = login("leader")
    checked = 0
    for name, option in options.items():
        for series in option["series"]:
            for item in series["data"]:
                assert isinstance(item, dict) and item["url"].startswith("/"), (name, item)
                assert client.get(item["url"]).status_code == 200, item["url"]
                checked += 1
    assert checked > 20
    coverage = options["dash-coverage"]["series"][0]["data"]
    assert coverage[0]["url"] == f"/party/coverage/Z-A/untrained/?period={PERIOD}"


def count_queries(client) -> int:
    """The queries of the dashboard computed afresh: its figures are cached until the
    data changes, and the count that must not grow is the one that computes them."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/dashboard/?period={PERIOD}").status_code == 200
    return len(queries)


def test_its_query_count_does_not_grow_with_the_rows(dashboard_data, login):
    client = login("leader")
    count_queries(client)  # warm: sessions, settings
    few = count_queries(client)
    grow(dashboard_data, 30)
    assert count_queries(client) == few


def test_its_own_indicator_and_project_figures_are_the_economy_modules(dashboard_data, world):
    """The fiscal bars (three queries for all indicators) are indicators.figures(); the
    project lights (two queries for both days) are the projects board's counts."""
    import datetime as dt
    from decimal import Decimal

    from tally.economy import indicators, projects
    from tally.economy.models import Indicator, IndicatorActual, IndicatorTarget

    revenue, tax = Indicator.objects.get(code="revenue"), Indicator.objects.get(code="tax")
    for org, actual, target in ((world.street_a, 250, 500), (world.village_a, 100, 300)):
        # the street and a village under it report too: the village is within the street
        IndicatorActual.objects.create(
            indicator=revenue, org=org, month="2023-06", cumulative=Decimal(actual)
        )
        IndicatorTarget.objects.create(indicator=revenue, org=org, year=2023, target=target)
    IndicatorActual.objects.create(
        indicator=tax, org=world.village_b, month="2023-06", cumulative=Decimal(40)
    )
    IndicatorTarget.objects.create(indicator=tax, org=world.village_b, year=2023, target=80)
    period = parse_period(PERIOD)
    days = (period.end, period.end - dt.timedelta(days=7), dt.date(2023, 1, 3))
    for org in (world.root, world.street_a, world.street_b):
        bars = board.indicator_bars(org, period)
        assert [bar.indicator.code for bar in bars] == ["revenue", "tax"]
        for bar in bars:
            expected = indicators.figures(bar.indicator, org, period)
            assert (bar.actual, bar.target, bar.completion, bar.gap) == (
                expected.actual,
                expected.target,
                expected.completion,
                expected.gap,
            )
        counts = board.project_lights(org, days)
        for day in days:
            columns = projects.board(org, day)
            assert counts[day] == {
                light: sum(column.count(light) for column in columns) for light in board.LIGHTS
            }
    assert board.indicator_bars(world.street_a, period)[0].actual == 250
    assert sum(board.project_lights(world.root, days)[period.end].values()) == 6


def test_it_ranks_the_children_with_the_change_since_the_previous_period(page, world, login):
    from tally.community.models import Wish

    # Q1: street B claimed more; Q2: street A did.
    Wish.objects.update(claimed_on="2023-05-01")
    Wish.objects.filter(community=world.community_b).update(claimed_on="2023-02-01")
    html = page("period=2023Q2&metric=wishes.claimed").content.decode()
    row_a = re.search(r'<tr data-org="Z-A">(.*?)</tr>', html, re.S).group(1)
    row_b = re.search(r'<tr data-org="Z-B">(.*?)</tr>', html, re.S).group(1)
    assert "<td>1</td>" in row_a and "▲1" in row_a
    assert "<td>2</td>" in row_b and "▼1" in row_b
    ranking = board.ranking("wishes.claimed", world.root, parse_period("2023Q2"))
    assert ranking.previous_period.label == "2023Q1"
    assert [(r.org.code, r.rank, r.previous_rank, r.change) for r in ranking.rows][:2] == [
        ("Z-A", 1, 2, 1),
        ("Z-B", 2, 1, -1),
    ]


def test_it_says_why_an_organisation_cannot_be_chosen(dashboard_data, login):
    response = login("leader").get("/dashboard/?org=没有这个组织")
    assert response.status_code == 404
    assert "dash-funnel" not in response.content.decode()


@pytest.mark.parametrize(
    "name", ["fiscal", "funnel", "flows", "lights", "coverage", "community", "ranking"]
)
def test_it_exports_each_chart_as_png(dashboard_data, login, name):
    response = login("office").get(f"/dashboard/charts/{name}.png?period={PERIOD}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n") and len(response.content) > 5000


def test_it_exports_the_ranking_as_a_workbook(dashboard_data, login, world):
    response = login("leader").get(f"/dashboard/ranking.xlsx?period={PERIOD}&metric=wishes.claimed")
    assert response.status_code == 200
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[1][:4] == ["排名", "组织编码", "组织名称", "数值"]
    body = {row[1]: row for row in rows[2:]}
    period = parse_period(PERIOD)
    for code in ("Z-A", "Z-B"):
        assert body[code][3] == compute("wishes.claimed", org_by_code(code), period).value
    assert body["Z-A"][0] == 1


@pytest.mark.parametrize(
    ("label", "before"),
    [
        ("2023", "2022"),
        ("2023H1", "2022H2"),
        ("2023H2", "2023H1"),
        ("2023Q1", "2022Q4"),
        ("2023-01", "2022-12"),
        ("2023-W01", "2022-W52"),
        ("2023-03-01..2023-03-10", "2023-02-19..2023-02-28"),
    ],
)
def test_it_knows_the_period_before(label, before):
    assert board.previous_period(parse_period(label)).label == before
