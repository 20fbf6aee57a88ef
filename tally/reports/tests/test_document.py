"""A template resolved for an organisation and a period: figures formatted as their
metrics say, units kept inside the link, charts and tables computed, and a block naming an
unregistered metric left out with a warning, never a silent blank."""

import pytest
from django.utils.translation import override

from tally.lib.periods import parse_period
from tally.metrics import registry
from tally.metrics.definitions import formula, rate
from tally.reports.document import Template, build_document, months_of, period_name
from tally.reports.renderers import to_contract

from .conftest import add_talk

pytestmark = pytest.mark.django_db
H1 = parse_period("2023H1")


def document(source, org, period=H1, title="{{ org.name }}{{ period.name }}工作纪实"):
    with override("zh-hans"):
        return build_document(Template("t", "测试", title, "", source), org, period)


def figures(block):
    return [s for s in block["segments"] if "figure" in s]


def test_it_writes_each_figure_as_its_metric_formats_it_with_the_unit_in_the_link(world, talks):
    doc = document("举办“大家谈”活动{{ events.talks }}次，其余照旧。", world.root)
    [paragraph] = doc["blocks"]
    assert [s["text"] for s in paragraph["segments"]] == ["举办“大家谈”活动", "3次", "，其余照旧。"]
    [figure] = figures(paragraph)
    assert (figure["figure"], figure["value"], figure["value_text"]) == ("events.talks", 3, "3")
    assert figure["period"] == "2023H1"


def test_it_computes_the_figure_for_the_organisations_subtree(world, talks):
    [paragraph] = document("{{ events.talks }}次", world.street_a)["blocks"]
    assert figures(paragraph)[0]["value"] == 2


def test_it_writes_the_organisation_and_the_period_in_words(world):
    doc = document("{{ org.name }}，{{ period.name }}。", world.street_a)
    assert doc["blocks"][0]["segments"] == [{"text": "甲街道党工委，2023年上半年。"}]
    assert doc["title"] == [{"text": "甲街道党工委2023年上半年工作纪实"}]


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("2023", "2023年"),
        ("2023H2", "2023年下半年"),
        ("2023Q2", "2023年第二季度"),
        ("2023-06", "2023年6月"),
        ("2023-W27", "2023年第27周"),
        ("2023-01-01..2023-03-15", "2023年1月1日至2023年3月15日"),
    ],
)
def test_it_names_every_kind_of_period(label, name):
    with override("zh-hans"):
        assert period_name(parse_period(label)) == name


def test_it_writes_yes_or_no_texts(world, talks):
    flag = formula(
        "test.enough_talks",
        "够三次",
        "",
        inputs=["events.talks"],
        fn=lambda values, period: values["events.talks"] >= 3,
    )
    with registry.registered(flag):
        root = document("{{ test.enough_talks|已达到三次|未达到三次 }}", world.root)
        street = document("{{ test.enough_talks|已达到三次|未达到三次 }}", world.street_b)
    assert figures(root["blocks"][0])[0]["text"] == "已达到三次"
    assert figures(street["blocks"][0])[0]["text"] == "未达到三次"


def test_it_leaves_out_a_block_with_an_unregistered_metric_and_says_so(world, talks):
    doc = document(
        "第一段{{ events.talks }}次\n\n第二段{{ no_such.metric }}个\n\n第三段", world.root
    )
    assert [block["segments"][0]["text"] for block in doc["blocks"]] == ["第一段", "第三段"]
    [warning] = doc["warnings"]
    assert warning.startswith("第3行") and "no_such.metric" in warning


def test_it_breaks_a_figure_down_by_child_organisation(world, talks):
    [chart] = document("@chart events.talks by=org title=各单位", world.root)["blocks"]
    assert chart["title"] == "各单位"
    by_org = dict(zip(chart["labels"], chart["values"], strict=True))
    assert by_org == {"甲街道党工委": 2, "乙街道党工委": 1, "招商局": 0}
    assert chart["figures"][0]["value"] == 3


def test_it_breaks_a_figure_down_by_month_with_time_progress(world, talks):
    [chart] = document("@chart events.talks by=month progress", world.root)["blocks"]
    assert chart["labels"] == ["1月", "2月", "3月", "4月", "5月", "6月"]
    assert chart["values"] == [0, 0, 1, 1, 1, 0]
    assert chart["progress"] == [8.3, 16.7, 25, 33.3, 41.7, 50]


def test_it_shows_stages_side_by_side(world, talks):
    add_talk(world.village_a, "2023-03-09", "经验交流", category="工作经验交流座谈会")
    exchanges = rate("test.share", "占比", numerator="events.talks", denominator="events.talks")
    with registry.registered(exchanges):
        [chart] = document("@chart by=stage events.talks test.share", world.root)["blocks"]
    assert chart["labels"] == ["“能力作风建设大家谈”活动", "占比"]
    assert chart["texts"] == ["3", "100.0%"]


def test_it_tables_figures_by_child_organisation_with_the_whole_last(world, talks):
    [table] = document("@table by=org events.talks title=活动", world.root)["blocks"]
    assert table["header"][0] == "组织"
    assert [[cell["text"] for cell in row] for row in table["rows"]] == [
        ["甲街道党工委", "2"],
        ["乙街道党工委", "1"],
        ["招商局", "0"],
        ["测试经开区党工委", "3"],
    ]
    assert table["rows"][0][1]["org"] == "Z-A"


def test_it_charts_a_leaf_organisation_as_itself(world, talks):
    [chart] = document("@chart events.talks by=org", world.village_a)["blocks"]
    assert (chart["labels"], chart["values"]) == (["甲一村党支部"], [1])


def test_it_cuts_months_to_the_period():
    months = months_of(parse_period("2023-01-15..2023-03-10"))
    assert [(m.start.isoformat(), m.end.isoformat()) for m in months] == [
        ("2023-01-15", "2023-01-31"),
        ("2023-02-01", "2023-02-28"),
        ("2023-03-01", "2023-03-10"),
    ]


def test_it_gives_the_render_report_json_contract(world, talks):
    doc = document("# 一、活动\n举办{{ events.talks }}次\n@chart events.talks by=org", world.root)
    assert to_contract(doc) == {
        "template": "t",
        "org": "Z",
        "period": "2023H1",
        "blocks": [
            {"kind": "heading", "text": "一、活动", "figures": []},
            {
                "kind": "paragraph",
                "text": "举办3次",
                "figures": [{"key": "events.talks", "value": 3, "text": "3"}],
            },
            {
                "kind": "chart",
                "text": "“能力作风建设大家谈”活动",
                "figures": [{"key": "events.talks", "value": 3, "text": "3"}],
            },
        ],
    }
