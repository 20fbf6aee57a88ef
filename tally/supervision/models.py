"""Supervision (锤炼能力作风, DOMAIN.md section B): 包联 assignments of cadres to projects and
enterprises, supervised tasks with their progress, lights and history, notices, inspections
and the problems they found, commended models, reporting obligations and the weekly
"我的这7天" filings with their bulletins, and the reminders that chase all of it.

Stored choice values are the Chinese words of the Excel contract; labels are translated.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from tally.ledgers.models import LedgerRecord


class ObjectKind(models.TextChoices):
    """What a cadre serves (包联). Projects are named by their 项目编号, enterprises by their
    统一社会信用代码; the economy module links its records to assignments by that code."""

    CITY_PROJECT = "城市建设项目", _("City construction project")
    INDUSTRIAL_PROJECT = "工业项目", _("Industrial project")
    ENTERPRISE = "规上工业企业", _("Industrial enterprise above designated size")


class ServiceAssignment(LedgerRecord):
    """A cadre (a person of the members ledger, by 身份证号) assigned to serve one project
    or enterprise from a start date, until an end date or for as long as it lasts.

    The object is kept as its code text, not as a foreign key: supervision knows nothing
    of the economy module (which imports this one, never the reverse)."""

    cadre = models.ForeignKey(
        "party.Member",
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        related_name="service_assignments",
    )
    object_kind = models.CharField(_("object kind"), max_length=8, choices=ObjectKind.choices)
    object_code = models.CharField(_("object code"), max_length=32)
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("service assignment (包联)")
        verbose_name_plural = _("service assignments (包联)")
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "object_kind", "object_code"],
                name="service_assignment_natural_key",
            )
        ]
        indexes = [models.Index(fields=["object_kind", "object_code"])]

    def __str__(self) -> str:
        return f"{self.cadre} → {self.object_kind} {self.object_code}"

    def active_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


# --- tasks --------------------------------------------------------------------------------


class TaskSource(models.TextChoices):
    SUPERIOR = "上级交办", _("Assigned by the level above")
    MEETING = "党工委会议", _("Party working committee meeting")
    INSTRUCTION = "领导批示", _("Leader's instruction")
    KEY_PROJECT = "重点项目", _("Key project")


class TaskLevel(models.TextChoices):
    NORMAL = "一般", _("Ordinary")
    LISTED = "挂牌督办", _("Listed supervision (挂牌督办)")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "未启动", _("Not started")
    IN_PROGRESS = "推进中", _("Under way")
    DONE = "已完成", _("Done (办结)")
    CLOSED = "已销号", _("Closed (销号)")


DONE_STATUSES = (TaskStatus.DONE, TaskStatus.CLOSED)


class Light(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


class Task(LedgerRecord):
    """A supervised item (督办事项): registered and assigned by the office (立项 → 交办),
    reported on by its lead unit, done and closed by the office (办结 → 销号).

    `light` is the task's light as last computed (on `light_on`), kept so that lists
    filter and sort by it in the database; LightChange rows are its history."""

    number = models.CharField(_("task number"), max_length=40, unique=True)
    name = models.CharField(_("task"), max_length=200)
    source = models.CharField(_("source"), max_length=8, choices=TaskSource.choices)
    lead_leader = models.CharField(_("leading leader"), max_length=50, blank=True)
    lead_unit = models.ForeignKey(
        "orgs.Org", verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    partners = models.ManyToManyField(
        "orgs.Org", verbose_name=_("cooperating units"), blank=True, related_name="joint_tasks"
    )
    start_date = models.DateField(_("start date"))
    deadline = models.DateField(_("deadline"), db_index=True)
    level = models.CharField(
        _("supervision level"), max_length=8, choices=TaskLevel.choices, default=TaskLevel.NORMAL
    )
    plated_on = models.DateField(_("date listed (挂牌日期)"), null=True, blank=True, db_index=True)
    progress = models.DecimalField(_("progress (%)"), max_digits=5, decimal_places=2, default=0)
    status = models.CharField(
        _("status"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    requirement = models.TextField(_("supervision requirement"), blank=True)
    # The workflow beyond the ledger's columns.
    assigned = models.BooleanField(_("assigned (交办)"), default=True, editable=False)
    done_on = models.DateField(_("date done (办结)"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("date closed (销号)"), null=True, blank=True, editable=False)
    light = models.CharField(_("light"), max_length=8, choices=Light.choices, blank=True)
    light_on = models.DateField(_("light computed on"), null=True, blank=True, editable=False)
    last_report_on = models.DateField(
        _("last progress report"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("supervised task")
        verbose_name_plural = _("supervised tasks")
        indexes = [
            models.Index(fields=["lead_unit", "light"]),
            models.Index(fields=["lead_unit", "plated_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def is_done(self) -> bool:
        return self.status in DONE_STATUSES

    @property
    def is_listed(self) -> bool:
        return self.level == TaskLevel.LISTED


class Milestone(models.Model):
    """A point the task should have reached by a date: the expected progress runs through
    the milestones instead of in a straight line."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"))
    percent = models.DecimalField(_("expected progress (%)"), max_digits=5, decimal_places=2)
    title = models.CharField(_("milestone"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["task", "date"], name="milestone_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.percent}%"


class ProgressReport(models.Model):
    """What the lead unit reports: how far the task is, what was done, what comes next,
    what is in the way and what support it needs."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("date"))
    percent = models.DecimalField(_("progress (%)"), max_digits=5, decimal_places=2)
    done = models.TextField(_("done"))
    next_steps = models.TextField(_("next steps"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    support = models.TextField(_("support needed"), blank=True)
    # Why the progress went down (required then).
    reason = models.TextField(_("reason for the lower progress"), blank=True)
    by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("filed"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.task.number} {self.reported_on} {self.percent}%"


def attachment_name(instance, filename: str) -> str:
    """A random name: the uploader's file name says nothing and guesses nothing."""
    return f"supervision/{secrets.token_hex(16)}"


class Attachment(models.Model):
    """A file filed with a progress report or a problem's rectification; its type was
    proven from its bytes (attachments.py) and it is served only through a scoped view."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    problem = models.ForeignKey(
        "Problem", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_name, max_length=100)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class TaskEvent(models.Model):
    """The task's history: every step of the workflow and every edit, who and when."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registered (立项)")
        ASSIGNED = "assigned", _("Assigned (交办)")
        EDITED = "edited", _("Edited")
        IMPORTED = "imported", _("Imported")
        PROGRESS = "progress", _("Progress reported")
        LISTED = "listed", _("Listed (挂牌)")
        NOTICE = "notice", _("Notice issued")
        DONE = "done", _("Done (办结)")
        CLOSED = "closed", _("Closed (销号)")
        REOPENED = "reopened", _("Reopened")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("event"), max_length=16, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("task event")
        verbose_name_plural = _("task events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.task.number} {self.kind}"


class LightChange(models.Model):
    """A task's light from a day on: written whenever the computed light differs from the
    last one (the first computation included), so that the light on any past day is the
    latest row on or before it."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="light_changes")
    on = models.DateField(_("date"), db_index=True)
    light = models.CharField(_("light"), max_length=8, choices=Light.choices)
    previous = models.CharField(
        _("previous light"), max_length=8, choices=Light.choices, blank=True
    )
    lag = models.DecimalField(_("points behind"), max_digits=6, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("light change")
        verbose_name_plural = _("light changes")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["task", "on"])]

    def __str__(self) -> str:
        return f"{self.task.number} {self.on} {self.light}"


# --- inspections, problems, models -----------------------------------------------------------


class InspectionKind(models.TextChoices):
    STYLE = "干部作风专项监督检查", _("Special inspection of cadres' work style")
    ONSITE = "现场督办", _("On-site supervision")
    IMPLEMENTATION = "落实情况监督检查", _("Inspection of implementation")


class Inspection(LedgerRecord):
    number = models.CharField(_("inspection number"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=InspectionKind.choices)
    date = models.DateField(_("date"), db_index=True)
    units = models.ManyToManyField(
        "orgs.Org", verbose_name=_("units visited"), blank=True, related_name="inspections"
    )
    experiences = models.PositiveIntegerField(_("experiences summarised"), default=0)
    summary = models.TextField(_("experiences (summary)"), blank=True)
    # The organisation that ran the inspection (the office's own, unless a file says).
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        # Subtree + date (bench/metrics_bench.py): a figure for a community reads its own rows.
        indexes = [
            models.Index(fields=["org", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.kind}"


class ProblemStatus(models.TextChoices):
    OPEN = "未整改", _("Not rectified")
    IN_PROGRESS = "整改中", _("Being rectified")
    RECTIFIED = "已整改", _("Rectified")


class Problem(LedgerRecord):
    """A problem an inspection found, for a unit to rectify by a deadline. It lights up
    like a task: red once overdue, yellow when due soon."""

    number = models.CharField(_("problem number"), max_length=40, unique=True)
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.PROTECT,
        related_name="problems",
    )
    unit = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="problems",
    )
    description = models.TextField(_("problem"))
    category = models.CharField(_("category"), max_length=50, blank=True)
    found_on = models.DateField(_("date found"), db_index=True)
    deadline = models.DateField(_("rectification deadline"))
    status = models.CharField(
        _("status"), max_length=8, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    rectified_on = models.DateField(_("date rectified"), null=True, blank=True)
    evidence = models.TextField(_("evidence of rectification"), blank=True, editable=False)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["unit", "found_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.description[:30]}"

    @property
    def is_rectified(self) -> bool:
        return self.status == ProblemStatus.RECTIFIED


class CommendedModel(LedgerRecord):
    """能力作风建设标兵: a person commended for capability and work style."""

    name = models.CharField(_("name"), max_length=50)
    unit = models.ForeignKey(
        "orgs.Org", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    commended_on = models.DateField(_("date commended"), db_index=True)
    deeds = models.TextField(_("deeds"), blank=True)

    class Meta:
        verbose_name = _("commended model")
        verbose_name_plural = _("commended models")
        # Subtree + date (bench/metrics_bench.py): a figure for a community reads its own rows.
        indexes = [
            models.Index(fields=["unit", "commended_on"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["name", "unit"], name="commended_model_natural_key")
        ]

    def __str__(self) -> str:
        return self.name


# --- notices ------------------------------------------------------------------------------------


class NoticeKind(models.TextChoices):
    LISTED = "挂牌督办通知", _("Notice of listed supervision")
    SPECIAL = "专题督办通知", _("Notice of special supervision")


def notice_file_name(instance, filename: str) -> str:
    return f"notices/{secrets.token_hex(16)}.docx"


class Notice(LedgerRecord):
    """A numbered supervision notice (督办通知〔2023〕第7期), printed as an official
    document. Numbers run per year and kind without gaps (numbering.py); the Word file is
    stored, and generating it again gives the same bytes."""

    number = models.CharField(_("notice number"), max_length=40)
    kind = models.CharField(_("kind"), max_length=8, choices=NoticeKind.choices)
    issued_on = models.DateField(_("date issued"), db_index=True)
    tasks = models.ManyToManyField(
        Task, verbose_name=_("tasks"), blank=True, related_name="notices"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    addressees = models.CharField(_("addressees"), max_length=200, blank=True)
    body = models.TextField(_("opening text"), blank=True)
    issuer = models.CharField(_("issuer"), max_length=100, blank=True)
    # The organisation that issued it (the office's own, unless a file says).
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to=notice_file_name, blank=True, max_length=100)
    file_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        # Subtree + date (bench/metrics_bench.py): a figure for a community reads its own rows.
        indexes = [
            models.Index(fields=["org", "issued_on"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="notice_number_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}{self.number}"

    @property
    def full_number(self) -> str:
        """The number as printed: 督办通知〔2023〕第7期."""
        return f"督办通知{self.number}"


class NoticeCounter(models.Model):
    """The last number issued for a kind and year. Issuing a notice increments it in the
    same transaction that writes the notice, so a number is never skipped or repeated."""

    figure_data = False  # no figure reads it (tally.metrics.freshness)

    kind = models.CharField(max_length=8, choices=NoticeKind.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="notice_counter_per_kind_year")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


# --- reporting obligations ---------------------------------------------------------------------


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")


class Obligation(models.Model):
    """A ledger due from a set of units every week or month by a day: weekly filings by
    Sunday (day 7), project monthly reports by the 25th. The units are those of the chosen
    kinds, and those listed one by one."""

    ledger_key = models.CharField(_("ledger"), max_length=64)
    name = models.CharField(_("name"), max_length=100)
    frequency = models.CharField(_("frequency"), max_length=8, choices=Frequency.choices)
    due_day = models.PositiveSmallIntegerField(
        _("due by day"),
        help_text=_(
            "Weekly: 1 (Monday) to 7 (Sunday). Monthly: 1 to 31 (the month's last day "
            "when it has fewer)."
        ),
    )
    unit_kinds = models.JSONField(_("kinds of unit"), default=list, blank=True)
    units = models.ManyToManyField(
        "orgs.Org", verbose_name=_("units"), blank=True, related_name="obligations"
    )
    starts_on = models.DateField(_("first period starts"))
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reporting obligation")
        verbose_name_plural = _("reporting obligations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReportState(models.TextChoices):
    ON_TIME = "按时", _("On time")
    LATE = "迟报", _("Late")
    MISSING = "未报", _("Missing")
    PENDING = "待报", _("Not yet due")


class ReportingRecordManager(models.Manager):
    # Lists and exports show the obligation's name and the unit's code on every row.
    def get_queryset(self):
        return super().get_queryset().select_related("obligation", "unit")


class ReportingRecord(models.Model):
    """Whether one unit's report of one period arrived, and when: on time, late, missing,
    or not yet due. Recomputed from the ledger's rows (obligations.refresh_obligation),
    so that figures and lists count these rows with the ordinary metric engine."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="records")
    unit = models.ForeignKey("orgs.Org", verbose_name=_("unit"), on_delete=models.CASCADE)
    period = models.CharField(_("period"), max_length=10)
    due_on = models.DateField(_("due on"), db_index=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=4, choices=ReportState.choices)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportingRecordManager()

    class Meta:
        verbose_name = _("report received")
        verbose_name_plural = _("reports received")
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "unit", "period"], name="reporting_record_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.obligation_id} {self.unit_id} {self.period} {self.state}"

    @property
    def obligation_name(self) -> str:
        return self.obligation.name


# --- weekly filings and bulletins --------------------------------------------------------------


class WeeklyFiling(LedgerRecord):
    """我的这7天: what a department did this week and plans for the next."""

    unit = models.ForeignKey(
        "orgs.Org", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="filings"
    )
    week = models.CharField(_("week"), max_length=8, db_index=True)
    done = models.TextField(_("this week's work"))
    planned = models.TextField(_("next week's plan"), blank=True)
    submitted_on = models.DateField(_("submitted"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("weekly filing")
        verbose_name_plural = _("weekly filings")
        constraints = [models.UniqueConstraint(fields=["unit", "week"], name="weekly_filing_once")]

    def __str__(self) -> str:
        return f"{self.unit} {self.week}"


class Bulletin(models.Model):
    """The weekly bulletin (每周跟踪晾晒) of one ISO week. Its content is a snapshot taken
    when it was drafted: later filings and edits never rewrite it; a draft is refreshed
    on request, a published bulletin never."""

    week = models.CharField(_("week"), max_length=8, unique=True)
    snapshot = models.JSONField(default=dict)
    note = models.TextField(_("the office's note"), blank=True)
    drafted_at = models.DateTimeField(_("drafted"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("weekly bulletin")
        verbose_name_plural = _("weekly bulletins")
        ordering = ["-week"]

    def __str__(self) -> str:
        return self.week

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


# --- reminders --------------------------------------------------------------------------------


class Notification(models.Model):
    """An in-app reminder on a unit's home page. `key` makes it idempotent: the daily job
    run twice on one day finds its notification and creates nothing."""

    figure_data = False  # no figure reads it (tally.metrics.freshness)

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    read_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["org", "read_at"])]

    def __str__(self) -> str:
        return self.title


class Platform(models.TextChoices):
    WECOM = "wecom", _("WeCom (企业微信)")
    DINGTALK = "dingtalk", _("DingTalk (钉钉)")
    FEISHU = "feishu", _("Feishu (飞书)")


class Webhook(models.Model):
    """A group robot of 企业微信, 钉钉 or 飞书: a unit's own, or the site's (no unit). The
    address and the signing secret are credentials: stored encrypted (SM4)."""

    figure_data = False  # no figure reads it (tally.metrics.freshness)

    org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhooks",
    )
    platform = models.CharField(_("platform"), max_length=10, choices=Platform.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    url_enc = models.BinaryField(editable=False)
    secret_enc = models.BinaryField(editable=False, blank=True, default=b"")
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")

    def __str__(self) -> str:
        return self.name or self.get_platform_display()


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    """One message to one channel (a group robot, an e-mail address), kept until sent.
    `key` is unique: the same reminder is never queued twice for the same channel."""

    figure_data = False  # no figure reads it (tally.metrics.freshness)

    key = models.CharField(max_length=250, unique=True)
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, null=True, blank=True)
    email = models.EmailField(blank=True)
    title = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.key
