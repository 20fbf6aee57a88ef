"""The start-up check of metric declarations: a misspelt ledger, field or metric stops
Django (`manage.py check`, runserver, migrate) instead of computing a silent 0."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db.models import F, Q

from tally.metrics import registry
from tally.metrics.checks import check_metric_declarations
from tally.metrics.definitions import count, distinct, rate, total


def problems() -> list[tuple[str, str]]:
    return [(error.id, error.msg) for error in check_metric_declarations()]


def test_it_passes_every_shipped_declaration():
    assert problems() == []


def test_it_stops_the_start_up_on_a_metric_naming_an_unknown_ledger():
    with registry.registered(count("test.visits", "visits", "次", ledger="visitz")):
        assert problems() == [
            ("metrics.E001", "metric 'test.visits' names the unknown ledger 'visitz'")
        ]
        with pytest.raises(SystemCheckError, match="visitz"):
            call_command("check")


@pytest.mark.parametrize(
    "metric",
    [
        total("test.bad", "amount", "元", ledger="visits", field="amuont"),
        count("test.bad", "n", "次", ledger="visits", where=Q(person_categori="老党员")),
        count("test.bad", "n", "次", ledger="visits", date="visited"),
        count("test.bad", "n", "次", ledger="elections", where=Q(done_date__lte=F("due"))),
        distinct("test.bad", "n", "人", ledger="training_attendance", field="member__nam"),
        total("test.bad", "amount", "亿元", ledger="tech_contracts", field="data__amout"),
    ],
)
def test_it_stops_the_start_up_on_a_metric_naming_an_unknown_field(metric):
    with registry.registered(metric):
        [(kind, message)] = problems()
        assert kind == "metrics.E002"
        assert message.startswith("metric 'test.bad' names the unknown field")


@pytest.mark.parametrize(
    "metric",
    [
        count("test.ok", "n", "次", ledger="visits", where=Q(org__kind__in=["社区"])),
        count("test.ok", "n", "次", ledger="visits", where=Q(visited_on__year=2023)),
        distinct("test.ok", "n", "人", ledger="training_attendance", field="member__name"),
        total("test.ok", "amount", "亿元", ledger="tech_contracts", field="data__amount"),
    ],
)
def test_it_accepts_relations_lookups_and_the_columns_of_a_shipped_generic_ledger(metric):
    with registry.registered(metric):
        assert problems() == []


def test_it_stops_the_start_up_on_a_metric_computed_from_an_unknown_metric():
    with registry.registered(
        rate("test.rate", "rate", numerator="community.registered", denominator="members.cont")
    ):
        assert problems() == [
            (
                "metrics.E003",
                "metric 'test.rate' is computed from the unknown metric 'members.cont'",
            )
        ]
