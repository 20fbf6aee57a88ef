"""Economy: the investment pipeline with its stage history, construction projects and their
monthly reports, enterprises and their support applications, and indicators with annual
targets and monthly cumulative actuals (DOMAIN.md sections C and E).

Stored choice values are the Chinese words of the Excel columns (the import contract).
Amounts keep the unit their column names: 亿元 for projects, 万元 for support
applications, the indicator's own unit for indicators.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tally.ledgers.models import LedgerRecord

YI = _("100 million yuan")  # 亿元
MONEY = {"max_digits": 14, "decimal_places": 2}


class Stage(models.TextChoices):
    """The stages of an investment project, in the order a project moves through them."""

    PLANNING = "谋划", _("Planning")
    TRACKING = "跟踪", _("Tracking")
    NEGOTIATING = "在谈", _("In negotiation")
    KEY_NEGOTIATION = "重点洽谈", _("Key negotiation")
    SIGNED = "签约", _("Signed")
    STARTED = "开工", _("Construction started")
    OPERATING = "投产", _("In production")


STAGE_ORDER = list(Stage.values)


class InvestmentProject(LedgerRecord):
    """A project of the investment library (招商引资项目库). `stage` and `stage_date` are
    the latest row of its stage history, kept here for lists and exports; the history
    (StageChange) is what stocks and flows are counted from."""

    number = models.CharField(_("project number"), max_length=32, unique=True)
    name = models.CharField(_("project name"), max_length=100)
    investor = models.CharField(_("investor"), max_length=100, blank=True)
    chain = models.CharField(_("industrial chain"), max_length=50, blank=True)
    amount = models.DecimalField(_("agreed investment (100 million yuan)"), **MONEY, null=True)
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices)
    stage_date = models.DateField(_("stage date"))
    entered_on = models.DateField(_("entered the library"))
    org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="investment_projects",
    )
    leader = models.CharField(_("responsible leader"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        indexes = [
            models.Index(fields=["entered_on"]),
            models.Index(fields=["org", "entered_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class StageChange(models.Model):
    """One row of a project's stage history: the project reached `stage` on `date`.
    Rows are appended, never rewritten; the latest row on or before a day is the
    project's stage that day."""

    project = models.ForeignKey(
        InvestmentProject,
        verbose_name=_("investment project"),
        on_delete=models.CASCADE,
        related_name="stages",
    )
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices)
    date = models.DateField(_("stage date"))
    # The import that appended the row (undoing it removes the row), or None.
    batch = models.ForeignKey(
        "ledgers.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ("date", "pk")
        indexes = [
            models.Index(fields=["project", "date", "id"]),
            models.Index(fields=["stage", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.stage} {self.date}"


class Category(models.TextChoices):
    INDUSTRIAL = "产业项目", _("Industrial project")
    URBAN = "城市建设项目", _("Urban construction project")
    LIVELIHOOD = "民生项目", _("Livelihood project")
    GOVERNMENT = "政府投资项目", _("Government investment project")


class ConstructionProject(LedgerRecord):
    number = models.CharField(_("project number"), max_length=32, unique=True)
    name = models.CharField(_("project name"), max_length=100)
    category = models.CharField(_("category"), max_length=8, choices=Category.choices)
    livelihood_category = models.CharField(_("livelihood category"), max_length=32, blank=True)
    plan_year = models.PositiveSmallIntegerField(_("plan year"))
    total_investment = models.DecimalField(_("total investment (100 million yuan)"), **MONEY)
    annual_plan = models.DecimalField(
        _("annual planned investment (100 million yuan)"), **MONEY, null=True, blank=True
    )
    start_date = models.DateField(_("construction start"), null=True, blank=True)
    planned_end = models.DateField(_("planned completion"), null=True, blank=True)
    org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="construction_projects",
    )

    class Meta:
        verbose_name = _("construction project")
        verbose_name_plural = _("construction projects")
        indexes = [
            models.Index(fields=["plan_year", "category"]),
            models.Index(fields=["org", "plan_year"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class ProjectReport(LedgerRecord):
    """A construction project's monthly report (项目月报). `cumulative` is the investment
    completed from January of the report's year to the end of its month (本年累计)."""

    project = models.ForeignKey(
        ConstructionProject,
        verbose_name=_("construction project"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    month = models.CharField(_("month"), max_length=7)
    cumulative = models.DecimalField(_("completed investment (100 million yuan)"), **MONEY)
    progress = models.DecimalField(_("physical progress (%)"), max_digits=5, decimal_places=2)
    progress_text = models.CharField(_("progress"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("project monthly report")
        verbose_name_plural = _("project monthly reports")
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="economy_report_month")
        ]
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"{self.project_id} {self.month}"


class Enterprise(LedgerRecord):
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("enterprise name"), max_length=100)
    industry = models.CharField(_("industry"), max_length=50, blank=True)
    above_scale = models.BooleanField(
        _("industrial enterprise above designated size"), default=False
    )
    tech_sme = models.BooleanField(_("science and technology SME"), default=False)
    tech_sme_filed_on = models.DateField(_("filed as a science and technology SME"), null=True)
    hightech_reserve = models.BooleanField(_("high-tech enterprise reserve"), default=False)
    tech_upgrade = models.BooleanField(_("technical upgrade library"), default=False)
    upgraded_on = models.DateField(_("technical upgrade completed"), null=True)
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self) -> str:
        return self.name


class Programme(models.TextChoices):
    INTEREST_SUBSIDY = "产业升级贷贴息", _("Industrial upgrade loan interest subsidy")
    BRIDGE_LOAN = "应急转贷", _("Emergency bridge loan")
    INNOVATION_VOUCHER = "创新券", _("Innovation voucher")
    SCI_TECH_LOAN = "科创贷", _("Science and technology loan")
    SUBSIDY = "补贴资金", _("Subsidy")
    FOREIGN_TRADE = "外经贸专项资金", _("Foreign trade special fund")
    MID_LONG_LOAN = "制造业中长期贷款", _("Medium and long-term manufacturing loan")


class ApplicationStatus(models.TextChoices):
    APPLIED = "已申报", _("Applied")
    REVIEWING = "审核中", _("Under review")
    GRANTED = "已获批", _("Granted")
    REFUSED = "未获批", _("Refused")
    WITHDRAWN = "已撤回", _("Withdrawn")


class SupportApplication(LedgerRecord):
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    programme = models.CharField(_("programme"), max_length=16, choices=Programme.choices)
    round = models.CharField(_("batch"), max_length=32, blank=True)
    name = models.CharField(_("project name"), max_length=100, blank=True)
    applied_on = models.DateField(_("application date"))
    applied = models.DecimalField(_("amount applied for (10,000 yuan)"), **MONEY, null=True)
    granted = models.DecimalField(_("amount granted (10,000 yuan)"), **MONEY, null=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ApplicationStatus.choices, blank=True
    )

    class Meta:
        verbose_name = _("support application")
        verbose_name_plural = _("support applications")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "programme", "round", "name"], name="economy_application_key"
            )
        ]
        indexes = [models.Index(fields=["programme", "applied_on"])]

    def __str__(self) -> str:
        return f"{self.programme} {self.name or self.enterprise_id}"


class Indicator(LedgerRecord):
    """An indicator's definition, owned by the organisation that defines it (the root of
    the tree unless a file says otherwise)."""

    code = models.CharField(_("indicator code"), max_length=32, unique=True)
    name = models.CharField(_("indicator name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=16, blank=True)
    # The code of the indicator this one is a part of (税收 of 一般公共预算收入), kept as
    # a code so that a first file may define both at once.
    parent_code = models.CharField(_("parent indicator code"), max_length=32, blank=True)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ("code",)

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class IndicatorTarget(LedgerRecord):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.DecimalField(_("annual target"), max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "org", "year"], name="economy_target_key")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.org_id} {self.year}"


class IndicatorActual(LedgerRecord):
    """The cumulative value from January to the end of `month` (本年累计); last year's
    months are kept the same way, so year-on-year growth compares like with like."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="actuals"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.CharField(_("month"), max_length=7)
    cumulative = models.DecimalField(_("cumulative this year"), max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("indicator actual")
        verbose_name_plural = _("indicator actuals")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "org", "month"], name="economy_actual_key")
        ]
        indexes = [models.Index(fields=["indicator", "month"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.org_id} {self.month}"
