"""The economy ledgers of DOMAIN.md sections C and E: investment projects (with their stage
history), construction projects and their monthly reports, enterprises and their support
applications, indicators with their annual targets and monthly cumulative actuals.

The Chinese headers are the import/export contract. What a ledger needs beyond its
declaration is one hook: the investment library appends a stage-history row when a row
brings a new stage; monthly reports and actuals are checked against the neighbouring
months (a cumulative never falls within a year).
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tally.ledgers import declarations as d
from tally.ledgers.declarations import Column, Ref
from tally.ledgers.ledger import Ledger
from tally.ledgers.registry import register
from tally.lib.creditcode import validate_credit_code
from tally.orgs.models import Org

from .magnitudes import EARLIER, LIBRARY, TOTAL, check_slips, median_of
from .models import (
    ApplicationStatus,
    Category,
    ConstructionProject,
    Enterprise,
    Indicator,
    IndicatorActual,
    IndicatorTarget,
    InvestmentProject,
    Programme,
    ProjectReport,
    Stage,
    StageChange,
    SupportApplication,
)
from .services import stage_move_problem

YI_YUAN = "亿元"
WAN_YUAN = "万元"
AMOUNT = {"minimum": Decimal(0)}


def amount_text(value: Decimal, unit: str) -> str:
    """1.20 → "1.2亿元": the figure as a clerk writes it."""
    return f"{format(Decimal(value).normalize(), 'f')}{unit}"


# --- investment projects ---------------------------------------------------------------


class InvestmentProjectLedger(Ledger):
    key = "investment_projects"
    name = gettext_lazy("Investment projects")
    description = gettext_lazy(
        "The investment library (招商引资项目库). A row with a new stage and its date adds "
        "to the project's stage history; the history is never overwritten, and the same "
        "stage again changes nothing."
    )
    model = InvestmentProject
    columns = [
        Column("项目编号", "number", d.TEXT, required=True, max_length=32, example="ZS-2023-001"),
        Column(
            "项目名称", "name", d.TEXT, required=True, max_length=100, example="新能源电池包项目"
        ),
        Column("投资方", "investor", d.TEXT, max_length=100, example="某新能源科技有限公司"),
        Column("产业链", "chain", d.TEXT, max_length=50, example="新能源汽车"),
        Column("协议投资额(亿元)", "amount", d.DECIMAL, **AMOUNT, example="12.5"),
        Column(
            "阶段", "stage", d.CHOICE, required=True, choices=tuple(Stage.values), example="在谈"
        ),
        Column(
            "阶段日期",
            "stage_date",
            d.DATE,
            required=True,
            example="2023-03-15",
            help=gettext_lazy("The day the project reached this stage."),
        ),
        Column("入库日期", "entered_on", d.DATE, required=True, example="2023-01-10"),
        Column("责任单位编码", "org", d.ORG, required=True, example="QS-BM-ZSJ"),
        Column("责任领导", "leader", d.TEXT, max_length=50, example="张建国"),
    ]
    natural_key = ("number",)
    date_field = "entered_on"
    search_fields = ("number", "name", "investor", "chain")
    ordering = ("-entered_on", "number")

    def record_url(self, obj) -> str:
        return reverse("economy:investment_detail", args=[obj.pk])

    def validate_rows(self, rows, context) -> None:
        """A stage date lies neither in the future nor before the project's present
        stage; the present stage again with another date is refused (the history keeps
        the day a stage was reached, and is not rewritten)."""
        numbers = [row.values["number"] for row in rows if row.values.get("number")]
        stored = InvestmentProject.objects.filter(number__in=numbers).values_list(
            "number", "stage", "stage_date", "amount"
        )
        present = {number: (stage, since) for number, stage, since, _amount in stored}
        amounts = {number: amount for number, _stage, _since, amount in stored}
        library = median_of(InvestmentProject.objects.all(), "amount")
        check_slips(
            self,
            rows,
            "amount",
            lambda row: usual_size(amounts.get(row.values.get("number")), library),
        )
        today = timezone.localdate()
        column = self.column("stage_date")
        for row in rows:
            stage, day = row.values.get("stage"), row.values.get("stage_date")
            if not stage or not day or {"stage", "stage_date"} & row.bad_keys:
                continue
            before = present.get(row.values.get("number"))
            if before is not None:
                problem = stage_move_problem(*before, stage, day)
            elif day > today:
                problem = _("The stage date is in the future.")
            else:
                problem = None
            if problem:
                row.error(column, problem)

    def apply(self, plan, batch) -> dict:
        undo = super().apply(plan, batch)
        append_stage_history(batch)
        return undo


def append_stage_history(batch) -> int:
    """After an import wrote its projects: every project the batch wrote whose present
    stage is not the latest row of its history gets a row (new projects their first).
    Two queries and one insert, whatever the number of projects."""
    written = InvestmentProject.objects.filter(batch=batch).values_list("pk", "stage", "stage_date")
    latest = latest_stage_of([pk for pk, _stage, _day in written])
    rows = [
        StageChange(project_id=pk, stage=stage, date=day, batch=batch)
        for pk, stage, day in written
        if latest.get(pk) != (stage, day)
    ]
    StageChange.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def latest_stage_of(project_ids) -> dict[int, tuple[str, dt.date]]:
    found: dict[int, tuple[str, dt.date]] = {}
    rows = StageChange.objects.filter(project_id__in=project_ids).order_by("date", "pk")
    for pk, stage, day in rows.values_list("project_id", "stage", "date"):
        found[pk] = (stage, day)
    return found


# --- construction projects and their monthly reports -------------------------------------


class ConstructionProjectLedger(Ledger):
    key = "construction_projects"
    name = gettext_lazy("Construction projects")
    description = gettext_lazy(
        "Industrial, urban construction, livelihood and government investment projects "
        "with their annual plan; their progress comes from the monthly reports."
    )
    model = ConstructionProject
    columns = [
        Column("项目编号", "number", d.TEXT, required=True, max_length=32, example="XM-2023-001"),
        Column(
            "项目名称", "name", d.TEXT, required=True, max_length=100, example="海口路综合改造项目"
        ),
        Column(
            "类别",
            "category",
            d.CHOICE,
            required=True,
            choices=tuple(Category.values),
            example=Category.URBAN,
        ),
        Column("民生类别", "livelihood_category", d.TEXT, max_length=32, example="交通路网"),
        Column(
            "计划年度",
            "plan_year",
            d.INT,
            required=True,
            minimum=2000,
            maximum=2100,
            example="2023",
        ),
        Column(
            "总投资(亿元)", "total_investment", d.DECIMAL, required=True, **AMOUNT, example="3.2"
        ),
        Column("年度计划投资(亿元)", "annual_plan", d.DECIMAL, **AMOUNT, example="1.8"),
        Column("开工日期", "start_date", d.DATE, example="2023-02-01"),
        Column("计划完工日期", "planned_end", d.DATE, example="2023-12-31"),
        Column("责任单位编码", "org", d.ORG, required=True, example="QS-BM-JSJ"),
    ]
    natural_key = ("number",)
    date_field = "start_date"
    search_fields = ("number", "name", "livelihood_category")
    ordering = ("-plan_year", "number")

    def record_url(self, obj) -> str:
        return reverse("economy:project_detail", args=[obj.pk])

    def validate_rows(self, rows, context) -> None:
        self.check_unit_slips(rows)
        for row in rows:
            values = row.values
            start, end = values.get("start_date"), values.get("planned_end")
            if start and end and end < start:
                row.error(self.column("planned_end"), _("The project ends before it starts."))
            total, plan = values.get("total_investment"), values.get("annual_plan")
            if total is not None and plan is not None and plan > total:
                row.error(
                    self.column("annual_plan"),
                    _("The annual plan (%(plan)s) is more than the total investment (%(total)s).")
                    % {"plan": amount_text(plan, YI_YUAN), "total": amount_text(total, YI_YUAN)},
                )

    def check_unit_slips(self, rows) -> None:
        """Total and annual plan against the project's stored figures, or the median
        total of the ledger for a new project."""
        numbers = [row.values["number"] for row in rows if row.values.get("number")]
        stored = {
            number: (total, plan)
            for number, total, plan in ConstructionProject.objects.filter(
                number__in=numbers
            ).values_list("number", "total_investment", "annual_plan")
        }
        library = median_of(ConstructionProject.objects.all(), "total_investment")

        def usual_total(row):
            total, _plan = stored.get(row.values.get("number"), (None, None))
            return usual_size(total, library)

        def usual_plan(row):
            total, plan = stored.get(row.values.get("number"), (None, None))
            return usual_size(plan or total, library)

        check_slips(self, rows, "total_investment", usual_total)
        check_slips(self, rows, "annual_plan", usual_plan)


def usual_size(own, library):
    """(usual size, how the message names it): the project's own stored figure, else
    the ledger's median."""
    if own:
        return own, EARLIER
    return library, LIBRARY


PROJECT_REF = Ref(
    "economy.ConstructionProject", "number", label=gettext_lazy("construction project")
)


class ProjectReportLedger(Ledger):
    key = "project_reports"
    name = gettext_lazy("Project monthly reports")
    description = gettext_lazy(
        "Each construction project's monthly report, due by the 25th: investment completed "
        "this year to the end of the month, physical progress in percent and in words."
    )
    model = ProjectReport
    columns = [
        Column("项目编号", "project", d.REF, ref=PROJECT_REF, required=True, example="XM-2023-001"),
        Column("月份", "month", d.MONTH, required=True, example="2023-06"),
        Column(
            "累计完成投资(亿元)",
            "cumulative",
            d.DECIMAL,
            required=True,
            **AMOUNT,
            example="1.5",
            help=gettext_lazy("From January of the report's year to the end of the month."),
        ),
        Column(
            "形象进度(%)",
            "progress",
            d.PERCENT,
            required=True,
            minimum=Decimal(0),
            maximum=Decimal(100),
            example="60%",
        ),
        Column("进展情况", "progress_text", d.TEXT, max_length=500, example="主体结构施工"),
    ]
    natural_key = ("project", "month")
    org_field = "project__org"
    org_column = None
    search_fields = ("project__number", "project__name", "progress_text")
    ordering = ("-month", "project__number")

    def get_queryset(self):
        return super().get_queryset().select_related("project__org")

    def row_org(self, values):
        project = values.get("project")
        return project.org if project is not None else None

    def row_orgs(self, rows_values):
        return owners_of(rows_values, "project")

    def format_value(self, column, value, *, masked=True):
        # 形象进度 reads as the clerk wrote it: "60%", not "60.00".
        if column.type == d.PERCENT and value is not None:
            return f"{format(Decimal(value).normalize(), 'f')}%"
        return super().format_value(column, value, masked=masked)

    def validate_rows(self, rows, context) -> None:
        check_slips(self, rows, "cumulative", report_usual_size)
        check_cumulative_months(
            self,
            rows,
            entity=lambda values: values["project"].pk,
            stored=stored_report_cumulatives,
            unit=lambda values: YI_YUAN,
        )


def owners_of(rows_values, key: str) -> list:
    """The organisation of each row's referenced record (a project, an enterprise), in
    one query for the file rather than one per row."""
    records = [values.get(key) for values in rows_values]
    orgs = Org.objects.in_bulk({r.org_id for r in records if r is not None})
    return [orgs.get(r.org_id) if r is not None else None for r in records]


def report_usual_size(row):
    """A month's cumulative investment against the project's total (or its annual plan
    where that is larger)."""
    project = row.values.get("project")
    if project is None:
        return None, TOTAL
    figures = [x for x in (project.total_investment, project.annual_plan) if x]
    return (max(figures) if figures else None), TOTAL


def stored_report_cumulatives(entities, first: str, last: str) -> dict:
    reports = ProjectReport.objects.filter(
        project_id__in=entities, month__gte=first, month__lte=last
    )
    return {
        (pk, month): value
        for pk, month, value in reports.values_list("project_id", "month", "cumulative")
    }


def check_cumulative_months(ledger, rows, *, entity, stored, unit) -> None:
    """A cumulative from January never falls within a year: each row is compared with the
    nearest earlier and later month of the same year, from the file or the database
    (the file's row wins where both have one). One query for the whole file."""
    column = ledger.column("cumulative")
    checked = [
        row
        for row in rows
        if row.ok
        and all(row.values.get(k) is not None for k in (*ledger.natural_key, "cumulative"))
    ]
    if not checked:
        return
    years = sorted({row.values["month"][:4] for row in checked})
    entities = {entity(row.values) for row in checked}
    known = stored(entities, f"{years[0]}-01", f"{years[-1]}-12")
    for row in checked:
        known[(entity(row.values), row.values["month"])] = row.values["cumulative"]
    by_entity_year = defaultdict(list)
    for (who, month), value in known.items():
        by_entity_year[(who, month[:4])].append((month, value))
    for months in by_entity_year.values():
        months.sort()
    for row in checked:
        who, month, value = entity(row.values), row.values["month"], row.values["cumulative"]
        months = by_entity_year[(who, month[:4])]
        earlier = [(m, v) for m, v in months if m < month]
        later = [(m, v) for m, v in months if m > month]
        if earlier and value < earlier[-1][1]:
            row.error(column, fell_message(month, value, *earlier[-1], unit(row.values)))
        elif later and value > later[0][1]:
            row.error(column, rose_message(month, value, *later[0], unit(row.values)))


def previous_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def fell_message(month, value, other_month, other_value, unit) -> str:
    now, before = amount_text(value, unit), amount_text(other_value, unit)
    if other_month == previous_month(month):
        return _("This month's cumulative (%(now)s) is less than last month's (%(before)s).") % {
            "now": now,
            "before": before,
        }
    return _("This month's cumulative (%(now)s) is less than that of %(month)s (%(before)s).") % {
        "now": now,
        "month": other_month,
        "before": before,
    }


def rose_message(month, value, other_month, other_value, unit) -> str:
    return _("This month's cumulative (%(now)s) is more than that of %(month)s (%(after)s).") % {
        "now": amount_text(value, unit),
        "month": other_month,
        "after": amount_text(other_value, unit),
    }


# --- enterprises and support applications ------------------------------------------------


class EnterpriseLedger(Ledger):
    key = "enterprises"
    name = gettext_lazy("Enterprises")
    description = gettext_lazy(
        "Enterprises by unified social credit code, with the libraries they belong to. "
        "Their 包联 cadres come from the service assignments."
    )
    model = Enterprise
    columns = [
        Column(
            "统一社会信用代码",
            "credit_code",
            d.CREDITCODE,
            required=True,
            example="91420300MA4F0XXX0X",
        ),
        Column(
            "企业名称",
            "name",
            d.TEXT,
            required=True,
            max_length=100,
            example="某汽车零部件有限公司",
        ),
        Column("行业", "industry", d.TEXT, max_length=50, example="汽车零部件"),
        Column("是否规上工业企业", "above_scale", d.BOOL, example="是"),
        Column("是否科技型中小企业", "tech_sme", d.BOOL, example="是"),
        Column("科技型中小企业备案日期", "tech_sme_filed_on", d.DATE, example="2023-04-20"),
        Column("是否高企后备库", "hightech_reserve", d.BOOL, example="否"),
        Column("是否技改项目库", "tech_upgrade", d.BOOL, example="是"),
        Column("技改完成日期", "upgraded_on", d.DATE, example=""),
        Column("所属组织编码", "org", d.ORG, required=True, example="QS-DC"),
    ]
    natural_key = ("credit_code",)
    date_field = "tech_sme_filed_on"
    search_fields = ("credit_code", "name", "industry")
    ordering = ("name", "id")

    def record_url(self, obj) -> str:
        return reverse("economy:enterprise_detail", args=[obj.pk])

    def validate_rows(self, rows, context) -> None:
        """A date says the enterprise is in its library: the flag must say so too."""
        today = timezone.localdate()
        pairs = (("tech_sme_filed_on", "tech_sme"), ("upgraded_on", "tech_upgrade"))
        for row in rows:
            for date_key, flag_key in pairs:
                day = row.values.get(date_key)
                if day is None or date_key in row.bad_keys:
                    continue
                if day > today:
                    row.error(self.column(date_key), _("The date is in the future."))
                elif flag_key in row.values and not row.values[flag_key]:
                    row.error(
                        self.column(flag_key),
                        _("“%(date)s” is filled in, so this must be 是.")
                        % {"date": self.column(date_key).header},
                    )


ENTERPRISE_REF = Ref(
    "economy.Enterprise",
    "credit_code",
    label=gettext_lazy("enterprise"),
    validate=validate_credit_code,
)


class SupportApplicationLedger(Ledger):
    key = "support_applications"
    name = gettext_lazy("Support applications")
    description = gettext_lazy(
        "Enterprises' applications to support programmes, with the amounts applied for "
        "and granted in 10,000 yuan. The enterprise's organisation owns the row."
    )
    model = SupportApplication
    columns = [
        Column(
            "统一社会信用代码",
            "enterprise",
            d.REF,
            ref=ENTERPRISE_REF,
            required=True,
            example="91420300MA4F0XXX0X",
        ),
        Column(
            "政策项目",
            "programme",
            d.CHOICE,
            required=True,
            choices=tuple(Programme.values),
            example=Programme.SCI_TECH_LOAN,
        ),
        Column("批次", "round", d.TEXT, max_length=32, example="2023年第一批"),
        Column("项目名称", "name", d.TEXT, max_length=100, example="智能产线改造"),
        Column("申报日期", "applied_on", d.DATE, required=True, example="2023-03-20"),
        Column("申报金额(万元)", "applied", d.DECIMAL, **AMOUNT, example="200"),
        Column("获批金额(万元)", "granted", d.DECIMAL, **AMOUNT, example="150"),
        Column(
            "状态",
            "status",
            d.CHOICE,
            choices=tuple(ApplicationStatus.values),
            example=ApplicationStatus.GRANTED,
        ),
    ]
    natural_key = ("enterprise", "programme", "round", "name")
    org_field = "enterprise__org"
    org_column = None
    date_field = "applied_on"
    search_fields = ("enterprise__name", "enterprise__credit_code", "name", "round")
    ordering = ("-applied_on", "id")

    def get_queryset(self):
        return super().get_queryset().select_related("enterprise__org")

    def row_org(self, values):
        enterprise = values.get("enterprise")
        return enterprise.org if enterprise is not None else None

    def row_orgs(self, rows_values):
        return owners_of(rows_values, "enterprise")


# --- indicators --------------------------------------------------------------------------


class IndicatorLedger(Ledger):
    key = "indicators"
    name = gettext_lazy("Indicators")
    description = gettext_lazy(
        "Indicator definitions of the zone (administrator and office): code, name, unit and "
        "the indicator it is a part of, for shares."
    )
    model = Indicator
    columns = [
        Column("指标编码", "code", d.TEXT, required=True, max_length=32, example="revenue"),
        Column(
            "指标名称",
            "name",
            d.TEXT,
            required=True,
            max_length=100,
            example="地方一般公共预算收入",
        ),
        Column("单位", "unit", d.TEXT, max_length=16, example=WAN_YUAN),
        Column("上级指标编码", "parent_code", d.TEXT, max_length=32, example=""),
        Column(
            "组织编码",
            "org",
            d.ORG,
            example="QS",
            help=gettext_lazy("Who defines the indicator; blank: the whole tree."),
        ),
    ]
    natural_key = ("code",)
    search_fields = ("code", "name")
    ordering = ("code",)

    def record_url(self, obj) -> str:
        return reverse("economy:indicator_detail", args=[obj.code])

    def default_values(self, context):
        return {"org": Org.objects.get_first_root_node()}

    def validate_rows(self, rows, context) -> None:
        """A parent code names an indicator defined before or in the same file, never
        the indicator itself or one of its own parts."""
        parents = dict(Indicator.objects.values_list("code", "parent_code"))
        parents.update(
            {
                row.values["code"]: row.values.get("parent_code", "")
                for row in rows
                if row.values.get("code")
            }
        )
        column = self.column("parent_code")
        for row in rows:
            parent = row.values.get("parent_code")
            if not parent or "parent_code" in row.bad_keys:
                continue
            if parent not in parents:
                row.error(column, _("No indicator has the code “%(code)s”.") % {"code": parent})
            elif in_cycle(row.values["code"], parents):
                row.error(column, _("An indicator cannot be a part of itself."))


def in_cycle(code: str, parents: dict[str, str]) -> bool:
    seen, current = set(), code
    while current:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current, "")
    return False


INDICATOR_REF = Ref("economy.Indicator", "code", label=gettext_lazy("indicator"))


class IndicatorTargetLedger(Ledger):
    key = "indicator_targets"
    name = gettext_lazy("Indicator targets")
    description = gettext_lazy("The annual target of an indicator for an organisation.")
    model = IndicatorTarget
    columns = [
        Column("指标编码", "indicator", d.REF, ref=INDICATOR_REF, required=True, example="revenue"),
        Column("组织编码", "org", d.ORG, required=True, example="QS"),
        Column("年份", "year", d.INT, required=True, minimum=2000, maximum=2100, example="2023"),
        Column(
            "年度目标", "target", d.DECIMAL, required=True, minimum=Decimal(0), example="100000"
        ),
    ]
    natural_key = ("indicator", "org", "year")
    search_fields = ("indicator__code", "indicator__name")
    ordering = ("-year", "indicator__code", "org__path")


class IndicatorActualLedger(Ledger):
    key = "indicator_actuals"
    name = gettext_lazy("Indicator actuals")
    description = gettext_lazy(
        "Monthly cumulative values from January (本年累计), as the finance bureau's sheet "
        "gives them; last year's months are kept the same way."
    )
    model = IndicatorActual
    columns = [
        Column("指标编码", "indicator", d.REF, ref=INDICATOR_REF, required=True, example="revenue"),
        Column("组织编码", "org", d.ORG, required=True, example="QS"),
        Column("月份", "month", d.MONTH, required=True, example="2023-06"),
        Column("本年累计", "cumulative", d.DECIMAL, required=True, example="74300"),
    ]
    natural_key = ("indicator", "org", "month")
    search_fields = ("indicator__code", "indicator__name")
    ordering = ("-month", "indicator__code", "org__path")

    def validate_rows(self, rows, context) -> None:
        check_cumulative_months(
            self,
            rows,
            entity=lambda values: (values["indicator"].pk, values["org"].pk),
            stored=stored_actual_cumulatives,
            unit=lambda values: values["indicator"].unit,
        )


def stored_actual_cumulatives(entities, first: str, last: str) -> dict:
    indicators = {indicator for indicator, _org in entities}
    orgs = {org for _indicator, org in entities}
    actuals = IndicatorActual.objects.filter(
        Q(indicator_id__in=indicators, org_id__in=orgs), month__gte=first, month__lte=last
    ).values_list("indicator_id", "org_id", "month", "cumulative")
    return {((i, o), month): value for i, o, month, value in actuals}


INVESTMENT_PROJECTS = register(InvestmentProjectLedger())
CONSTRUCTION_PROJECTS = register(ConstructionProjectLedger())
PROJECT_REPORTS = register(ProjectReportLedger())
ENTERPRISES = register(EnterpriseLedger())
SUPPORT_APPLICATIONS = register(SupportApplicationLedger())
INDICATORS = register(IndicatorLedger())
INDICATOR_TARGETS = register(IndicatorTargetLedger())
INDICATOR_ACTUALS = register(IndicatorActualLedger())
