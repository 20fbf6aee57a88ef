"""The economy demo: every figure of sections C and E for the zone's 2023H1 as the article
gives it, computed from the seeded rows; the journey's street; nothing new on a second run."""

import datetime as dt
import itertools

import pytest

from tally.demo import zone as core_demo
from tally.economy import demo, pipeline
from tally.economy.models import (
    ConstructionProject,
    Enterprise,
    IndicatorActual,
    InvestmentProject,
    ProjectReport,
    StageChange,
    SupportApplication,
)
from tally.economy.projects import board, missing_reports
from tally.lib.lights import YELLOW
from tally.lib.periods import parse_period
from tally.metrics.engine import compute_many
from tally.orgs.models import Org
from tally.supervision.models import Obligation, ReportingRecord, ReportState

pytestmark = pytest.mark.django_db
H1 = parse_period("2023H1")

# DOMAIN.md's table, as the article words them ("30多", "100余", "2000余万" as 30, 100, 2000).
ARTICLE = {
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
    "projects.industrial.count": "174",
    "projects.industrial.investment": "615.04",
    "livelihood.projects.count": "70",
    "livelihood.projects.investment": "318.29",
    "livelihood.projects.categories": "7",
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
    "fiscal.revenue.yoy": "129.2%",
    "fiscal.tax.yoy": "148.0%",
    "fiscal.tax.share": "96.6%",
    "fiscal.revenue.completion": "74.3%",
    "fiscal.revenue.ahead": "24.3",
}


@pytest.fixture
def seeded():
    ctx = core_demo.DemoContext()
    core_demo.seed(ctx)
    demo.seed(ctx)
    return ctx


def test_it_seeds_the_articles_figures(seeded):
    zone = Org.objects.get(code="QS")
    results = compute_many([*ARTICLE, "fiscal.revenue.double_half"], zone, H1)
    assert {key: results[key].text for key in ARTICLE} == ARTICLE
    assert results["fiscal.revenue.double_half"].value is True


def test_it_answers_30_june_from_history_whatever_happened_later(seeded):
    zone = Org.objects.get(code="QS")
    later = {f.stage: f.count for f in pipeline.stocks(zone, dt.date(2023, 12, 31))}
    assert later["在谈"] != 78 and later["签约"] > 0
    # Some projects moved back a stage, in the first half and in the second.
    backs = [
        p
        for p in InvestmentProject.objects.all()
        if [s.stage for s in p.stages.all()][-2:] == ["在谈", "跟踪"]
    ]
    assert len(backs) >= 5


def test_it_keeps_every_stage_history_in_order(seeded):
    for project in InvestmentProject.objects.prefetch_related("stages"):
        rows = list(project.stages.all())
        assert rows[0].stage == "谋划" and rows[0].date == project.entered_on
        assert all(a.date < b.date for a, b in itertools.pairwise(rows))
        assert (rows[-1].stage, rows[-1].date) == (project.stage, project.stage_date)


def test_it_gives_the_journeys_street_its_month_end(seeded):
    street = Org.objects.get(code="QS-DC")
    projects = ConstructionProject.objects.filter(org=street, plan_year=2023)
    assert projects.count() == 14
    assert missing_reports(street, "2023-06").count() == 13
    early = ProjectReport.objects.get(project__org=street, month="2023-06")
    assert early.progress == 60
    lights = {row.project.pk: row.light for column in board(street, H1.end) for row in column.rows}
    assert lights[early.project_id] == YELLOW
    assert (
        ProjectReport.objects.filter(project__org=street, month="2023-05", cumulative=1.5).count()
        == 1
    )
    # Every report's cumulative grows within its year, and came in around the 25th.
    for report in ProjectReport.objects.filter(project__org=street).order_by("project", "month"):
        assert 18 <= report.created_at.day <= 28


def test_it_declares_the_monthly_reports_due_from_the_streets(seeded):
    obligation = Obligation.objects.get(ledger_key="project_reports")
    street = Org.objects.get(code="QS-DC")
    june = ReportingRecord.objects.get(obligation=obligation, unit=street, period="2023-06")
    assert (june.due_on, june.state) == (dt.date(2023, 6, 25), ReportState.MISSING)
    may = ReportingRecord.objects.get(obligation=obligation, unit=street, period="2023-05")
    assert may.state in (ReportState.ON_TIME, ReportState.LATE) and may.received_on
    zone = compute_many(["reporting.expected", "reporting.rate"], Org.objects.get(code="QS"), H1)
    assert zone["reporting.expected"].value == 6 * Org.objects.filter(kind="街道党工委").count()
    assert zone["reporting.rate"].value is not None


def test_it_changes_nothing_on_a_second_run(seeded):
    models = (InvestmentProject, StageChange, ConstructionProject, ProjectReport, Enterprise)
    models += (SupportApplication, IndicatorActual, Obligation)
    before = {m: m.objects.count() for m in models}
    demo.seed(seeded)
    assert {m: m.objects.count() for m in models} == before
