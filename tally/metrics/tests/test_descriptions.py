"""A metric's definition in plain words, declared or built from the declaration."""

import re

from django.db.models import F, Q
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
        "In the ledger “活动”, the number of rows where 活动类别 is “能力作风建设大家谈”, "
        "活动日期 falls inside the period (counting the organisation and every organisation "
        "below it)."
    )


def test_it_describes_sums_distinct_counts_and_other_date_modes(db):
    amount = total("t.a", "a", "亿元", ledger="tech_contracts", field="data__amount", mode=TO_DATE)
    platforms = distinct(
        "t.p", "p", "个", ledger="publicity", field="data__platform", mode=YEAR_TO_DATE
    )
    assert described(amount).startswith("In the ledger “技术合同登记”, the sum of “成交额(亿元)”")
    assert "on or before the period's last day" in described(amount)
    assert "the number of different “平台”" in described(platforms)
    assert "between 1 January and the period's last day" in described(platforms)


def test_it_prefers_the_declared_description(db):
    metric = count("t.c", "c", "个", ledger="events", description="Declared.")
    assert described(metric) == "Declared."


def test_it_describes_a_condition_it_cannot_spell_out(db):
    metric = count("t.c", "c", "个", ledger="events", where=~Q(Q(data__a=1) & Q(data__b=2)))
    assert "a further condition" in described(metric)
    either = count("t.e", "e", "个", ledger="events", where=Q(data__category=1) | Q(data__org=2))
    assert "活动类别 is “1” or 组织编码 is “2”" in described(either)


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


def test_it_writes_definitions_a_clerk_understands(db):
    # "条件为不满足（状态 = 待认领）", "org__kind = …", "training_class__start_date".
    with translation.override("zh-hans"):
        texts = {m.key: describe(m) for m in registry.all_metrics()}
    assert texts["wishes.claimed"] == (
        "“微心愿”台账中状态不是“待认领”、认领日期在时段内的记录条数（含本组织及其下所有组织）。"
    )
    assert "组织类别为“红色物业小区党支部”" in texts["elections.red_property.count"]
    assert "开班当天所在的组织" in texts["training.two_new.person_times"]
    for key, text in texts.items():
        assert not re.search(r"[A-Za-z_]{2,}", text), (key, text)
        assert "““" not in text and "不满足" not in text, (key, text)


def test_it_spells_out_lists_blanks_and_comparisons(db):
    metric = count(
        "t.c",
        "c",
        "个",
        ledger="elections",
        where=Q(done_date__lte=F("due_date"), org__kind__in=["社区党组织", "村党组织"])
        & ~Q(done_date__isnull=True),
    )
    with translation.override("zh-hans"), registry.registered(metric):
        text = describe(metric)
    assert "完成日期不晚于应换届日期" in text
    through = count(
        "t.t", "t", "人次", ledger="training_attendance", where=Q(training_class__level="区级")
    )
    with translation.override("zh-hans"), registry.registered(through):
        nested = describe(through)
    assert "培训班的层级为“区级”、培训班的开始日期在时段内" in nested
    assert "组织类别为“社区党组织”或“村党组织”" in text
    assert "已填完成日期" in text
