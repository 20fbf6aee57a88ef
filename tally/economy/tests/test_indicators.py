"""Indicator formulas on hand-built numbers: YoY over zero and negative bases, share of the
parent, completion, 序时进度 by month, points ahead and behind, 双过半 at 30 June; and
figures of a subtree where several levels report."""

from decimal import Decimal

import pytest

from tally.economy import indicators
from tally.economy.models import IndicatorActual, IndicatorTarget
from tally.lib.periods import parse_period
from tally.metrics.engine import compute

from .conftest import add_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def fiscal(world):
    revenue = add_indicator("revenue", "地方一般公共预算收入")
    tax = add_indicator("tax", "税收收入", parent_code="revenue")
    return revenue, tax


def actuals(indicator, org, values: dict):
    IndicatorActual.objects.bulk_create(
        IndicatorActual(indicator=indicator, org=org, month=m, cumulative=Decimal(v))
        for m, v in values.items()
    )


def goal(indicator, org, year, value):
    IndicatorTarget.objects.create(indicator=indicator, org=org, year=year, target=Decimal(value))


def value(key, org, period="2023H1"):
    return compute(key, org, parse_period(period)).value


def test_it_computes_yoy_share_completion_and_points(world, fiscal):
    revenue, tax = fiscal
    actuals(revenue, world.root, {"2022-06": "40000", "2023-06": "74300"})
    actuals(tax, world.root, {"2022-06": "30000", "2023-06": "71774"})
    goal(revenue, world.root, 2023, "100000")
    assert round(value("fiscal.revenue.yoy", world.root), 2) == Decimal("85.75")
    assert compute("fiscal.revenue.yoy", world.root, parse_period("2023H1")).text == "85.8%"
    assert round(value("fiscal.tax.share", world.root), 1) == Decimal("96.6")
    assert value("fiscal.revenue.completion", world.root) == Decimal("74.3")
    assert value("fiscal.time_progress", world.root) == Decimal(50)
    assert value("fiscal.revenue.ahead", world.root) == Decimal("24.3")
    assert value("fiscal.revenue.double_half", world.root) is True


@pytest.mark.parametrize("base", ["0", "-500"])
def test_it_gives_no_yoy_over_a_zero_or_negative_base(world, fiscal, base):
    revenue, _tax = fiscal
    actuals(revenue, world.root, {"2022-06": base, "2023-06": "1000"})
    assert value("fiscal.revenue.yoy", world.root) is None
    assert compute("fiscal.revenue.yoy", world.root, parse_period("2023H1")).text == "—"


def test_it_gives_no_yoy_without_last_years_month(world, fiscal):
    revenue, _tax = fiscal
    actuals(revenue, world.root, {"2023-06": "1000"})
    assert value("fiscal.revenue.yoy", world.root) is None


def test_it_measures_time_progress_by_month_and_points_behind(world, fiscal):
    revenue, _tax = fiscal
    goal(revenue, world.root, 2023, "1200")
    actuals(revenue, world.root, {"2023-03": "200", "2023-05": "452"})
    assert value("fiscal.time_progress", world.root, "2023-03") == Decimal(25)
    assert round(value("fiscal.revenue.ahead", world.root, "2023-03"), 2) == Decimal("-8.33")
    # Jan–May 37.7% against 5/12 = 41.7%: 4 points behind.
    ahead = compute("fiscal.revenue.ahead", world.root, parse_period("2023-05"))
    assert ahead.text == "-4.0"


def test_it_judges_double_half_at_the_end_of_june(world, fiscal):
    revenue, _tax = fiscal
    goal(revenue, world.root, 2023, "1000")
    actuals(revenue, world.root, {"2023-05": "420", "2023-06": "490", "2023-09": "800"})
    assert value("fiscal.revenue.double_half", world.root, "2023-05") is None  # not yet
    assert value("fiscal.revenue.double_half", world.root, "2023H1") is False
    # The year is judged on June too: 80% by September does not make June's half.
    assert value("fiscal.revenue.double_half", world.root, "2023Q3") is False
    IndicatorActual.objects.filter(month="2023-06").update(cumulative=Decimal("500"))
    assert value("fiscal.revenue.double_half", world.root, "2023") is True


def test_it_never_adds_a_zone_total_to_the_streets_it_contains(world, fiscal):
    revenue, _tax = fiscal
    actuals(revenue, world.street_a, {"2023-06": "300"})
    actuals(revenue, world.street_b, {"2023-06": "200"})
    actuals(revenue, world.village_a, {"2023-06": "50"})  # part of street A's figure
    assert value("fiscal.revenue.actual", world.root) == Decimal(500)
    assert value("fiscal.revenue.actual", world.street_a) == Decimal(300)
    assert value("fiscal.revenue.actual", world.village_a) == Decimal(50)
    actuals(revenue, world.root, {"2023-06": "520"})
    assert value("fiscal.revenue.actual", world.root) == Decimal(520)


def test_it_gives_an_indicator_pages_figures(world, fiscal):
    revenue, tax = fiscal
    actuals(revenue, world.root, {"2022-06": "40000", "2023-06": "74300"})
    actuals(tax, world.root, {"2022-06": "30000", "2023-06": "71774"})
    goal(tax, world.root, 2023, "90000")
    shown = indicators.figures(tax, world.root, parse_period("2023H1"))
    assert shown.parent == revenue and shown.actual == Decimal("71774")
    assert round(shown.share, 1) == Decimal("96.6")
    assert round(shown.yoy, 2) == Decimal("139.25")
    assert round(shown.completion, 2) == Decimal("79.75")
    assert shown.time_progress == Decimal(50) and round(shown.gap, 2) == Decimal("29.75")
    assert shown.double_half is True


def test_it_gives_a_monthly_series_against_time_progress(world, fiscal):
    revenue, _tax = fiscal
    goal(revenue, world.root, 2023, "1200")
    actuals(revenue, world.root, {"2022-01": "80", "2023-01": "100", "2023-02": "250"})
    series = indicators.monthly_series("revenue", world.root, 2023)
    assert len(series) == 12
    assert series[0]["actual"] == Decimal(100) and series[0]["last_year"] == Decimal(80)
    assert round(series[1]["completion"], 2) == Decimal("20.83")
    assert [round(s["time_progress"], 1) for s in series[:3]] == [
        Decimal("8.3"),
        Decimal("16.7"),
        25,
    ]
    assert series[2]["actual"] is None
