"""The ledgers of section B (锤炼能力作风) with DOMAIN.md's headers."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tally.accounts.models import Role
from tally.ledgers import declarations as d
from tally.ledgers.declarations import Column, Ref
from tally.ledgers.ledger import Ledger
from tally.ledgers.registry import register
from tally.lib.creditcode import CreditCodeError, validate_credit_code
from tally.orgs.models import Org
from tally.party.refs import PERSON_REF

from .lights import refresh_task_lights
from .models import (
    DONE_STATUSES,
    CommendedModel,
    Inspection,
    InspectionKind,
    Notice,
    NoticeKind,
    ObjectKind,
    Problem,
    ProblemStatus,
    ServiceAssignment,
    Task,
    TaskEvent,
    TaskLevel,
    TaskSource,
    TaskStatus,
)
from .numbering import NumberError, parse_notice_number

EXAMPLE_ID = "420303198506151237"  # a well-formed, made-up number (check digit valid)
# The office's ledgers: units read their rows, the office writes them (units report on
# tasks and problems through the pages of the workflow).
OFFICE_WRITES = frozenset({Role.ADMIN, Role.OFFICE})


def check_date_order(ledger: Ledger, rows, first: str, later: str, message: str) -> None:
    """An error on `later` when it comes before `first` (both dates, either may be blank)."""
    column = ledger.column(later)
    for row in rows:
        start, end = row.values.get(first), row.values.get(later)
        if row.ok and start and end and end < start:
            row.error(column, message)


class ServiceAssignmentLedger(Ledger):
    key = "service_assignments"
    name = gettext_lazy("Service assignments (包联)")
    description = gettext_lazy(
        "Cadres assigned to serve city construction projects, industrial projects and "
        "industrial enterprises above designated size. A project is named by its 项目编号, "
        "an enterprise by its 统一社会信用代码. The cadre's organisation owns the row."
    )
    model = ServiceAssignment
    columns = [
        Column(
            "包联干部身份证号",
            "cadre",
            d.REF,
            required=True,
            ref=PERSON_REF,
            pii=True,
            example=EXAMPLE_ID,
            help=gettext_lazy(
                "The cadre's ID-card number; the cadre must be in the members ledger."
            ),
        ),
        Column(
            "对象类别",
            "object_kind",
            d.CHOICE,
            required=True,
            choices=tuple(ObjectKind.values),
            example=ObjectKind.INDUSTRIAL_PROJECT,
        ),
        Column(
            "对象编号",
            "object_code",
            d.TEXT,
            required=True,
            max_length=32,
            example="XM-2023-001",
            help=gettext_lazy(
                "The project number, or the enterprise's unified social credit code."
            ),
        ),
        Column("开始日期", "start_date", d.DATE, required=True, example="2023-02-01"),
        Column("结束日期", "end_date", d.DATE),
    ]
    natural_key = ("cadre", "object_kind", "object_code")
    org_field = "cadre__org"
    org_column = None
    date_field = "start_date"
    search_fields = ("object_code", "cadre__name")
    ordering = ("object_kind", "object_code", "-start_date")

    def row_org(self, values):
        cadre = values.get("cadre")
        return cadre.org if cadre is not None else None

    def validate_rows(self, rows, context) -> None:
        check_date_order(
            self, rows, "start_date", "end_date", _("The 结束日期 is before the 开始日期.")
        )
        code_column = self.column("object_code")
        for row in rows:
            if row.ok and row.values["object_kind"] == ObjectKind.ENTERPRISE:
                check_credit_code(row, code_column, row.values["object_code"])


def check_credit_code(row, column: Column, code: str) -> None:
    """An enterprise is named by its credit code exactly as the enterprises ledger keeps
    it (capitals, no spaces), so that the economy module finds its assignments."""
    try:
        normalized = validate_credit_code(code)
    except CreditCodeError as error:
        row.error(column, str(error))
        return
    if normalized != code:
        row.error(
            column,
            _("Write the credit code as %(code)s (capitals, no spaces).") % {"code": normalized},
        )


# --- tasks ---------------------------------------------------------------------------------


class TaskLedger(Ledger):
    key = "tasks"
    name = gettext_lazy("Supervised tasks")
    description = gettext_lazy(
        "Tasks the office supervises: lead and cooperating units, dates, level and progress. "
        "A file may register tasks and correct them; progress is reported by the lead unit "
        "on the task's page, and a lower progress than the stored one is refused here."
    )
    model = Task
    write_roles = OFFICE_WRITES
    columns = [
        Column("事项编号", "number", d.TEXT, required=True, max_length=40, example="DB2023-001"),
        Column(
            "事项名称",
            "name",
            d.TEXT,
            required=True,
            max_length=200,
            example="新能源汽车产业园建设",
        ),
        Column(
            "来源",
            "source",
            d.CHOICE,
            required=True,
            choices=tuple(TaskSource.values),
            example=TaskSource.MEETING,
        ),
        Column("牵头领导", "lead_leader", d.TEXT, max_length=50, example="张书记"),
        Column("牵头单位编码", "lead_unit", d.ORG, required=True, example="QS-BM-JSJ"),
        Column("配合单位编码", "partners", d.ORGS, example="QS-BM-ZSJ、QS-DC"),
        Column("开始日期", "start_date", d.DATE, required=True, example="2023-01-01"),
        Column("完成时限", "deadline", d.DATE, required=True, example="2023-12-31"),
        Column(
            "督办级别",
            "level",
            d.CHOICE,
            required=True,
            choices=tuple(TaskLevel.values),
            example=TaskLevel.NORMAL,
        ),
        Column("挂牌日期", "plated_on", d.DATE),
        Column("进度(%)", "progress", d.PERCENT, minimum=0, maximum=100, example="35"),
        Column(
            "状态",
            "status",
            d.CHOICE,
            required=True,
            choices=tuple(TaskStatus.values),
            example=TaskStatus.IN_PROGRESS,
        ),
        Column(
            "督办要求",
            "requirement",
            d.TEXT,
            max_length=2000,
            listed=False,
            help=gettext_lazy("What the notice requires of the lead unit (optional)."),
        ),
    ]
    natural_key = ("number",)
    org_field = "lead_unit"
    org_column = "lead_unit"
    date_field = "start_date"
    search_fields = ("number", "name", "lead_leader")
    ordering = ("deadline", "number")
    record_forms = False

    def record_url(self, obj) -> str:
        return reverse("supervision:task_detail", args=[obj.pk])

    def validate_rows(self, rows, context) -> None:
        check_date_order(
            self, rows, "start_date", "deadline", _("The 完成时限 is before the 开始日期.")
        )
        numbers = [r.values["number"] for r in rows if r.ok]
        stored = {t.number: t for t in Task.objects.filter(number__in=numbers)}
        for row in rows:
            if row.ok:
                self.check_task_row(row, stored.get(row.values["number"]))

    def check_task_row(self, row, existing) -> None:
        values = row.values
        level, plated_on = values.get("level"), values.get("plated_on")
        progress, status = values.get("progress") or 0, values.get("status")
        if level == TaskLevel.LISTED and not plated_on:
            row.error(self.column("plated_on"), _("A 挂牌督办 task needs its 挂牌日期."), value="")
        elif plated_on and level != TaskLevel.LISTED:
            row.error(self.column("level"), _("A task with a 挂牌日期 is 挂牌督办."))
        elif plated_on and plated_on < values["start_date"]:
            row.error(self.column("plated_on"), _("The 挂牌日期 is before the 开始日期."))
        if status == TaskStatus.NOT_STARTED and progress > 0:
            row.error(self.column("status"), _("A task with progress is not 未启动."))
        if existing is not None and "progress" in values and progress < existing.progress:
            row.error(
                self.column("progress"),
                _(
                    "Task %(number)s is at %(old)s%%: progress does not go down in a file. "
                    "The lead unit reports a lower progress with its reason on the task's page."
                )
                % {"number": existing.number, "old": existing.progress.normalize()},
            )

    def apply(self, plan, batch) -> dict:
        """The written tasks get a history row and their light."""
        undo = super().apply(plan, batch)
        touched = Task.objects.filter(batch=batch)
        TaskEvent.objects.bulk_create(
            TaskEvent(
                task=task, kind=TaskEvent.Kind.IMPORTED, by=batch.user, note=batch.original_name
            )
            for task in touched.only("pk")
        )
        touched.filter(status__in=DONE_STATUSES, done_on__isnull=True).update(
            done_on=timezone.localdate()
        )
        refresh_task_lights(touched)
        return undo


TASK_REF = Ref("supervision.Task", "number", label=gettext_lazy("task"))


# --- notices, inspections, problems, models ---------------------------------------------------


class OfficeRecordLedger(Ledger):
    """A record the office makes (a notice, an inspection): it belongs to the uploader's
    organisation unless the file names one, so that a zone's figures count its own."""

    write_roles = OFFICE_WRITES

    def default_values(self, context) -> dict:
        """The uploader's organisation (the tree's root for an account without one)."""
        return {"org": context.user.org or Org.objects.get_first_root_node()}


class NoticeLedger(OfficeRecordLedger):
    key = "notices"
    name = gettext_lazy("Supervision notices")
    description = gettext_lazy(
        "Numbered notices of listed and special supervision (督办通知). Notices issued in "
        "Tally are numbered by it; a file records earlier ones, and the next number follows "
        "the highest of the year."
    )
    model = Notice
    columns = [
        Column("通知编号", "number", d.TEXT, required=True, max_length=40, example="〔2023〕第7期"),
        Column(
            "类别",
            "kind",
            d.CHOICE,
            required=True,
            choices=tuple(NoticeKind.values),
            example=NoticeKind.LISTED,
        ),
        Column("印发日期", "issued_on", d.DATE, required=True, example="2023-07-03"),
        Column(
            "涉及事项编号",
            "tasks",
            d.REFS,
            required=True,
            ref=TASK_REF,
            example="DB2023-001、DB2023-002",
            help=gettext_lazy("The numbers of the tasks the notice is about; each must exist."),
        ),
        Column(
            "印发组织编码",
            "org",
            d.ORG,
            help=gettext_lazy("The organisation that issued the notice; blank: your own."),
        ),
    ]
    natural_key = ("number", "kind")
    date_field = "issued_on"
    search_fields = ("number", "title")
    ordering = ("-issued_on", "-id")
    record_forms = False

    def record_url(self, obj) -> str:
        return reverse("supervision:notice_detail", args=[obj.pk])

    def validate_rows(self, rows, context) -> None:
        column = self.column("number")
        for row in rows:
            if not row.ok:
                continue
            try:
                year, _seq = parse_notice_number(row.values["number"])
            except NumberError as error:
                row.error(column, str(error))
                continue
            if year != row.values["issued_on"].year:
                row.error(column, _("The year in the number is not the year of the 印发日期."))


class InspectionLedger(OfficeRecordLedger):
    key = "inspections"
    name = gettext_lazy("Inspections")
    description = gettext_lazy(
        "Supervision inspections with the units visited and the experiences summarised. "
        "The inspection belongs to the organisation that ran it: the uploader's own unless "
        "the file names one."
    )
    model = Inspection
    columns = [
        Column("检查编号", "number", d.TEXT, required=True, max_length=40, example="JC2023-01"),
        Column(
            "类别",
            "kind",
            d.CHOICE,
            required=True,
            choices=tuple(InspectionKind.values),
            example=InspectionKind.ONSITE,
        ),
        Column("检查日期", "date", d.DATE, required=True, example="2023-03-15"),
        Column("走访单位编码", "units", d.ORGS, example="QS-BM-JSJ、QS-DC"),
        Column("经验做法条数", "experiences", d.INT, minimum=0, example="2"),
        Column("经验做法", "summary", d.TEXT, max_length=4000, listed=False),
        Column(
            "检查组织编码",
            "org",
            d.ORG,
            help=gettext_lazy("The organisation that ran the inspection; blank: your own."),
        ),
    ]
    natural_key = ("number",)
    date_field = "date"
    search_fields = ("number", "summary")
    ordering = ("-date", "-id")

    def record_url(self, obj) -> str:
        return reverse("supervision:inspection_detail", args=[obj.pk])


INSPECTION_REF = Ref("supervision.Inspection", "number", label=gettext_lazy("inspection"))


class ProblemLedger(Ledger):
    key = "problems"
    name = gettext_lazy("Problems to rectify")
    description = gettext_lazy(
        "Problems found by inspections, each with its responsible unit and rectification "
        "deadline. An overdue problem lights red, one due within a week yellow."
    )
    model = Problem
    write_roles = OFFICE_WRITES
    columns = [
        Column("问题编号", "number", d.TEXT, required=True, max_length=40, example="WT2023-001"),
        Column(
            "来源检查编号",
            "inspection",
            d.REF,
            required=True,
            ref=INSPECTION_REF,
            example="JC2023-01",
            help=gettext_lazy("The inspection that found the problem; it must be recorded first."),
        ),
        Column("责任单位编码", "unit", d.ORG, required=True, example="QS-BM-JSJ"),
        Column(
            "问题描述",
            "description",
            d.TEXT,
            required=True,
            max_length=2000,
            example="项目现场安全围挡不规范",
        ),
        Column("类别", "category", d.TEXT, max_length=50, example="作风问题"),
        Column("发现日期", "found_on", d.DATE, required=True, example="2023-03-15"),
        Column("整改时限", "deadline", d.DATE, required=True, example="2023-04-15"),
        Column(
            "整改状态",
            "status",
            d.CHOICE,
            required=True,
            choices=tuple(ProblemStatus.values),
            example=ProblemStatus.OPEN,
        ),
        Column("整改完成日期", "rectified_on", d.DATE),
    ]
    natural_key = ("number",)
    org_field = "unit"
    org_column = "unit"
    date_field = "found_on"
    search_fields = ("number", "description", "category")
    ordering = ("deadline", "number")

    def record_url(self, obj) -> str:
        return reverse("supervision:problem_detail", args=[obj.pk])

    def validate_rows(self, rows, context) -> None:
        check_date_order(
            self, rows, "found_on", "deadline", _("The 整改时限 is before the 发现日期.")
        )
        check_date_order(
            self, rows, "found_on", "rectified_on", _("The 整改完成日期 is before the 发现日期.")
        )
        for row in rows:
            if not row.ok:
                continue
            status, done = row.values["status"], row.values.get("rectified_on")
            inspection = row.values["inspection"]
            if status == ProblemStatus.RECTIFIED and not done:
                row.error(
                    self.column("rectified_on"),
                    _("A problem marked 已整改 needs its 整改完成日期."),
                    value="",
                )
            elif done and status != ProblemStatus.RECTIFIED:
                row.error(self.column("status"), _("A problem with a 整改完成日期 is 已整改."))
            if row.values["found_on"] < inspection.date:
                row.error(
                    self.column("found_on"),
                    _("The 发现日期 is before inspection %(number)s took place (%(date)s).")
                    % {"number": inspection.number, "date": inspection.date.isoformat()},
                )


class CommendedModelLedger(Ledger):
    key = "models"
    name = gettext_lazy("Commended models")
    description = gettext_lazy("能力作风建设标兵: people commended for capability and work style.")
    model = CommendedModel
    write_roles = OFFICE_WRITES
    columns = [
        Column("姓名", "name", d.TEXT, required=True, max_length=50, example="刘洋"),
        Column("单位编码", "unit", d.ORG, required=True, example="QS-BM-ZSJ"),
        Column("表彰日期", "commended_on", d.DATE, required=True, example="2023-05-04"),
        Column("事迹", "deeds", d.TEXT, max_length=4000, listed=False),
    ]
    natural_key = ("name", "unit")
    org_field = "unit"
    org_column = "unit"
    date_field = "commended_on"
    search_fields = ("name", "deeds")
    ordering = ("-commended_on", "-id")


SERVICE_ASSIGNMENTS = register(ServiceAssignmentLedger())
TASKS = register(TaskLedger())
NOTICES = register(NoticeLedger())
INSPECTIONS = register(InspectionLedger())
PROBLEMS = register(ProblemLedger())
MODELS = register(CommendedModelLedger())
