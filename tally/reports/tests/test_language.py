"""The template language: blocks in order, placeholders, and every mistake an error with
its line, in Chinese."""

import pytest
from django.utils.translation import override

from tally.reports.language import Placeholder, Text, check, parse

SOURCE = """# 一、坚持党建引领
## （一）强化学习教育
### 1.分层分级
举办区级培训班{{ training.classes }}个，
累计培训{{training.person_times}}人次。

{{ fiscal.revenue.double_half|提前实现“双过半”|尚未实现 }}
@chart training.person_times by=org title=各单位 培训人次
@图表 按=阶段 investment.library.count investment.signed.count 标题=招商项目
@chart fiscal.revenue.completion by=month progress
@table by=org training.classes training.person_times
"""


def test_it_reads_blocks_in_order():
    parsed = parse(SOURCE)
    assert parsed.errors == []
    kinds = [(b.kind, b.level, b.line) for b in parsed.blocks]
    assert kinds == [
        ("heading", 1, 1),
        ("heading", 2, 2),
        ("heading", 3, 3),
        ("paragraph", 0, 4),
        ("paragraph", 0, 7),
        ("chart", 0, 8),
        ("chart", 0, 9),
        ("chart", 0, 10),
        ("table", 0, 11),
    ]


def test_it_joins_the_lines_of_a_paragraph_without_a_space():
    paragraph = parse(SOURCE).blocks[3]
    assert paragraph.parts == [
        Text("举办区级培训班"),
        Placeholder("training.classes"),
        Text("个，累计培训"),
        Placeholder("training.person_times"),
        Text("人次。"),
    ]


def test_it_reads_yes_and_no_texts():
    [placeholder] = parse(SOURCE).blocks[4].parts
    assert placeholder == Placeholder("fiscal.revenue.double_half", "提前实现“双过半”", "尚未实现")


def test_it_reads_charts_and_tables_in_english_or_chinese():
    blocks = parse(SOURCE).blocks
    by_org, by_stage, by_month, table = blocks[5:9]
    assert (by_org.keys, by_org.by, by_org.title) == (
        ["training.person_times"],
        "org",
        "各单位 培训人次",
    )
    assert (by_stage.by, by_stage.title) == ("stage", "招商项目")
    assert by_stage.keys == ["investment.library.count", "investment.signed.count"]
    assert (by_month.by, by_month.progress) == ("month", True)
    assert (table.by, table.keys) == ("org", ["training.classes", "training.person_times"])


def test_it_lists_every_key_once():
    assert parse(SOURCE).metric_keys == [
        "training.classes",
        "training.person_times",
        "fiscal.revenue.double_half",
        "investment.library.count",
        "investment.signed.count",
        "fiscal.revenue.completion",
    ]


def test_it_does_not_count_the_organisation_and_period_names_as_metrics():
    parsed = parse("{{ org.name }}{{ period.name }}举办培训班{{ training.classes }}个")
    assert parsed.metric_keys == ["training.classes"]


def messages(source: str) -> list[str]:
    with override("zh-hans"):
        return [str(error) for error in parse(source).errors]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("第一段\n\n举办{{ training.classes 个", "第3行"),
        ("举办 training.classes }}个", "第1行"),
        ("举办{{ }}个", "第1行"),
        ("举办{{ 培训班 }}个", "第1行"),
        ("{{ a.b|只有一个 }}", "第1行"),
        ("{{ org.name|是|否 }}", "第1行"),
        ("\n\n@chart", "第3行"),
        ("@picture training.classes", "第1行"),
        ("@chart training.classes by=year", "第1行"),
        ("@chart training.classes training.person_times", "第1行"),
        ("@chart by=stage training.classes", "第1行"),
        ("@chart training.classes by=org progress", "第1行"),
        ("@table by=stage training.classes", "第1行"),
        ("@chart training.classes 随便", "第1行"),
        ("#", "第1行"),
    ],
)
def test_it_reports_each_malformed_line(source, expected):
    found = messages(source)
    assert len(found) >= 1, source
    assert found[0].startswith(expected), found


def test_it_explains_an_unbalanced_placeholder_in_chinese():
    [message] = messages("举办{{ training.classes 个")
    assert "{{" in message and "}}" in message
    assert "没有" in message or "未" in message


def test_it_names_an_unknown_key_and_suggests_the_close_one():
    parsed = parse("\n举办{{ training.clases }}个")
    with override("zh-hans"):
        [error] = check(parsed, ["training.classes", "events.talks"])
        text = str(error)
    assert error.line == 2
    assert "training.clases" in text and "training.classes" in text


def test_it_accepts_known_keys():
    parsed = parse("举办{{ training.classes }}个\n@chart events.talks by=org")
    assert check(parsed, ["training.classes", "events.talks"]) == []
