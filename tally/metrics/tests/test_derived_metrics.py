"""Derived metrics — rate, share, YoY, target completion, time progress, points ahead,
double half, formulas — over small test-only metrics registered for the test."""

from decimal import Decimal

import pytest
from django.utils import translation

from tally.lib.periods import parse_period
from tally.metrics import registry
from tally.metrics.definitions import (
    YEAR_TO_DATE,
    MetricError,
    ahead,
    completion,
    double_half,
    formula,
    rate,
    share,
    time_progress,
    total,
    yoy,
)
from tally.metrics.engine import children_figures, compute, compute_many
from tally.metrics.registry import UnknownMetric

H1 = parse_period("2023H1")


def constant(key, value, unit="亿元"):
    return formula(key, key, unit, inputs=[], fn=lambda values, period: value)


# "Revenue" for the test: the year-to-date sum of the technology-contract amounts.
REVENUE = total(
    "test.revenue",
    "revenue",
    "亿元",
    ledger="tech_contracts",
    field="data__amount",
    mode=YEAR_TO_DATE,
)
FISCAL = [
    REVENUE,
    constant("test.target", Decimal("100")),
    yoy("test.revenue.yoy", "revenue YoY", "test.revenue"),
    completion("test.revenue.completion", "completion", "test.revenue", "test.target"),
    time_progress("test.time_progress", "time progress"),
    time_progress("test.time_progress_days", "time progress by days", by="days"),
    ahead("test.revenue.ahead", "ahead", "test.revenue.completion"),
    double_half("test.revenue.double_half", "double half", "test.revenue.completion"),
]


@pytest.fixture
def fiscal(db):
    with registry.registered(*FISCAL):
        yield


def revenue(add_row, world, day, amount, org=None):
    add_row("tech_contracts", org or world.village_a, day, amount=amount)


def test_it_computes_a_rate_and_gives_none_over_a_zero_base(world, add_row):
    assert compute("env.facilities.rate", world.root, H1).text == "—"
    for done in ("2023-04-01", "2023-06-30", "2023-07-01", None):
        data = {"category": "维修更换", **({"done": done} if done else {})}
        add_row("env_facilities", world.village_a, "2023-03-01", **data)

    result = compute("env.facilities.rate", world.root, H1)

    assert result.value == Decimal(50)
    assert (result.text, result.unit) == ("50.0%", "%")
    assert result.rows is None
    assert [(i.key, i.period.label) for i in result.inputs] == [
        ("env.facilities.completed", "2023H1"),
        ("env.facilities.found", "2023H1"),
    ]
    empty = compute("env.facilities.rate", world.street_b, H1)
    assert (empty.value, empty.text) == (None, "—")


def test_it_computes_a_share(world):
    part_whole = [
        constant("test.tax", Decimal("96.6")),
        constant("test.all", Decimal("100")),
        share("test.tax.share", "share", part="test.tax", whole="test.all"),
    ]
    with registry.registered(*part_whole):
        assert compute("test.tax.share", world.root, H1).text == "96.6%"


def test_it_computes_year_on_year_growth_against_the_same_period_last_year(world, add_row, fiscal):
    revenue(add_row, world, "2022-03-01", "10")
    revenue(add_row, world, "2022-09-01", "500")  # outside last year's first half
    revenue(add_row, world, "2023-02-01", "12.92")
    revenue(add_row, world, "2023-06-30", "10")

    result = compute("test.revenue.yoy", world.root, H1)

    assert result.text == "129.2%"
    assert [(i.key, i.period.label) for i in result.inputs] == [
        ("test.revenue", "2023H1"),
        ("test.revenue", "2022H1"),
    ]


def test_it_gives_no_growth_over_a_zero_or_negative_base(world, add_row, fiscal):
    revenue(add_row, world, "2023-02-01", "12")
    result = compute("test.revenue.yoy", world.root, H1)
    assert (result.value, result.text) == (None, "—")

    revenue(add_row, world, "2022-02-01", "-3")
    assert compute("test.revenue.yoy", world.root, H1).value is None


def test_it_computes_target_completion_time_progress_and_points_ahead(world, add_row, fiscal):
    revenue(add_row, world, "2023-01-15", "50")
    revenue(add_row, world, "2023-06-15", "24.3")

    results = compute_many(
        [
            "test.revenue.completion",
            "test.time_progress",
            "test.time_progress_days",
            "test.revenue.ahead",
        ],
        world.root,
        H1,
    )

    assert {key: (r.text, r.unit) for key, r in results.items()} == {
        "test.revenue.completion": ("74.3%", "%"),
        "test.time_progress": ("50.0%", "%"),
        "test.time_progress_days": ("49.6%", "%"),  # 181 / 365
        "test.revenue.ahead": ("24.3", "个百分点"),
    }
    may = compute_many(
        ["test.time_progress", "test.revenue.ahead"], world.root, parse_period("2023-05")
    )
    assert may["test.time_progress"].text == "41.7%"
    assert may["test.revenue.ahead"].text == "8.3"  # 50% − 5 / 12


def test_it_is_behind_time_progress_in_negative_points(world, add_row, fiscal):
    revenue(add_row, world, "2023-03-01", "20")
    assert compute("test.revenue.ahead", world.root, H1).text == "-30.0"


def test_it_gives_no_completion_without_a_target(world, add_row):
    metrics = [REVENUE, constant("test.zero", Decimal(0))]
    metrics.append(completion("test.c", "c", "test.revenue", "test.zero"))
    revenue(add_row, world, "2023-03-01", "20")
    with registry.registered(*metrics):
        assert compute("test.c", world.root, H1).text == "—"


@pytest.mark.parametrize(
    ("amounts", "period", "value"),
    [
        ({"2023-06-30": "50"}, "2023H1", True),
        ({"2023-06-30": "49.9"}, "2023H1", False),
        # Judged at the end of June even for a later period.
        ({"2023-06-01": "40", "2023-08-01": "40"}, "2023Q3", False),
        ({"2023-06-01": "60"}, "2023", True),
        # Before mid-year: reached already ("提前实现"), or not decided yet.
        ({"2023-05-01": "60"}, "2023-05", True),
        ({"2023-05-01": "40"}, "2023-05", None),
    ],
)
def test_it_judges_double_half_at_the_end_of_june(world, add_row, fiscal, amounts, period, value):
    for day, amount in amounts.items():
        revenue(add_row, world, day, amount)

    result = compute("test.revenue.double_half", world.root, parse_period(period))

    assert result.value is value
    with translation.override("en"):
        assert result.text == {True: "yes", False: "no", None: "—"}[value]


def test_it_passes_input_values_by_key_to_a_formula(world, add_row, fiscal):
    revenue(add_row, world, "2023-03-01", "20")
    doubled = formula(
        "test.doubled",
        "doubled",
        "亿元",
        inputs=["test.revenue", "test.target"],
        fn=lambda values, period: values["test.revenue"] * 2 + values["test.target"],
    )
    with registry.registered(doubled):
        assert compute("test.doubled", world.root, H1).value == Decimal(140)


@pytest.mark.parametrize(
    "loop",
    [
        rate("test.loop", "loop", numerator="test.loop", denominator="test.loop"),
        yoy("test.loop", "loop", "test.loop"),  # itself, but always a year earlier
    ],
)
def test_it_refuses_a_metric_that_depends_on_itself(world, loop):
    with registry.registered(loop):
        with pytest.raises(MetricError):
            compute("test.loop", world.root, H1)
        with pytest.raises(MetricError):
            children_figures("test.loop", world.root, H1)


def test_it_names_an_unknown_input(world):
    broken = rate("test.broken", "broken", numerator="no.such", denominator="no.such")
    with registry.registered(broken), pytest.raises(UnknownMetric) as raised:
        compute("test.broken", world.root, H1)
    assert raised.value.key == "no.such"


def test_it_computes_shared_inputs_once(world, add_row, fiscal, django_assert_num_queries):
    revenue(add_row, world, "2023-03-01", "20")
    keys = ["test.revenue", "test.revenue.completion", "test.revenue.ahead", "test.revenue.yoy"]
    # test.revenue for 2023H1 and for 2022H1: two queries for four metrics (and the data
    # version the values are cached under).
    with django_assert_num_queries(3):
        compute_many(keys, world.root, H1)
