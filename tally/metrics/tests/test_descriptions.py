"""A metric's definition in plain words, declared or built from the declaration."""

from django.db.models import Q
from django.utils import translation

from tally.metrics import registry
from tally.metrics.definitions import (
    TO_DATE,
    YEAR_TO_DATE,
    ahead,
    completion,
    count,
    distinct,
    double_half,
    formula,
    time_progress,
    total,
    yoy,
)
from tally.metrics.descriptions import describe


def described(metric) -> str:
    with translation.override("en"), registry.registered(metric):
        return describe(metric)


def test_it_describes_a_count_with_its_condition_and_date(db):
    text = described(registry.get("events.talks"))
    assert text == (
        "The number of rows of the ledger “活动”, in the organisation and everything below "
        "it, where 活动类别 = 能力作风建设大家谈, whose “活动日期” falls inside the period."
    )


def test_it_describes_sums_distinct_counts_and_other_date_modes(db):
    amount = total("t.a", "a", "亿元", ledger="tech_contracts", field="data__amount", mode=TO_DATE)
    platforms = distinct(
        "t.p", "p", "个", ledger="publicity", field="data__platform", mode=YEAR_TO_DATE
    )
    assert described(amount).startswith("The sum of “成交额(亿元)” over the rows of the ledger")
    assert "on or before the period's last day" in described(amount)
    assert described(platforms).startswith("The number of different “平台”")
    assert "between 1 January and the period's last day" in described(platforms)


def test_it_prefers_the_declared_description(db):
    metric = count("t.c", "c", "个", ledger="events", description="Declared.")
    assert described(metric) == "Declared."


def test_it_describes_a_condition_it_cannot_spell_out(db):
    metric = count("t.c", "c", "个", ledger="events", where=Q(Q(data__a=1) | Q(data__b=2)))
    assert "a further condition" in described(metric)


def test_it_names_the_inputs_of_derived_metrics(db):
    with translation.override("en"):
        rate_text = describe(registry.get("env.facilities.rate"))
    assert rate_text.startswith("“Environmental facilities put right” divided by")
    base = registry.get("tech.contracts.amount")
    label = "Technology contract turnover registered"
    assert label in described(yoy("t.y", "y", base.key))
    assert "as a percentage of" in described(completion("t.c", "c", base.key, base.key))
    assert "Months elapsed" in described(time_progress("t.t", "t"))
    assert "Days elapsed" in described(time_progress("t.t", "t", by="days"))
    assert "percentage points" in described(ahead("t.h", "h", base.key))
    assert "50% at the end of June" in described(double_half("t.d", "d", base.key))
    assert label in described(formula("t.f", "f", "个", inputs=[base.key], fn=lambda v, p: 1))
