"""The registry: built-in declarations, temporary registration for tests, and the metrics
administrators define in the UI."""

import pytest

from tally.ledgers.models import LedgerType
from tally.lib.periods import parse_period
from tally.metrics import registry
from tally.metrics.definitions import MetricError, count, custom, rate, total
from tally.metrics.engine import compute
from tally.metrics.models import MetricDefinition

GENERIC_KEYS = {
    "events.talks",
    "publicity.briefings",
    "publicity.articles",
    "services.instant_items",
    "projects.government.count",
    "tech.contracts.amount",
    "env.facilities.repaired",
    "env.facilities.dredged",
    "env.facilities.new",
    "env.facilities.rate",
}


def test_it_registers_the_generic_ledger_metrics_of_the_domain():
    assert {m.key for m in registry.builtin_metrics()} >= GENERIC_KEYS


def test_it_refuses_a_key_declared_twice():
    first = count("test.twice", "a", "个", ledger="events")
    second = count("test.twice", "b", "个", ledger="events")
    with registry.registered(first), pytest.raises(MetricError):
        registry.register(second)


def test_it_restores_the_registry_after_a_temporary_registration():
    before = registry.builtin_metrics()
    replacement = count("events.talks", "replaced", "次", ledger="events")
    with registry.registered(replacement, count("test.extra", "x", "个", ledger="events")):
        assert registry.get("events.talks") is replacement
        assert registry.is_builtin("test.extra")
    assert registry.builtin_metrics() == before
    assert not registry.is_builtin("test.extra")


@pytest.mark.parametrize(
    "make",
    [
        lambda: count("nodot", "x", "个", ledger="events"),
        lambda: count("a.b", "x", "个", ledger=""),
        lambda: count("a.b", "x", "个", ledger="events", mode="sometimes"),
        lambda: total("a.b", "x", "亿元", ledger="events", field=""),
        lambda: custom("a.b", "x", "个", ledger="events", rows="not a function"),
        lambda: count("a.b", "x", "个", ledger="events", where="category=1"),
    ],
)
def test_it_refuses_a_declaration_that_cannot_work(make):
    with pytest.raises(MetricError):
        make()


def test_it_says_which_key_is_unknown(db):
    with pytest.raises(registry.UnknownMetric) as raised:
        registry.get("no.such")
    assert "no.such" in str(raised.value)


def test_it_finds_an_administrators_metric_like_a_built_in_one(world, add_row):
    ledger_type = LedgerType.objects.get(key="events")
    MetricDefinition.objects.create(
        key="events.exchange",
        label="经验交流座谈会",
        unit="次",
        ledger_type=ledger_type,
        filters={"category": "工作经验交流座谈会"},
    )
    add_row("events", world.village_a, "2023-03-01", category="工作经验交流座谈会")
    add_row("events", world.village_a, "2023-03-01", category="其他")

    assert "events.exchange" in {m.key for m in registry.all_metrics()}
    assert compute("events.exchange", world.root, parse_period("2023H1")).value == 1
    # Derived built-in metrics may use it.
    share = rate("test.exchange.share", "x", numerator="events.exchange", denominator="test.all")
    everything = count("test.all", "all", "次", ledger="events")
    with registry.registered(share, everything):
        assert compute("test.exchange.share", world.root, parse_period("2023H1")).text == "50.0%"


def test_it_ignores_an_inactive_definition(world):
    MetricDefinition.objects.create(
        key="events.off",
        label="off",
        unit="次",
        ledger_type=LedgerType.objects.get(key="events"),
        active=False,
    )
    with pytest.raises(registry.UnknownMetric):
        registry.get("events.off")
    assert "events.off" not in {m.key for m in registry.all_metrics()}


def test_it_lists_featured_key_figures_by_order_then_as_named(monkeypatch):
    monkeypatch.setattr(registry, "_FEATURED", [])
    registry.feature("b.second", "b.third", order=20)
    registry.feature("a.first", order=10)
    registry.feature("b.second", order=5)  # named twice: the first place stays
    assert registry.featured_keys() == ["a.first", "b.second", "b.third"]


def test_it_features_the_key_figures_the_home_page_always_showed():
    assert registry.featured_keys() == [
        "members.count",
        "training.classes",
        "training.person_times",
        "training.coverage",
        "community.registered",
        "wishes.claimed",
        "volunteer.activities",
        "publicity.articles",
    ]
