"""Ledger metrics that read the same rows are answered by one query (an aggregate per
metric, each with its own FILTER): the same values as one query per metric, for an
organisation and for its children, and never a row counted twice."""

from decimal import Decimal

from django.core.cache import cache
from django.db.models import Q

from tally.lib.periods import parse_period
from tally.metrics import registry
from tally.metrics.definitions import TO_DATE, count, distinct, rate, total
from tally.metrics.engine import ChildComputation, Computation, compute, compute_many

H1 = parse_period("2023H1")
TALK = "能力作风建设大家谈"


def event_metrics():
    """Four figures over the events ledger in 2023H1 and one "by the end of" it."""
    return [
        count("test.ev.all", "all", "次", ledger="events"),
        count("test.ev.talks", "talks", "次", ledger="events", where={"data__category": TALK}),
        count("test.ev.other", "other", "次", ledger="events", where={"data__category": "其他"}),
        rate("test.ev.share", "share", numerator="test.ev.talks", denominator="test.ev.all"),
        count("test.ev.to_date", "to date", "次", ledger="events", mode=TO_DATE),
    ]


def add_events(world, add_row):
    add_row("events", world.village_a, "2023-02-01", category=TALK)
    add_row("events", world.village_a, "2023-03-01", category=TALK)
    add_row("events", world.community_a, "2023-04-01", category="其他")
    add_row("events", world.village_b, "2023-05-01", category=TALK)
    add_row("events", world.village_b, "2022-05-01", category=TALK)  # before the period
    add_row("events", world.street_b, "2023-08-01", category=TALK)  # after it


KEYS = ["test.ev.all", "test.ev.talks", "test.ev.other", "test.ev.share", "test.ev.to_date"]


def one_by_one(org):
    return {key: compute(key, org, H1).value for key in KEYS}


def test_it_gives_the_values_of_one_query_per_metric(world, add_row):
    add_events(world, add_row)
    with registry.registered(*event_metrics()):
        for org in (world.root, world.street_a, world.village_b, world.department):
            together = {key: result.value for key, result in compute_many(KEYS, org, H1).items()}
            assert together == one_by_one(org), org.name
        assert one_by_one(world.root) == {
            "test.ev.all": 4,
            "test.ev.talks": 3,
            "test.ev.other": 1,
            "test.ev.share": Decimal("75.0"),
            "test.ev.to_date": 5,
        }


def test_it_reads_rows_shared_by_several_metrics_once(world, add_row, django_assert_num_queries):
    add_events(world, add_row)
    # The data version; the three 2023H1 counts in one query; "by the end of" reads other
    # rows.
    with registry.registered(*event_metrics()), django_assert_num_queries(3):
        values = {key: r.value for key, r in compute_many(KEYS, world.street_a, H1).items()}
    assert values["test.ev.talks"] == 2 and values["test.ev.to_date"] == 3


def test_it_sums_and_counts_with_their_own_filters_in_one_query(
    world, add_row, django_assert_num_queries
):
    add_row("tech_contracts", world.village_a, "2023-05-20", amount="1.25", number="A")
    add_row("tech_contracts", world.village_a, "2023-05-21", amount="2", number="B")
    metrics = [
        total("test.amount", "amount", "亿元", ledger="tech_contracts", field="data__amount"),
        total(
            "test.amount_a",
            "amount A",
            "亿元",
            ledger="tech_contracts",
            field="data__amount",
            where={"data__number": "A"},
        ),
        total(
            "test.amount_none",
            "amount C",
            "亿元",
            ledger="tech_contracts",
            field="data__amount",
            where={"data__number": "C"},
        ),
        count("test.contracts", "contracts", "项", ledger="tech_contracts"),
    ]
    keys = [metric.key for metric in metrics]
    # The data version, then one query.
    with registry.registered(*metrics), django_assert_num_queries(2):
        values = {key: r.value for key, r in compute_many(keys, world.root, H1).items()}
    assert values == {
        "test.amount": Decimal("3.25"),
        "test.amount_a": Decimal("1.25"),
        "test.amount_none": Decimal(0),
        "test.contracts": 2,
    }


def test_it_keeps_a_filter_across_a_many_valued_relation_in_its_own_query(
    world, django_assert_num_queries
):
    # Inside one shared query the filter "has users" would be a join that repeats an
    # organisation once per user, and the plain count beside it with it.
    from tally.accounts.models import User

    User.objects.create(username="second", role="unit", org=world.street_a)
    metrics = [
        count("test.orgs", "orgs", "个", ledger="orgs", mode="any"),
        count(
            "test.orgs_with_users",
            "with users",
            "个",
            ledger="orgs",
            where=Q(users__isnull=False),
            mode="any",
        ),
        # What it counts lies across the relation: the same join, the same risk.
        distinct(
            "test.user_names", "users", "人", ledger="orgs", field="users__username", mode="any"
        ),
    ]
    keys = [metric.key for metric in metrics]
    with registry.registered(*metrics):
        alone = {key: compute(key, world.root, H1).value for key in keys}
        cache.clear()  # computed, not recalled
        with django_assert_num_queries(4):
            together = {key: r.value for key, r in compute_many(keys, world.root, H1).items()}
    assert together == alone
    assert together["test.orgs"] == 10 and together["test.orgs_with_users"] == 5


def test_it_gives_each_child_the_values_of_one_query_per_metric(
    world, add_row, django_assert_num_queries
):
    add_events(world, add_row)
    children = [world.street_a, world.street_b, world.department]
    with registry.registered(*event_metrics()):
        alone = {
            key: ChildComputation(world.root, children).value(registry.get(key), H1) for key in KEYS
        }
        shared = ChildComputation(world.root, children)
        cache.clear()  # computed, not recalled
        with django_assert_num_queries(3):
            shared.prefetch(KEYS, H1)
        with django_assert_num_queries(0):
            together = {key: shared.value(registry.get(key), H1) for key in KEYS}
    assert together == alone
    assert together["test.ev.talks"] == {
        world.street_a.path: 2,
        world.street_b.path: 1,
        world.department.path: 0,
    }


def test_it_prefetches_for_a_later_result_and_skips_unknown_keys(
    world, add_row, django_assert_num_queries
):
    add_events(world, add_row)
    with registry.registered(*event_metrics()):
        computation = Computation(world.root, H1)
        computation.prefetch([*KEYS, "no.such.metric"])
        with django_assert_num_queries(0):
            share = computation.result(registry.get("test.ev.share"))
    assert share.value == Decimal("75.0")
