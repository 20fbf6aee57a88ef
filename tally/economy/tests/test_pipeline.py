"""Stocks and flows of the investment pipeline from the stage history: where projects
stood on several dates whatever happened later, which reached a stage in a period, and
the metrics built on them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tally.economy import pipeline
from tally.lib.periods import parse_period
from tally.metrics.engine import compute

from .conftest import add_investment

pytestmark = pytest.mark.django_db
H1 = parse_period("2023H1")


@pytest.fixture
def projects(world):
    a, b = world.village_a, world.street_b
    return [
        add_investment(
            "P1",
            a,
            [("跟踪", "2022-11-01"), ("在谈", "2023-02-01"), ("签约", "2023-04-10")],
            amount="30",
        ),
        add_investment(
            "P2", a, [("在谈", "2023-03-01"), ("跟踪", "2023-06-01")], amount="5"
        ),  # back
        add_investment("P3", a, [("在谈", "2023-05-01"), ("签约", "2023-07-15")], amount="8"),
        add_investment("P4", b, [("重点洽谈", "2023-01-20")], amount="40"),
        add_investment("P5", b, [("签约", "2023-02-01"), ("开工", "2023-05-01")], amount="12.25"),
    ]


def counts(figures):
    return {f.stage: f.count for f in figures if f.count}


def test_it_answers_where_projects_stood_on_any_date(world, projects):
    assert counts(pipeline.stocks(world.root, dt.date(2023, 6, 30))) == {
        "跟踪": 1,
        "在谈": 1,
        "重点洽谈": 1,
        "签约": 1,
        "开工": 1,
    }
    assert counts(pipeline.stocks(world.root, dt.date(2023, 3, 15))) == {
        "在谈": 2,
        "重点洽谈": 1,
        "签约": 1,
    }
    # Before a project's first row it has no stage at all.
    assert counts(pipeline.stocks(world.root, dt.date(2022, 12, 31))) == {"跟踪": 1}
    # P3 signed later: on 30 June it was still in negotiation.
    assert [p.number for p in pipeline.projects_at("在谈", world.root, dt.date(2023, 6, 30))] == [
        "P3"
    ]


def test_it_follows_a_project_moving_back_a_stage(world, projects):
    may, june = dt.date(2023, 5, 31), dt.date(2023, 6, 30)
    assert "P2" in {p.number for p in pipeline.projects_at("在谈", world.root, may)}
    assert "P2" in {p.number for p in pipeline.projects_at("跟踪", world.root, june)}
    assert "P2" not in {p.number for p in pipeline.projects_at("在谈", world.root, june)}


def test_it_counts_projects_reaching_a_stage_in_a_period(world, projects):
    flows = {
        f.stage: (f.count, f.amount)
        for f in pipeline.flows(world.root, H1.start, H1.end)
        if f.count
    }
    assert flows == {
        "跟踪": (1, Decimal("5")),
        "在谈": (3, Decimal("43")),
        "重点洽谈": (1, Decimal("40")),
        "签约": (2, Decimal("42.25")),
        "开工": (1, Decimal("12.25")),
    }
    second_half = parse_period("2023H2")
    assert counts(pipeline.flows(world.root, second_half.start, second_half.end)) == {"签约": 1}


def test_it_sums_agreed_investment_per_stage(world, projects):
    amounts = {
        f.stage: f.amount for f in pipeline.stocks(world.root, dt.date(2023, 6, 30)) if f.count
    }
    assert amounts["签约"] == Decimal("30") and amounts["开工"] == Decimal("12.25")


def test_it_limits_figures_to_the_subtree(world, projects):
    assert counts(pipeline.stocks(world.street_a, dt.date(2023, 6, 30))) == {
        "跟踪": 1,
        "在谈": 1,
        "签约": 1,
    }
    assert counts(pipeline.stocks(world.street_b, dt.date(2023, 6, 30))) == {
        "重点洽谈": 1,
        "开工": 1,
    }


def test_it_narrows_to_the_subtree_before_taking_the_stage_on_a_day(world, projects):
    # The stage on a day is a subquery per project: the projects are found by the
    # subtree's organisation ids first (their index), never by joining every project to
    # its organisation and testing the path (bench/economy_bench.py: a community's stock
    # then costs as much as the city's).
    with CaptureQueriesContext(connection) as captured:
        pipeline.stocks(world.street_a, dt.date(2023, 6, 30))
        list(pipeline.projects_at("在谈", world.street_a, dt.date(2023, 6, 30)))
    for query in captured.captured_queries:
        sql = query["sql"].upper()
        assert "JOIN" not in sql and '"ORG_ID" IN (SELECT' in sql, sql


def test_it_computes_stocks_and_flows_in_one_query_each(world, projects):
    with CaptureQueriesContext(connection) as stocks_queries:
        pipeline.stocks(world.root, dt.date(2023, 6, 30))
    with CaptureQueriesContext(connection) as flows_queries:
        pipeline.flows(world.root, H1.start, H1.end)
    assert len(stocks_queries) == 1 and len(flows_queries) == 1


def test_it_gives_the_metrics_of_the_pipeline(world, projects):
    def value(key, org=world.root, period=H1):
        return compute(key, org, period).value

    assert value("investment.signed.count") == 2
    assert value("investment.signed.amount") == Decimal("42.25")
    assert value("investment.negotiating.count") == 1
    assert value("investment.negotiating.amount") == Decimal("8")
    assert value("investment.tracking.count") == 1
    assert value("investment.key_negotiation.count") == 1
    assert value("investment.key_negotiation.count", world.street_a) == 0
    assert value("investment.library.count") == 5
    assert value("investment.library.amount") == Decimal("95.25")
    # The rows behind a stock are the projects themselves.
    rows = compute("investment.negotiating.count", world.root, H1).rows
    assert [p.number for p in rows] == ["P3"]
    # At the end of May P2 was still in negotiation (a month ending before its move back).
    assert value("investment.negotiating.count", period=parse_period("2023-05")) == 2


def test_it_gives_a_projects_timeline(world, projects):
    entries = pipeline.timeline(projects[0])
    assert [e["row"].stage for e in entries] == ["跟踪", "在谈", "签约"]
    assert entries[0]["days"] == (dt.date(2023, 2, 1) - dt.date(2022, 11, 1)).days
    assert entries[-1]["current"]
