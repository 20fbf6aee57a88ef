"""Writes of the supervision module. The web views, the API and the commands all go
through these functions: each checks who may do it, refuses bad input with a message for
the user before anything is written, keeps the task's history and its light in step.
"""

import datetime as dt
import hashlib
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tally.accounts.models import Role
from tally.accounts.scoping import can_write_org
from tally.orgs.models import Org

from .attachments import AttachmentRefused, check_files
from .lights import refresh_task_light
from .models import (
    Attachment,
    Inspection,
    Milestone,
    Notice,
    NoticeKind,
    Problem,
    ProblemStatus,
    ProgressReport,
    Task,
    TaskEvent,
    TaskLevel,
    TaskStatus,
)
from .numbering import with_next_number

OFFICE_ROLES = (Role.ADMIN, Role.OFFICE)
HUNDRED = Decimal(100)


class SupervisionError(Exception):
    """A step that cannot be done; the message is for the user."""


def is_office(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in OFFICE_ROLES


def require_office(user) -> None:
    if not is_office(user):
        raise PermissionDenied


def log(task: Task, kind: str, by, note: str = "") -> TaskEvent:
    actor = by if getattr(by, "pk", None) else None
    return TaskEvent.objects.create(task=task, kind=kind, by=actor, note=note)


# --- registering and editing tasks ------------------------------------------------------


def check_task_dates(start: dt.date, deadline: dt.date) -> None:
    if deadline < start:
        raise SupervisionError(_("The deadline is before the start date."))


def check_milestones(milestones, start: dt.date, deadline: dt.date) -> None:
    """Milestones lie between the start and the deadline, with rising percentages."""
    previous = Decimal(0)
    for day, percent, *_title in sorted(milestones):
        if not start <= day <= deadline:
            raise SupervisionError(
                _("The milestone of %(day)s is outside the task's dates.") % {"day": day}
            )
        if not previous <= percent <= HUNDRED:
            raise SupervisionError(
                _("Milestone percentages rise from 0 to 100 (the one of %(day)s does not).")
                % {"day": day}
            )
        previous = percent


def register_task(fields: dict, *, by, partners=(), milestones=(), assign=True) -> Task:
    """立项 (and, with `assign`, 交办 at once): the office registers a task."""
    require_office(by)
    check_task_dates(fields["start_date"], fields["deadline"])
    check_milestones(milestones, fields["start_date"], fields["deadline"])
    with transaction.atomic():
        task = Task.objects.create(**fields, assigned=assign)
        task.partners.set(partners)
        set_milestones(task, milestones)
        log(task, TaskEvent.Kind.REGISTERED, by)
        if assign:
            log(task, TaskEvent.Kind.ASSIGNED, by)
        refresh_task_light(task)
    return task


def update_task(task: Task, fields: dict, *, by, partners=None, milestones=None) -> Task:
    """The office corrects a task's facts; the change is a history row naming them."""
    require_office(by)
    start = fields.get("start_date", task.start_date)
    deadline = fields.get("deadline", task.deadline)
    check_task_dates(start, deadline)
    if milestones is not None:
        check_milestones(milestones, start, deadline)
    changed = [name for name, value in fields.items() if getattr(task, name) != value]
    with transaction.atomic():
        for name, value in fields.items():
            setattr(task, name, value)
        task.batch = None
        task.save()
        if partners is not None:
            task.partners.set(partners)
        if milestones is not None:
            set_milestones(task, milestones)
        labels = [str(Task._meta.get_field(name).verbose_name) for name in changed]
        log(task, TaskEvent.Kind.EDITED, by, "、".join(labels))
        refresh_task_light(task)
    return task


def set_milestones(task: Task, milestones) -> None:
    task.milestones.all().delete()
    Milestone.objects.bulk_create(
        Milestone(task=task, date=day, percent=percent, title=title[0] if title else "")
        for day, percent, *title in milestones
    )


def assign_task(task: Task, *, by) -> Task:
    """交办: the lead and cooperating units now see the task among theirs."""
    require_office(by)
    if task.assigned:
        return task
    with transaction.atomic():
        task.assigned = True
        task.save(update_fields=["assigned", "updated_at"])
        log(task, TaskEvent.Kind.ASSIGNED, by)
    return task


def checked_files(files):
    try:
        return check_files(files)
    except AttachmentRefused as error:
        raise SupervisionError(str(error)) from None


def store_files(checked, **owner) -> None:
    """Save checked files under random names, attached to their report or problem.
    Called inside the caller's transaction: a failure leaves no row behind (a file
    already written is then an orphan on disk, never reachable)."""
    for item in checked:
        attachment = Attachment(
            **owner, name=item.name, content_type=item.content_type, size=item.size
        )
        attachment.file.save(item.name, item.content, save=True)


# --- progress ---------------------------------------------------------------------------


def may_report(user, task: Task) -> bool:
    """The lead unit's clerks (its subtree's, that is) and the office file progress;
    cooperating units read the task but do not report on it."""
    return is_office(user) or (
        getattr(user, "role", None) == Role.UNIT and can_write_org(user, task.lead_unit)
    )


def file_progress(
    task: Task,
    *,
    by,
    percent: Decimal,
    done: str,
    reported_on: dt.date | None = None,
    next_steps: str = "",
    problems: str = "",
    support: str = "",
    reason: str = "",
    files=(),
) -> ProgressReport:
    """The lead unit reports progress. A percentage above 100, a report dated in the
    future or before the task's start, a lower percentage than the last without a reason,
    a report on a closed task, a refused file: each an error, nothing written."""
    if not may_report(by, task):
        raise PermissionDenied
    reported_on = reported_on or timezone.localdate()
    check_report(task, percent, reported_on, done, reason)
    checked = checked_files(files)
    with transaction.atomic():
        report = ProgressReport.objects.create(
            task=task,
            reported_on=reported_on,
            percent=percent,
            done=done.strip(),
            next_steps=next_steps.strip(),
            problems=problems.strip(),
            support=support.strip(),
            reason=reason.strip(),
            by=by,
        )
        store_files(checked, report=report)
        apply_report(task, report)
        log(task, TaskEvent.Kind.PROGRESS, by, f"{format_percent(percent)}")
        refresh_task_light(task)
    return report


def check_report(task: Task, percent, reported_on: dt.date, done: str, reason: str) -> None:
    if task.status == TaskStatus.CLOSED:
        raise SupervisionError(_("The task is closed (销号); it takes no more reports."))
    if percent is None or not 0 <= percent <= HUNDRED:
        raise SupervisionError(_("Progress is a percentage from 0 to 100."))
    if reported_on > timezone.localdate():
        raise SupervisionError(_("The report is dated in the future."))
    if reported_on < task.start_date:
        raise SupervisionError(_("The report is dated before the task started."))
    if not done.strip():
        raise SupervisionError(_("Say what was done."))
    if percent < task.progress and not reason.strip():
        raise SupervisionError(
            _(
                "The progress goes down from %(old)s to %(new)s: say why in "
                "“Reason for the lower progress”."
            )
            % {"old": format_percent(task.progress), "new": format_percent(percent)}
        )


def apply_report(task: Task, report: ProgressReport) -> None:
    """The task takes the latest report's percentage (the latest by date: a report
    filed late for an earlier day does not overwrite a newer one)."""
    latest = task.reports.order_by("-reported_on", "-id").first()
    task.progress = latest.percent
    task.last_report_on = latest.reported_on
    if task.status == TaskStatus.NOT_STARTED and task.progress > 0:
        task.status = TaskStatus.IN_PROGRESS
    task.batch = None
    task.save(update_fields=["progress", "last_report_on", "status", "batch", "updated_at"])


def format_percent(value) -> str:
    value = Decimal(value)
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:.1f}"
    return f"{text}%"


# --- done and closed -----------------------------------------------------------------------


def mark_done(task: Task, *, by, on: dt.date | None = None, note: str = "") -> Task:
    """办结: the office confirms the work is done; the light turns green."""
    require_office(by)
    if task.is_done:
        raise SupervisionError(_("The task is already done."))
    on = on or timezone.localdate()
    with transaction.atomic():
        task.status, task.done_on, task.batch = TaskStatus.DONE, on, None
        task.save(update_fields=["status", "done_on", "batch", "updated_at"])
        log(task, TaskEvent.Kind.DONE, by, note)
        refresh_task_light(task)
    return task


def close_task(task: Task, *, by, on: dt.date | None = None, note: str = "") -> Task:
    """销号 (and 摘牌 for a listed task): the office closes a done task for good."""
    require_office(by)
    if task.status != TaskStatus.DONE:
        raise SupervisionError(_("Only a task that is done (办结) can be closed (销号)."))
    on = on or timezone.localdate()
    with transaction.atomic():
        task.status, task.closed_on, task.batch = TaskStatus.CLOSED, on, None
        task.save(update_fields=["status", "closed_on", "batch", "updated_at"])
        log(task, TaskEvent.Kind.CLOSED, by, note)
    return task


def reopen_task(task: Task, *, by, note: str = "") -> Task:
    """A task marked done by mistake (or found not done after all) goes back to work."""
    require_office(by)
    if task.status != TaskStatus.DONE:
        raise SupervisionError(_("Only a task that is done (办结) can be reopened."))
    if not note.strip():
        raise SupervisionError(_("Say why the task is reopened."))
    with transaction.atomic():
        task.status = TaskStatus.IN_PROGRESS if task.progress > 0 else TaskStatus.NOT_STARTED
        task.done_on, task.batch = None, None
        task.save(update_fields=["status", "done_on", "batch", "updated_at"])
        log(task, TaskEvent.Kind.REOPENED, by, note.strip())
        refresh_task_light(task)
    return task


# --- problems ----------------------------------------------------------------------------


def may_rectify(user, problem: Problem) -> bool:
    return is_office(user) or (
        getattr(user, "role", None) == Role.UNIT and can_write_org(user, problem.unit)
    )


def report_rectification(
    problem: Problem, *, by, status: str, evidence: str, on: dt.date | None = None, files=()
) -> Problem:
    """The responsible unit reports how the rectification stands, with its evidence."""
    if not may_rectify(by, problem):
        raise PermissionDenied
    if status not in ProblemStatus.values:
        raise SupervisionError(_("Choose the rectification status."))
    on = on or timezone.localdate()
    if on > timezone.localdate() or on < problem.found_on:
        raise SupervisionError(_("The date lies outside the problem's dates."))
    if status == ProblemStatus.RECTIFIED and not evidence.strip() and not files:
        raise SupervisionError(_("A rectified problem needs its evidence: a text or a file."))
    checked = checked_files(files)
    with transaction.atomic():
        problem.status = status
        problem.rectified_on = on if status == ProblemStatus.RECTIFIED else None
        if evidence.strip():
            problem.evidence = evidence.strip()
        problem.batch = None
        problem.save()
        store_files(checked, problem=problem)
    return problem


# --- inspections ----------------------------------------------------------------------------


def record_inspection(fields: dict, *, by, units=(), problems=()) -> Inspection:
    """The office records an inspection with the units it visited and the problems it
    found (unit, deadline, description), each numbered after the inspection. A deadline
    before the inspection, or a number already taken: an error, nothing written."""
    require_office(by)
    if Inspection.objects.filter(number=fields["number"]).exists():
        raise SupervisionError(
            _("An inspection numbered %(number)s exists already.") % {"number": fields["number"]}
        )
    for _unit, deadline, _text in problems:
        if deadline < fields["date"]:
            raise SupervisionError(
                _("A rectification deadline (%(day)s) is before the inspection.")
                % {"day": deadline.isoformat()}
            )
    with transaction.atomic():
        inspection = Inspection.objects.create(
            **fields, org=by.org or Org.objects.get_first_root_node()
        )
        inspection.units.set(units)
        Problem.objects.bulk_create(
            Problem(
                number=f"{inspection.number}-{index:02d}",
                inspection=inspection,
                unit=unit,
                description=text,
                found_on=inspection.date,
                deadline=deadline,
            )
            for index, (unit, deadline, text) in enumerate(problems, start=1)
        )
    return inspection


# --- notices and listed supervision ------------------------------------------------------------

DEFAULT_ADDRESSEES = "各街道党工委，区直各部门："


def default_title(kind: str, tasks) -> str:
    first = tasks[0].name if tasks else ""
    count = len(tasks)
    if kind == NoticeKind.LISTED:
        if count == 1:
            return f"关于对“{first}”实行挂牌督办的通知"
        return f"关于对“{first}”等{count}项重点工作实行挂牌督办的通知"
    if count == 1:
        return f"关于“{first}”专题督办的通知"
    return f"关于“{first}”等{count}项工作专题督办的通知"


def issue_notice(
    kind: str,
    tasks,
    *,
    by,
    issued_on: dt.date | None = None,
    title: str = "",
    addressees: str = "",
    body: str = "",
    issuer: str = "",
) -> Notice:
    """The office issues a numbered notice about tasks; its Word file is generated and
    stored. A notice without a task, or naming a closed one: an error, nothing written."""
    require_office(by)
    tasks = list(tasks)
    check_notice_tasks(tasks)
    issued_on = issued_on or timezone.localdate()
    org = by.org or Org.objects.get_first_root_node()

    def write(number: str) -> Notice:
        notice = Notice.objects.create(
            number=number,
            kind=kind,
            issued_on=issued_on,
            title=title.strip() or default_title(kind, tasks),
            addressees=addressees.strip() or DEFAULT_ADDRESSEES,
            body=body.strip(),
            issuer=issuer.strip() or org.name,
            org=org,
            created_by=by,
        )
        notice.tasks.set(tasks)
        for task in tasks:
            log(task, TaskEvent.Kind.NOTICE, by, f"{kind}{number}")
        return notice

    notice = with_next_number(kind, issued_on.year, write)
    store_notice_file(notice)
    return notice


def check_notice_tasks(tasks) -> None:
    if not tasks:
        raise SupervisionError(_("Choose the tasks the notice is about."))
    closed = [t.number for t in tasks if t.status == TaskStatus.CLOSED]
    if closed:
        raise SupervisionError(
            _("Task %(numbers)s is closed (销号); a notice is about open tasks.")
            % {"numbers": "、".join(closed)}
        )


def plate_tasks(tasks, *, by, on: dt.date | None = None, **notice_fields) -> Notice:
    """挂牌督办: the office lists tasks (挂牌日期) and issues the 挂牌督办通知 naming them,
    in one transaction: either every task is listed and the notice numbered, or nothing."""
    require_office(by)
    tasks = list(tasks)
    on = on or timezone.localdate()
    already = [t.number for t in tasks if t.is_listed]
    if already:
        raise SupervisionError(
            _("Task %(numbers)s is listed already.") % {"numbers": "、".join(already)}
        )
    check_notice_tasks(tasks)
    before_start = [t.number for t in tasks if on < t.start_date]
    if before_start:
        raise SupervisionError(
            _("The listing date is before task %(numbers)s starts.")
            % {"numbers": "、".join(before_start)}
        )
    with transaction.atomic():
        for task in tasks:
            task.level, task.plated_on, task.batch = TaskLevel.LISTED, on, None
            task.save(update_fields=["level", "plated_on", "batch", "updated_at"])
            log(task, TaskEvent.Kind.LISTED, by)
        return issue_notice(NoticeKind.LISTED, tasks, by=by, issued_on=on, **notice_fields)


def store_notice_file(notice: Notice) -> None:
    """Generate the notice's Word file and keep it with its checksum."""
    from .documents import notice_docx

    data = notice_docx(notice)
    digest = hashlib.sha256(data).hexdigest()
    if notice.file and notice.file_sha256 == digest:
        return
    old = notice.file.name if notice.file else ""
    notice.file.save(f"{notice.pk}.docx", ContentFile(data), save=False)
    notice.file_sha256 = digest
    notice.save(update_fields=["file", "file_sha256", "updated_at"])
    if old:
        transaction.on_commit(lambda: notice.file.storage.delete(old))
