"""The figures of DOMAIN.md sections C and E: the investment pipeline, construction
projects, support applications, enterprises and the fiscal indicators.

Investment stocks ("78 in negotiation") are each project's stage on the period's last day,
from its stage history; flows ("51 signed") are projects reaching a stage inside the
period. Construction projects count by their plan year. Fiscal figures are cumulative
actuals at the period's last month against the year's target.
"""

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tally.metrics.definitions import (
    ANY_TIME,
    ahead,
    completion,
    count,
    custom,
    distinct,
    double_half,
    share,
    time_progress,
    total,
    yoy,
)
from tally.metrics.registry import register

from .indicators import actual_rows, target_rows
from .models import Category, ConstructionProject, Programme, Stage
from .pipeline import projects_at, projects_reaching

INVESTMENT = "investment_projects"
CONSTRUCTION = "construction_projects"
SUPPORT = "support_applications"
ENTERPRISES = "enterprises"
SUM_AMOUNT = ("sum", "amount")
SUM_INVESTMENT = ("sum", "total_investment")


# --- investment --------------------------------------------------------------------------


def reaching(stage):
    def rows(org, period):
        return projects_reaching(stage, org, period.start, period.end)

    return rows


def at_end(stage):
    def rows(org, period):
        return projects_at(stage, org, period.end)

    return rows


def stage_stock(key, stage, label, amount_label):
    description = format_lazy(
        _("Projects whose stage on the last day of the period is {stage}."), stage=stage
    )
    return (
        custom(
            f"{key}.count",
            label,
            "个",
            ledger=INVESTMENT,
            rows=at_end(stage),
            description=description,
        ),
        custom(
            f"{key}.amount",
            amount_label,
            "亿元",
            ledger=INVESTMENT,
            rows=at_end(stage),
            aggregate=SUM_AMOUNT,
            description=description,
        ),
    )


SIGNED = _("Projects reaching 签约 inside the period (from the stage history).")

register(
    count(
        "investment.library.count",
        _("Projects entered in the investment library"),
        "个",
        ledger=INVESTMENT,
    ),
    total(
        "investment.library.amount",
        _("Agreed investment of projects entered in the library"),
        "亿元",
        ledger=INVESTMENT,
        field="amount",
    ),
    custom(
        "investment.signed.count",
        _("Projects signed"),
        "个",
        ledger=INVESTMENT,
        rows=reaching(Stage.SIGNED),
        description=SIGNED,
    ),
    custom(
        "investment.signed.amount",
        _("Agreed investment of projects signed"),
        "亿元",
        ledger=INVESTMENT,
        rows=reaching(Stage.SIGNED),
        aggregate=SUM_AMOUNT,
        description=SIGNED,
    ),
    *stage_stock(
        "investment.key_negotiation",
        Stage.KEY_NEGOTIATION,
        _("Projects in key negotiation"),
        _("Investment of projects in key negotiation"),
    ),
    *stage_stock(
        "investment.negotiating",
        Stage.NEGOTIATING,
        _("Projects in negotiation"),
        _("Investment of projects in negotiation"),
    ),
    *stage_stock(
        "investment.tracking",
        Stage.TRACKING,
        _("Projects being tracked"),
        _("Investment of projects being tracked"),
    ),
)


# --- construction and livelihood projects --------------------------------------------------


def planned(category, **extra):
    def rows(org, period):
        return ConstructionProject.objects.filter(
            org__path__startswith=org.path, category=category, plan_year=period.year, **extra
        ).select_related("org")

    return rows


PLANNED = _("Projects of this category whose plan year is the period's year.")

register(
    custom(
        "projects.industrial.count",
        _("Industrial projects planned and under way"),
        "个",
        ledger=CONSTRUCTION,
        rows=planned(Category.INDUSTRIAL),
        description=PLANNED,
    ),
    custom(
        "projects.industrial.investment",
        _("Total investment of industrial projects"),
        "亿元",
        ledger=CONSTRUCTION,
        rows=planned(Category.INDUSTRIAL),
        aggregate=SUM_INVESTMENT,
        description=PLANNED,
    ),
    custom(
        "livelihood.projects.count",
        _("Livelihood projects on the task list"),
        "个",
        ledger=CONSTRUCTION,
        rows=planned(Category.LIVELIHOOD),
        description=PLANNED,
    ),
    custom(
        "livelihood.projects.investment",
        _("Total investment of livelihood projects"),
        "亿元",
        ledger=CONSTRUCTION,
        rows=planned(Category.LIVELIHOOD),
        aggregate=SUM_INVESTMENT,
        description=PLANNED,
    ),
    custom(
        "livelihood.projects.categories",
        _("Categories of livelihood projects"),
        "类",
        ledger=CONSTRUCTION,
        rows=planned(Category.LIVELIHOOD),
        aggregate=("distinct", "livelihood_category"),
        description=_("Distinct 民生类别 of the livelihood projects of the period's year."),
    ),
)


# --- support applications and enterprises --------------------------------------------------


def programme(name):
    return Q(programme=name)


register(
    count(
        "support.foreign_trade.projects",
        _("Foreign trade special fund projects applied for"),
        "个",
        ledger=SUPPORT,
        where=programme(Programme.FOREIGN_TRADE),
    ),
    total(
        "support.foreign_trade.granted",
        _("Foreign trade special funds granted"),
        "万元",
        ledger=SUPPORT,
        field="granted",
        where=programme(Programme.FOREIGN_TRADE),
    ),
    distinct(
        "support.mid_long_loans.batches",
        _("Batches of medium and long-term manufacturing loans"),
        "批次",
        ledger=SUPPORT,
        field="round",
        where=programme(Programme.MID_LONG_LOAN),
    ),
    count(
        "support.mid_long_loans.projects",
        _("Projects applying for medium and long-term manufacturing loans"),
        "个",
        ledger=SUPPORT,
        where=programme(Programme.MID_LONG_LOAN),
    ),
    distinct(
        "support.interest_subsidy.enterprises",
        _("Enterprises applying for the upgrade loan interest subsidy"),
        "家",
        ledger=SUPPORT,
        field="enterprise",
        where=programme(Programme.INTEREST_SUBSIDY),
    ),
    total(
        "support.interest_subsidy.applied",
        _("Interest subsidy applied for"),
        "万元",
        ledger=SUPPORT,
        field="applied",
        where=programme(Programme.INTEREST_SUBSIDY),
    ),
    total(
        "support.bridge_loan.granted",
        _("Emergency bridge loans granted"),
        "万元",
        ledger=SUPPORT,
        field="granted",
        where=programme(Programme.BRIDGE_LOAN),
    ),
    distinct(
        "support.innovation_vouchers.enterprises",
        _("Enterprises applying for innovation vouchers"),
        "家",
        ledger=SUPPORT,
        field="enterprise",
        where=programme(Programme.INNOVATION_VOUCHER),
    ),
    distinct(
        "support.sci_tech_loans.enterprises",
        _("Enterprises applying for science and technology loans"),
        "家",
        ledger=SUPPORT,
        field="enterprise",
        where=programme(Programme.SCI_TECH_LOAN),
    ),
    total(
        "support.sci_tech_loans.granted",
        _("Science and technology loans granted"),
        "万元",
        ledger=SUPPORT,
        field="granted",
        where=programme(Programme.SCI_TECH_LOAN),
    ),
    distinct(
        "support.subsidies.enterprises",
        _("Enterprises obtaining subsidies"),
        "家",
        ledger=SUPPORT,
        field="enterprise",
        where=programme(Programme.SUBSIDY),
    ),
    total(
        "support.subsidies.granted",
        _("Subsidies granted"),
        "万元",
        ledger=SUPPORT,
        field="granted",
        where=programme(Programme.SUBSIDY),
    ),
    count(
        "enterprises.tech_upgrade",
        _("Enterprises in the technical upgrade library"),
        "家",
        ledger=ENTERPRISES,
        where=Q(tech_upgrade=True),
        mode=ANY_TIME,
        description=_("Enterprises marked 是 in 是否技改项目库 (the library as it stands)."),
    ),
    count(
        "enterprises.upgraded",
        _("Enterprises completing a technical upgrade"),
        "家",
        ledger=ENTERPRISES,
        date="upgraded_on",
    ),
    count(
        "enterprises.hightech_reserve",
        _("Enterprises in the high-tech enterprise reserve"),
        "家",
        ledger=ENTERPRISES,
        where=Q(hightech_reserve=True),
        mode=ANY_TIME,
        description=_("Enterprises marked 是 in 是否高企后备库 (the reserve as it stands)."),
    ),
    count(
        "enterprises.tech_sme.new",
        _("Newly filed science and technology SMEs"),
        "家",
        ledger=ENTERPRISES,
        date="tech_sme_filed_on",
    ),
)


# --- fiscal indicators -------------------------------------------------------------------


def cumulative(code):
    def rows(org, period):
        return actual_rows(code, org, period.last_month)

    return rows


def annual_target(code):
    def rows(org, period):
        return target_rows(code, org, period.year)

    return rows


ACTUALS = "indicator_actuals"
CUMULATIVE = ("sum", "cumulative")
AT_LAST_MONTH = _(
    "The cumulative value from January to the period's last month (本年累计): the "
    "organisation's own row, else the sum of its highest reporting descendants."
)

register(
    custom(
        "fiscal.revenue.actual",
        _("General public budget revenue, cumulative"),
        "万元",
        ledger=ACTUALS,
        rows=cumulative("revenue"),
        aggregate=CUMULATIVE,
        description=AT_LAST_MONTH,
    ),
    custom(
        "fiscal.revenue.target",
        _("General public budget revenue, annual target"),
        "万元",
        ledger="indicator_targets",
        rows=annual_target("revenue"),
        aggregate=("sum", "target"),
    ),
    custom(
        "fiscal.tax.actual",
        _("Tax revenue, cumulative"),
        "万元",
        ledger=ACTUALS,
        rows=cumulative("tax"),
        aggregate=CUMULATIVE,
        description=AT_LAST_MONTH,
    ),
    yoy(
        "fiscal.revenue.yoy",
        _("General public budget revenue, year on year"),
        "fiscal.revenue.actual",
    ),
    yoy("fiscal.tax.yoy", _("Tax revenue, year on year"), "fiscal.tax.actual"),
    share(
        "fiscal.tax.share",
        _("Share of tax in general public budget revenue"),
        part="fiscal.tax.actual",
        whole="fiscal.revenue.actual",
    ),
    completion(
        "fiscal.revenue.completion",
        _("General public budget revenue, share of the annual target"),
        "fiscal.revenue.actual",
        "fiscal.revenue.target",
    ),
    time_progress("fiscal.time_progress", _("Time progress (months elapsed / 12)")),
    ahead(
        "fiscal.revenue.ahead",
        _("General public budget revenue, points ahead of time progress"),
        "fiscal.revenue.completion",
    ),
    double_half(
        "fiscal.revenue.double_half",
        _("Double half of general public budget revenue"),
        "fiscal.revenue.completion",
    ),
)
