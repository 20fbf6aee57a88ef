"""The built-in template `half-year` (半年晒成效·工作纪实): the seed article's structure
with every metric key of DOMAIN.md in it; on the demo zone's 2023H1 it reads with the
article's figures.

Metrics of modules that are not installed yet are kept in the template's text and left
out of the rendering with a warning (test_document); here every key that IS registered
must resolve."""

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from django.utils.translation import override

from tally.lib.periods import parse_period
from tally.metrics import registry
from tally.orgs.models import Org
from tally.reports.builtin import builtin_template
from tally.reports.document import build_document
from tally.reports.language import parse
from tally.reports.services import as_template

from .conftest import seed_demo

# The metric table of DOMAIN.md (a public contract), with the article's 2023H1 figure as
# the report writes it ("" where the article gives none in numbers).
ARTICLE = {
    "members.count": "",
    "training.classes": "16",
    "training.person_times": "1520",
    "training.coverage": "",
    "training.two_new.person_times": "100",
    "claims.leaders": "12",
    "claims.commitments": "19",
    "claims.key_works": "11",
    "claims.contact_points": "11",
    "events.talks": "9",
    "publicity.briefings": "19",
    "publicity.articles": "2722",
    "service.city_projects": "21",
    "service.industrial_projects": "103",
    "service.enterprises": "110",
    "inspections.style": "5",
    "inspections.onsite": "4",
    "inspections.onsite_units": "8",
    "inspections.implementation": "2",
    "experiences.count": "14",
    "problems.found": "21",
    "problems.rectified": "",
    "problems.rectification_rate": "",
    "tasks.listed": "44",
    "notices.listed": "7",
    "notices.special": "2",
    "models.commended": "8",
    "investment.library.count": "121",
    "investment.library.amount": "560.83",
    "investment.signed.count": "51",
    "investment.signed.amount": "303.98",
    "investment.key_negotiation.count": "25",
    "investment.key_negotiation.amount": "157.05",
    "investment.negotiating.count": "78",
    "investment.negotiating.amount": "260.63",
    "investment.tracking.count": "34",
    "investment.tracking.amount": "171.34",
    "services.instant_items": "566",
    "projects.industrial.count": "174",
    "projects.industrial.investment": "615.04",
    "projects.government.count": "31",
    "support.foreign_trade.projects": "83",
    "support.foreign_trade.granted": "151",
    "support.mid_long_loans.batches": "2",
    "support.mid_long_loans.projects": "37",
    "support.interest_subsidy.enterprises": "36",
    "support.interest_subsidy.applied": "324.99",
    "support.bridge_loan.granted": "2300",
    "support.innovation_vouchers.enterprises": "13",
    "support.sci_tech_loans.enterprises": "30",
    "support.sci_tech_loans.granted": "6100",
    "support.subsidies.enterprises": "30",
    "support.subsidies.granted": "2000",
    "enterprises.tech_upgrade": "100",
    "enterprises.upgraded": "46",
    "enterprises.hightech_reserve": "100",
    "enterprises.tech_sme.new": "180",
    "tech.contracts.amount": "14",
    "livelihood.projects.count": "70",
    "livelihood.projects.investment": "318.29",
    "livelihood.projects.categories": "7",
    "env.facilities.repaired": "51",
    "env.facilities.dredged": "12",
    "env.facilities.new": "17",
    "env.facilities.rate": "100.0%",
    "community.registered": "1355",
    "community.commitments": "2156",
    "community.participations": "1627",
    "wishes.units": "36",
    "wishes.members": "407",
    "wishes.claimed": "434",
    "elections.red_property.count": "39",
    "elections.red_property.on_time_rate": "100.0%",
    "volunteer.teams": "125",
    "volunteer.activities": "2200",
    "fiscal.revenue.yoy": "129.2%",
    "fiscal.tax.yoy": "148.0%",
    "fiscal.tax.share": "96.6%",
    "fiscal.revenue.completion": "74.3%",
    "fiscal.revenue.ahead": "24.3",
    "fiscal.revenue.double_half": "是",
}


def builtin_text() -> str:
    builtin = builtin_template("half-year")
    return "\n".join([builtin.title, builtin.subtitle, builtin.source])


def test_it_uses_every_metric_key_of_the_domain():
    used = set(parse(builtin_text()).metric_keys)
    assert set(ARTICLE) - used == set()


def test_it_is_well_formed():
    assert parse(builtin_text()).errors == []


def test_it_names_the_template_as_the_article():
    builtin = builtin_template("half-year")
    assert builtin.name == "半年晒成效·工作纪实"
    headings = [b for b in parse(builtin.source).blocks if b.kind == "heading" and b.level == 1]
    texts = ["".join(p.text for p in b.parts) for b in headings]
    assert texts == [
        "一、坚持党建引领 强化责任担当",
        "二、锤炼能力作风 激发发展活力",
        "三、厚植为民情怀 办好民生实事",
    ]


@pytest.mark.django_db
def test_it_is_installed_on_an_empty_database(half_year):
    assert half_year.builtin and not half_year.customised
    assert half_year.source == builtin_template("half-year").source


# Registered metrics that are not figures of the article, so not in the template: the
# weekly bulletin's reporting and task-light counts (supervision), which the showcase
# lists as bulletins of their own.
NOT_IN_THE_ARTICLE = {
    "reporting.expected",
    "reporting.late",
    "reporting.missing",
    "reporting.on_time",
    "reporting.rate",
    "tasks.lights.green",
    "tasks.lights.red",
    "tasks.lights.yellow",
}
# Registered metrics the template shows otherwise than as a figure: the time progress is
# the line of the fiscal chart (@chart … progress), drawn from the same computation.
DRAWN_AS_A_LINE = {"fiscal.time_progress"}


def inputs_of(keys, period) -> set[str]:
    """Every metric the given ones are computed from, however deep."""
    found, pending = set(), list(keys)
    while pending:
        metric = registry.get(pending.pop())
        for item in metric.inputs(period) if metric.is_derived else ():
            if item.key not in found:
                found.add(item.key)
                pending.append(item.key)
    return found


def shown_figures(document) -> dict[str, dict]:
    return {
        segment["figure"]: segment
        for block in document["blocks"]
        for segment in block.get("segments", ())
        if "figure" in segment
    }


def chart_and_table_keys(document) -> set[str]:
    return {key for block in document["blocks"] for key in block.get("keys", ())}


@pytest.fixture
def demo_document(half_year):
    """The built-in report of the demo zone for 2023H1, from the demo's ledger rows."""
    seed_demo()
    with override("zh-hans"):
        return build_document(
            as_template(half_year), Org.objects.get(code="QS"), parse_period("2023H1")
        )


@pytest.mark.django_db
def test_every_registered_metric_is_in_the_template_and_resolves_on_the_demo(demo_document):
    """Each registered key is a figure of the template, an input of one (its evidence
    page shows it), or named above as not a figure of the article; each figure of the
    template has a value on the demo data."""
    period = parse_period("2023H1")
    registered = {metric.key for metric in registry.builtin_metrics()}
    used = set(parse(builtin_text()).metric_keys)
    assert used - registered == set(), "the template names metrics nobody registered"
    unaccounted = registered - used - inputs_of(used, period) - NOT_IN_THE_ARTICLE - DRAWN_AS_A_LINE
    assert unaccounted == set(), "registered metrics missing from the half-year template"
    charts = [block for block in parse(builtin_text()).blocks if block.kind == "chart"]
    assert any(chart.progress for chart in charts)  # DRAWN_AS_A_LINE
    assert set(ARTICLE) <= registered, "DOMAIN.md metrics not registered yet"
    shown = shown_figures(demo_document)
    assert used - set(shown) - chart_and_table_keys(demo_document) == set()
    empty = sorted(key for key, segment in shown.items() if segment["value"] is None)
    assert empty == [], empty
    assert demo_document["warnings"] == []


def same_figure(shown: str, expected: str) -> bool:
    """The article writes 148%, the metric 148.0% (rates always with one decimal)."""
    try:
        return Decimal(shown.rstrip("%")) == Decimal(expected.rstrip("%"))
    except InvalidOperation:
        return shown == expected


@pytest.mark.django_db
def test_it_reads_with_the_articles_figures_on_the_demo_zone(demo_document):
    shown = shown_figures(demo_document)
    wrong = {
        key: (shown.get(key, {}).get("value_text"), expected)
        for key, expected in ARTICLE.items()
        if expected and not same_figure(shown.get(key, {}).get("value_text", ""), expected)
    }
    assert wrong == {}, wrong
    text = "".join(s["text"] for b in demo_document["blocks"] for s in b.get("segments", ()))
    for sentence in (
        "上半年举办区级培训班16个，累计培训1520人次",
        "上半年签约项目51个，协议总投资303.98亿元",
        "提前实现财政收入“双过半”目标",
        "全区1355名党员干部到居住社区报到亮身份，领办承诺事项2156件",
    ):
        assert sentence in text, sentence


# Where the article (seed-article.zh.txt, beside this file, as published) states each
# figure: the number is read from the article itself, not from the table above.
ARTICLE_TEXT = Path(__file__).with_name("seed-article.zh.txt")
IN_THE_ARTICLE = {
    "training.classes": r"举办区级培训班(\d+)个",
    "training.person_times": r"累计培训(\d+)人次",
    "training.two_new.person_times": r"积极分子培训班,培训(\d+)人次",
    "claims.leaders": r"主要干部等(\d+)人",
    "claims.commitments": r"认领承诺(\d+)项任务",
    "claims.key_works": r"领办(\d+)项重点工作",
    "claims.contact_points": r"确定(\d+)个党建联系点",
    "events.talks": r"大家谈”活动(\d+)次",
    "publicity.briefings": r"印发专刊简报(\d+)期",
    "publicity.articles": r"相关信息(\d+)篇",
    "service.city_projects": r"有效推动(\d+)个城市建设项目",
    "service.industrial_projects": r"、(\d+)个工业项目",
    "service.enterprises": r"、(\d+)家规模以上工业企业",
    "inspections.style": r"专项监督检查(\d+)次",
    "inspections.onsite": r"现场督办(\d+)次",
    "inspections.onsite_units": r"走访相关责任单位(\d+)家",
    "inspections.implementation": r"落实情况监督检查(\d+)次",
    "problems.found": r"整改相关问题(\d+)个",
    "experiences.count": r"总结经验做法(\d+)条",
    "tasks.listed": r"对(\d+)项重点项目",
    "notices.listed": r"挂牌督办通知(\d+)期",
    "notices.special": r"专题督办通知(\d+)期",
    "models.commended": r"选树(\d+)名",
    "investment.library.count": r"谋划项目(\d+)个",
    "investment.library.amount": r"谋划项目\d+个,协议总投资([\d.]+)亿元",
    "investment.signed.count": r"上半年签约项目(\d+)个",
    "investment.signed.amount": r"上半年签约项目\d+个,协议总投资([\d.]+)亿元",
    "investment.key_negotiation.count": r"重点洽谈签约项目(\d+)个",
    "investment.key_negotiation.amount": r"重点洽谈签约项目\d+个,总投资([\d.]+)亿元",
    "investment.negotiating.count": r"在谈项目(\d+)个",
    "investment.negotiating.amount": r"在谈项目\d+个,总投资([\d.]+)亿元",
    "investment.tracking.count": r"跟踪项目(\d+)个",
    "investment.tracking.amount": r"跟踪项目\d+个,总投资([\d.]+)亿元",
    "services.instant_items": r"即办事项(\d+)项",
    "projects.industrial.count": r"实施产业项目(\d+)个",
    "projects.industrial.investment": r"实施产业项目\d+个,总投资([\d.]+)亿元",
    "projects.government.count": r"备案项目(\d+)个",
    "support.foreign_trade.projects": r"专项资金项目(\d+)个",
    "support.foreign_trade.granted": r"外经贸专项资金(\d+)万元",
    "support.mid_long_loans.batches": r"贷款项目(\d+)批次",
    "support.mid_long_loans.projects": r"批次(\d+)个",
    "support.interest_subsidy.enterprises": r"等(\d+)家公司申报",
    "support.interest_subsidy.applied": r"贴息金额([\d.]+)万元",
    "support.bridge_loan.granted": r"应急转贷资金(\d+)万元",
    "support.innovation_vouchers.enterprises": r"实现(\d+)家企业申报创新券",
    "support.sci_tech_loans.enterprises": r"(\d+)家企业申报科创贷",
    "support.sci_tech_loans.granted": r"放款金额(\d+)万",
    "support.subsidies.enterprises": r"等(\d+)多家企业",
    "support.subsidies.granted": r"补贴资金(\d+)余万元",
    "enterprises.tech_upgrade": r"建立(\d+)家企业技改项目库",
    "enterprises.upgraded": r"(\d+)家企业通过升级改造",
    "enterprises.hightech_reserve": r"将(\d+)余家",
    "enterprises.tech_sme.new": r"新增备案科技型中小企业(\d+)家",
    "tech.contracts.amount": r"技术交易额登记(\d+)亿元",
    "livelihood.projects.categories": r"共计(\d+)大类",
    "livelihood.projects.count": r"大类、(\d+)个项目",
    "livelihood.projects.investment": r"大类、\d+个项目,总投资([\d.]+)亿元",
    "env.facilities.repaired": r"破损环保设施(\d+)处",
    "env.facilities.dredged": r"清淤疏通(\d+)处",
    "env.facilities.new": r"新建管网设施(\d+)处",
    "env.facilities.rate": r"新建管网设施\d+处,整改率为(\d+)%",
    "community.registered": r"全区(\d+)名党员干部到居住社区",
    "community.commitments": r"领办承诺事项(\d+)件",
    "community.participations": r"五亮五共”活动(\d+)次",
    "wishes.units": r"全区(\d+)家单位",
    "wishes.members": r"家单位(\d+)名",
    "wishes.claimed": r"微心愿(\d+)件",
    "elections.red_property.count": r"任务(\d+)个红色物业小区",
    "elections.red_property.on_time_rate": r"(\d+)%按时完成任务",
    "volunteer.teams": r"组建(\d+)支志愿服务队",
    "volunteer.activities": r"志愿服务活动(\d+)余场次",
    "fiscal.revenue.yoy": r"预算收入同比增长([\d.]+)%",
    "fiscal.tax.yoy": r"税收同比增长([\d.]+)%",
    "fiscal.tax.share": r"税收占比为([\d.]+)%",
    "fiscal.revenue.completion": r"全年预期目标([\d.]+)%",
    "fiscal.revenue.ahead": r"序时进度([\d.]+)个百分点",
}


def article_figures() -> dict[str, Decimal]:
    article = ARTICLE_TEXT.read_text(encoding="utf-8")
    figures = {}
    for key, pattern in IN_THE_ARTICLE.items():
        found = re.findall(pattern, article)
        assert len(found) == 1, (key, pattern, found)  # one place, or the pattern is vague
        figures[key] = Decimal(found[0])
    return figures


def test_the_article_states_every_figure_the_table_gives():
    figures = article_figures()
    stated = {key for key, expected in ARTICLE.items() if expected and expected != "是"}
    assert set(figures) == stated
    assert all(same_figure(ARTICLE[key], str(value)) for key, value in figures.items())


@pytest.mark.django_db
def test_its_figures_are_the_articles_figures(demo_document):
    """The rendering's figures against the numbers read from the article's own text."""
    shown = shown_figures(demo_document)
    wrong = {
        key: (shown[key]["value_text"], str(expected))
        for key, expected in article_figures().items()
        if not same_figure(shown[key]["value_text"], str(expected))
    }
    assert wrong == {}, wrong
    article = ARTICLE_TEXT.read_text(encoding="utf-8")
    assert "提前实现财政收入“双过半”目标" in article
    assert shown["fiscal.revenue.double_half"]["value"]  # yes: the sentence of the article
    text = "".join(s["text"] for b in demo_document["blocks"] for s in b.get("segments", ()))
    assert "提前实现财政收入“双过半”目标" in text
