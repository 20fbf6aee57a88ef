"""An organisation's children side by side: one grouped query per ledger metric."""

from decimal import Decimal

from tally.lib.periods import parse_period
from tally.metrics.engine import children_figures, compute

H1 = parse_period("2023H1")


def test_it_gives_each_child_its_subtree_figure(world, add_row):
    add_row("tech_contracts", world.village_a, "2023-03-01", amount="1.5")
    add_row("tech_contracts", world.red_property_a, "2023-03-01", amount="2")
    add_row("tech_contracts", world.street_b, "2023-03-01", amount="0.25")
    add_row("tech_contracts", world.root, "2023-03-01", amount="100")  # the root's own row

    figures = children_figures("tech.contracts.amount", world.root, H1)

    assert [(f.org.code, f.value, f.text) for f in figures] == [
        ("Z-A", Decimal("3.5"), "3.50"),
        ("Z-B", Decimal("0.25"), "0.25"),
        ("Z-D1", Decimal(0), "0"),
    ]
    for figure in figures:
        assert figure.value == compute("tech.contracts.amount", figure.org, H1).value


def test_it_combines_derived_metrics_child_by_child(world, add_row):
    add_row("env_facilities", world.village_a, "2023-03-01", category="新建管网", done="2023-04-01")
    add_row("env_facilities", world.village_a, "2023-03-01", category="新建管网")
    add_row("env_facilities", world.street_b, "2023-03-01", category="新建管网", done="2023-05-01")

    figures = children_figures("env.facilities.rate", world.root, H1)

    assert [(f.org.code, f.text) for f in figures] == [
        ("Z-A", "50.0%"),
        ("Z-B", "100.0%"),
        ("Z-D1", "—"),
    ]


def test_it_needs_one_query_per_ledger_metric_whatever_the_number_of_children(
    world, add_row, django_assert_num_queries
):
    for org in (world.village_a, world.village_b, world.community_a, world.community_b):
        add_row("env_facilities", org, "2023-03-01", category="新建管网", done="2023-04-01")
    # The children, the data version, then one grouped query for each of the rate's two
    # inputs (a stock and a flow: different rows).
    with django_assert_num_queries(4):
        children_figures("env.facilities.rate", world.root, H1)
    with django_assert_num_queries(4):
        children_figures("env.facilities.rate", world.street_a, H1)


def test_it_has_no_children_for_a_leaf(world):
    assert children_figures("events.talks", world.village_a, H1) == []
