"""Count, sum and distinct metrics over ledger rows: date modes, period boundaries, the
organisation subtree, stocks from history rows, and one query per metric."""

from decimal import Decimal

import pytest
from django.db.models import OuterRef, Q, Subquery

from tally.ledgers.models import LedgerType
from tally.lib.periods import parse_period
from tally.metrics import registry
from tally.metrics.definitions import (
    ANY_TIME,
    FLOW,
    TO_DATE,
    YEAR_TO_DATE,
    count,
    custom,
    distinct,
    total,
)
from tally.metrics.engine import compute, compute_many, ledger_rows

H1 = parse_period("2023H1")
TALK = "能力作风建设大家谈"


def events_metric(mode):
    return count("test.events", "events", "次", ledger="events", mode=mode)


@pytest.mark.parametrize(
    ("mode", "expected"),
    [(FLOW, 2), (TO_DATE, 3), (YEAR_TO_DATE, 2), (ANY_TIME, 4)],
)
def test_it_filters_dates_by_the_mode(world, add_row, mode, expected):
    for day in ("2022-12-31", "2023-01-01", "2023-06-30", "2023-07-01"):
        add_row("events", world.village_a, day, category="其他")
    with registry.registered(events_metric(mode)):
        assert compute("test.events", world.root, H1).value == expected


def test_it_counts_the_last_day_of_the_period_and_not_the_day_after(world, add_row):
    add_row("events", world.village_a, "2023-06-30", category=TALK)
    add_row("events", world.village_a, "2023-07-01", category=TALK)
    add_row("events", world.village_a, "2022-12-31", category=TALK)
    first = add_row("events", world.village_a, "2023-01-01", category=TALK)

    result = compute("events.talks", world.root, H1)

    assert result.value == 2
    assert result.text == "2"
    assert first in result.rows
    assert sorted(str(r.date) for r in result.rows) == ["2023-01-01", "2023-06-30"]


def test_it_year_to_date_starts_on_the_first_of_january_of_the_period_year(world, add_row):
    add_row("events", world.village_a, "2023-02-01", category="其他")
    add_row("events", world.village_a, "2023-05-01", category="其他")
    with registry.registered(events_metric(YEAR_TO_DATE)):
        assert compute("test.events", world.root, parse_period("2023Q2")).value == 2
        assert compute("test.events", world.root, parse_period("2023Q1")).value == 1


def test_it_applies_the_where_filter_on_json_cells(world, add_row):
    add_row("events", world.village_a, "2023-03-01", category=TALK)
    add_row("events", world.village_a, "2023-03-02", category="专题培训")
    assert compute("events.talks", world.root, H1).value == 1


def test_it_computes_for_the_subtree_only(world, add_row):
    add_row("publicity", world.red_property_a, "2023-03-01", title="a", platform="微信")
    add_row("publicity", world.village_a, "2023-03-01", title="b", platform="微信")
    add_row("publicity", world.street_b, "2023-03-01", title="c", platform="微信")
    add_row("publicity", world.root, "2023-03-01", title="d", platform="微信")

    values = {
        org: compute("publicity.articles", getattr(world, org), H1).value
        for org in ("root", "street_a", "community_a", "street_b", "village_b", "department")
    }

    assert values == {
        "root": 4,
        "street_a": 2,
        "community_a": 1,
        "street_b": 1,
        "village_b": 0,
        "department": 0,
    }


def test_it_sums_json_decimals_exactly(world, add_row):
    for amount in ("0.35", "0.1", "13.55"):
        add_row("tech_contracts", world.village_a, "2023-05-20", amount=amount)
    add_row("tech_contracts", world.village_a, "2023-07-20", amount="100")

    result = compute("tech.contracts.amount", world.root, H1)

    assert result.value == Decimal("14")
    assert (result.text, result.unit) == ("14", "亿元")


def test_it_gives_zero_for_an_empty_set(world):
    total_result = compute("tech.contracts.amount", world.root, H1)
    count_result = compute("events.talks", world.root, H1)
    assert (total_result.value, total_result.text) == (Decimal(0), "0")
    assert (count_result.value, count_result.text) == (0, "0")
    assert list(count_result.rows) == []


def test_it_counts_distinct_values_once(world, add_row):
    for platform in ("微信", "微信", "微博", "网站"):
        add_row("publicity", world.village_a, "2023-03-01", title=platform, platform=platform)
    platforms = distinct(
        "test.platforms", "platforms", "个", ledger="publicity", field="data__platform"
    )
    with registry.registered(platforms):
        assert compute("test.platforms", world.root, H1).value == 3


def test_it_counts_rows_of_a_model_ledger(world):
    # The orgs ledger is a built-in ledger over Org itself (org_field "").
    orgs = count("test.orgs", "orgs", "个", ledger="orgs", mode=ANY_TIME)
    with registry.registered(orgs):
        assert compute("test.orgs", world.street_a, H1).value == 5
        assert compute("test.orgs", world.root, H1).value == 10


def stage_history(world):
    """A generic ledger of stage changes: the state at a date is the latest change."""
    return LedgerType.objects.create(
        key="stage_history",
        name="阶段变更",
        columns=[
            {"key": "project", "header": "项目编号", "type": "text", "required": True},
            {"key": "stage", "header": "阶段", "type": "text", "required": True},
            {"key": "org", "header": "组织编码", "type": "org", "required": True},
            {"key": "date", "header": "阶段日期", "type": "date", "required": True},
        ],
        natural_key=["project", "date"],
        org_column="org",
        date_column="date",
    )


def latest_as_of(rows, *, partition: str, date: str, end):
    """Of history rows, the latest of each `partition` dated on or before `end` — the
    state at `end` (a stock), as a custom metric's rows may take it."""
    dated = rows.filter(**{f"{date}__lte": end})
    latest = dated.filter(**{partition: OuterRef(partition)}).order_by(f"-{date}", "-pk")
    return dated.filter(pk=Subquery(latest.values("pk")[:1]))


def negotiating_at_end(org, period):
    history = ledger_rows(
        count("x.history", "", "", ledger="stage_history", mode=ANY_TIME), org, period
    )
    state = latest_as_of(history, partition="data__project", date="date", end=period.end)
    return state.filter(data__stage="在谈")


def test_it_takes_a_stock_at_the_end_of_the_period_from_history_rows(world, add_row):
    stage_history(world)
    # P1: 在谈 since March, still at the end of June.  P2: 在谈 in March, 签约 in May.
    # P3: 在谈 only from July.  P4: 在谈 in street B.
    add_row("stage_history", world.village_a, "2023-03-01", project="P1", stage="在谈")
    add_row("stage_history", world.village_a, "2023-03-01", project="P2", stage="在谈")
    add_row("stage_history", world.village_a, "2023-05-01", project="P2", stage="签约")
    add_row("stage_history", world.village_a, "2023-01-10", project="P3", stage="跟踪")
    add_row("stage_history", world.village_a, "2023-07-01", project="P3", stage="在谈")
    add_row("stage_history", world.street_b, "2023-06-30", project="P4", stage="在谈")
    stock = custom(
        "test.negotiating", "negotiating", "个", ledger="stage_history", rows=negotiating_at_end
    )
    with registry.registered(stock):
        at_h1 = compute("test.negotiating", world.root, H1)
        assert at_h1.value == 2
        assert sorted(r.data["project"] for r in at_h1.rows) == ["P1", "P4"]
        assert compute("test.negotiating", world.street_a, H1).value == 1
        april = compute("test.negotiating", world.root, parse_period("2023-04"))
        assert sorted(r.data["project"] for r in april.rows) == ["P1", "P2"]
        assert compute("test.negotiating", world.root, parse_period("2023Q3")).value == 3


def test_it_sums_a_custom_aggregate(world, add_row):
    add_row("tech_contracts", world.village_a, "2023-05-20", amount="1.5")
    add_row("tech_contracts", world.street_b, "2023-05-20", amount="2")

    def street_a_rows(org, period):
        base = count("x.y", "", "", ledger="tech_contracts", mode=FLOW)
        return ledger_rows(base, org, period).filter(org__path__startswith=world.street_a.path)

    metric = custom(
        "test.street_a_amount",
        "amount",
        "亿元",
        ledger="tech_contracts",
        rows=street_a_rows,
        aggregate=("sum", "data__amount"),
    )
    with registry.registered(metric):
        assert compute("test.street_a_amount", world.root, H1).value == Decimal("1.5")


def test_it_needs_one_query_per_metric_whatever_the_number_of_rows(
    world, add_row, django_assert_num_queries
):
    keys = ["events.talks", "publicity.articles", "tech.contracts.amount", "env.facilities.new"]
    for _ in range(3):
        add_row("events", world.village_a, "2023-03-01", category=TALK)
        add_row("tech_contracts", world.village_a, "2023-03-01", amount="1")
    # And one for the data version (freshness.py) that the values are cached under.
    with django_assert_num_queries(len(keys) + 1):
        small = {k: r.value for k, r in compute_many(keys, world.root, H1).items()}
    for _ in range(30):
        add_row("events", world.village_a, "2023-03-01", category=TALK)
        add_row("publicity", world.village_b, "2023-03-01", title="t", platform="p")
    with django_assert_num_queries(len(keys) + 1):
        large = {k: r.value for k, r in compute_many(keys, world.root, H1).items()}
    assert small["events.talks"] == 3 and large["events.talks"] == 33
    assert large["publicity.articles"] == 30


def test_it_does_not_count_a_row_twice_through_a_many_to_many_filter(world):
    # Orgs filtered through their users: two users on one org still count the org once.
    from tally.accounts.models import User

    User.objects.create(username="second", role="unit", org=world.street_a)
    with_users = count(
        "test.orgs_with_users",
        "orgs",
        "个",
        ledger="orgs",
        where=Q(users__isnull=False),
        mode=ANY_TIME,
    )
    with registry.registered(with_users):
        # street A (clerk, second), street B, department, community A, root.
        assert compute("test.orgs_with_users", world.root, H1).value == 5


def test_it_sums_with_a_filter_of_the_declaration(world, add_row):
    add_row("tech_contracts", world.village_a, "2023-05-20", amount="1.25", number="A")
    add_row("tech_contracts", world.village_a, "2023-05-20", amount="2", number="B")
    metric = total(
        "test.amount_a",
        "amount",
        "亿元",
        ledger="tech_contracts",
        field="data__amount",
        where={"data__number": "A"},
    )
    with registry.registered(metric):
        result = compute("test.amount_a", world.root, H1)
    assert (result.value, result.text) == (Decimal("1.25"), "1.25")
