"""The built-in template `half-year` (半年晒成效·工作纪实): the seed article's structure
with every metric key of DOMAIN.md in it; on the demo zone's 2023H1 it reads with the
article's figures.

Metrics of modules that are not installed yet are kept in the template's text and left
out of the rendering with a warning (test_document); here every key that IS registered
must resolve."""

import io
from decimal import Decimal, InvalidOperation

import pytest
from django.core.management import call_command
from django.utils.translation import override

from tally.ledgers.registry import get_ledger
from tally.lib.periods import parse_period
from tally.metrics import registry
from tally.orgs.models import Org
from tally.reports.builtin import builtin_template
from tally.reports.document import build_document
from tally.reports.language import parse
from tally.reports.services import as_template, template_errors

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
# Figures whose demo data are proportionate to the article rather than equal to it (none
# since the community demo and the 39 compound branches reproduce the article).
DEMO_PROPORTIONATE: set[str] = set()


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


@pytest.mark.django_db
def test_it_resolves_every_registered_key(half_year, world):
    registered = {metric.key for metric in registry.all_metrics()}
    with override("zh-hans"):
        document = build_document(as_template(half_year), world.root, parse_period("2023H1"))
    shown = {
        segment["figure"]
        for block in document["blocks"]
        for segment in block.get("segments", ())
        if "figure" in segment
    }
    used = set(parse(builtin_text()).metric_keys)
    assert (used & registered) - shown - chart_and_table_keys(document) == set()
    for warning in document["warnings"]:
        # Only blocks naming a metric no installed module provides are left out.
        assert not any(f" {key}" in warning or f"、{key}" in warning for key in registered)
    unknown = [str(e) for e in template_errors("", "", half_year.source)]
    assert all(any(key in message for key in used - registered) for message in unknown)


def same_figure(shown: str, expected: str) -> bool:
    """The article writes 148%, the metric 148.0% (rates always with one decimal)."""
    try:
        return Decimal(shown.rstrip("%")) == Decimal(expected.rstrip("%"))
    except InvalidOperation:
        return shown == expected


def has_no_rows(key: str, period, seen=None) -> bool:
    """Whether the ledgers behind a metric hold no row at all (no demo data yet)."""
    seen = seen if seen is not None else set()
    if key in seen:
        return True
    seen.add(key)
    metric = registry.get(key)
    if not metric.is_derived:
        return not get_ledger(metric.ledger).get_queryset().exists()
    return all(has_no_rows(item.key, item.period, seen) for item in metric.inputs(period))


def chart_and_table_keys(document) -> set[str]:
    return {key for block in document["blocks"] for key in block.get("keys", ())}


@pytest.mark.django_db
def test_it_reads_with_the_articles_figures_on_the_demo_zone(half_year):
    call_command("seed_demo", stdout=io.StringIO())
    with override("zh-hans"):
        document = build_document(
            as_template(half_year), Org.objects.get(code="QS"), parse_period("2023H1")
        )
    shown = {}
    for block in document["blocks"]:
        for segment in block.get("segments", ()):
            if "figure" in segment:
                shown[segment["figure"]] = segment["value_text"]
    registered = {metric.key for metric in registry.all_metrics()}
    checked, without_demo = 0, []
    for key, expected in ARTICLE.items():
        if key not in registered or not expected:
            continue
        assert key in shown, key
        if has_no_rows(key, parse_period("2023H1")):
            # A module whose demo data have not landed yet: its figure shows, as 0.
            without_demo.append(key)
            continue
        if key in DEMO_PROPORTIONATE:
            assert shown[key] not in ("0", "—"), key
        else:
            assert same_figure(shown[key], expected), (key, shown[key], expected)
        checked += 1
    assert checked >= 20, (checked, without_demo)
    text = "".join(s["text"] for b in document["blocks"] for s in b.get("segments", ()))
    assert "上半年举办区级培训班16个，累计培训1520人次" in text
