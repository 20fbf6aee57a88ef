"""Role × URL → status for every page of the supervision module. Objects are made by the
path functions, fresh for each persona's test: a task led by street A with street B
cooperating, one led by street B alone, a problem of street A."""

import datetime as dt

from django.urls import reverse

from tally.supervision.models import Attachment, Inspection, Notice, Problem, ProgressReport
from tally.testing.permissions import Case, statuses

from .factories import make_task

STAFF_ONLY = {"member": 403}
OFFICE_ONLY = {"clerk": 403, "sibling_clerk": 403, "leader": 403, "member": 403}
READ_ALL = {"clerk": 403, "sibling_clerk": 403, "member": 403}


def url(name, *args):
    return reverse(f"supervision:{name}", args=args)


def task_a(w):
    """Led by street A, street B cooperating."""
    return make_task(w.street_a, "DB-PA", partners=[w.street_b])


def task_b(w):
    return make_task(w.street_b, "DB-PB")


def done_task(w):
    return make_task(w.street_a, "DB-PD", status="已完成", done_on=dt.date(2023, 6, 1))


def inspection(w):
    return Inspection.objects.create(
        number="JC-P1", kind="现场督办", date=dt.date(2023, 3, 1), org=w.department
    )


def problem_a(w):
    return Problem.objects.create(
        number="WT-P1",
        inspection=inspection(w),
        unit=w.street_a,
        description="台账不全",
        found_on=dt.date(2023, 3, 1),
        deadline=dt.date(2023, 4, 1),
    )


def report_attachment(w):
    """An attachment whose file is not on disk: every persona gets 404, the readers
    because the file is missing; scoping of real files is tested in test_task_workflow."""
    report = ProgressReport.objects.create(
        task=task_a(w), reported_on=dt.date(2023, 3, 1), percent=10, done="开工"
    )
    return Attachment.objects.create(
        report=report, file="supervision/missing", name="a.pdf", content_type="application/pdf"
    )


def notice_a(w):
    notice = Notice.objects.create(
        number="〔2023〕第1期", kind="挂牌督办通知", issued_on=dt.date(2023, 7, 3), org=w.department
    )
    notice.tasks.set([task_a(w)])
    return notice


PROGRESS = {"reported_on": "2023-03-01", "percent": "10", "done": "开工"}
INSPECTION = {"number": "JC-P2", "kind": "现场督办", "date": "2023-03-01", "experiences": "1"}
RECTIFY = {"status": "整改中", "on": "2023-03-05", "evidence": "正在补全"}

CASES = [
    Case("supervision:index", lambda w: url("index"), statuses(200, **STAFF_ONLY)),
    Case("supervision:task_list", lambda w: url("task_list"), statuses(200, **STAFF_ONLY)),
    Case(
        "supervision:task_list",
        lambda w: url("task_list") + "?light=red&status=all&sort=deadline&org=Z-A&q=x",
        statuses(200, **STAFF_ONLY),
        label="supervision:task_list?filters",
    ),
    Case("supervision:task_new", lambda w: url("task_new"), statuses(200, **OFFICE_ONLY)),
    Case(
        "supervision:task_new",
        lambda w: url("task_new"),
        statuses(302, **OFFICE_ONLY),
        method="post",
        data=lambda w: {
            "number": "DB-NEW",
            "name": "新事项",
            "source": "领导批示",
            "lead_unit": w.street_a.pk,
            "start_date": "2023-01-01",
            "deadline": "2023-12-31",
        },
        label="supervision:task_new POST",
    ),
    Case(
        "supervision:task_detail",
        lambda w: url("task_detail", task_a(w).pk),
        statuses(200, **STAFF_ONLY),
        label="supervision:task_detail of street A (B cooperating)",
    ),
    Case(
        "supervision:task_detail",
        lambda w: url("task_detail", task_b(w).pk),
        statuses(200, clerk=404, **STAFF_ONLY),
        label="supervision:task_detail of street B",
    ),
    Case(
        "supervision:task_edit",
        lambda w: url("task_edit", task_a(w).pk),
        statuses(200, **OFFICE_ONLY),
    ),
    Case(
        "supervision:task_assign",
        lambda w: url("task_assign", task_a(w).pk),
        statuses(302, clerk=403, sibling_clerk=403, leader=403, member=403),
        method="post",
    ),
    Case(
        "supervision:task_progress",
        lambda w: url("task_progress", task_a(w).pk),
        statuses(200, sibling_clerk=404, leader=404, member=403),
    ),
    Case(
        "supervision:task_progress",
        lambda w: url("task_progress", task_b(w).pk),
        statuses(302, clerk=404, leader=404, member=403),
        method="post",
        data=lambda w: PROGRESS,
        label="supervision:task_progress POST street B",
    ),
    Case(
        "supervision:task_done",
        lambda w: url("task_done", task_a(w).pk),
        statuses(302, clerk=403, sibling_clerk=403, leader=403, member=403),
        method="post",
    ),
    Case(
        "supervision:task_close",
        lambda w: url("task_close", done_task(w).pk),
        statuses(302, clerk=403, sibling_clerk=403, leader=403, member=403),
        method="post",
    ),
    Case(
        "supervision:task_reopen",
        lambda w: url("task_reopen", done_task(w).pk),
        statuses(302, clerk=403, sibling_clerk=403, leader=403, member=403),
        method="post",
        data=lambda w: {"note": "验收不合格"},
    ),
    Case(
        "supervision:task_plate",
        lambda w: url("task_plate") + f"?task={task_a(w).pk}",
        statuses(200, **OFFICE_ONLY),
    ),
    Case(
        "supervision:attachment",
        lambda w: url("attachment", report_attachment(w).pk),
        statuses(404, member=403),
    ),
    Case("supervision:notice_list", lambda w: url("notice_list"), statuses(200, **STAFF_ONLY)),
    Case("supervision:notice_new", lambda w: url("notice_new"), statuses(200, **OFFICE_ONLY)),
    Case(
        "supervision:notice_detail",
        lambda w: url("notice_detail", notice_a(w).pk),
        statuses(200, **STAFF_ONLY),
    ),
    Case(
        "supervision:notice_download",
        lambda w: url("notice_download", notice_a(w).pk),
        statuses(404, member=403),
        label="supervision:notice_download without its file",
    ),
    Case("supervision:light_rules", lambda w: url("light_rules"), statuses(200, **STAFF_ONLY)),
    Case(
        "supervision:light_rules",
        lambda w: url("light_rules"),
        statuses(403, admin=302),
        method="post",
        data=lambda w: {
            "yellow_lag": "10",
            "red_lag": "30",
            "due_soon_days": "7",
            "not_started_yellow_days": "31",
            "not_started_red_days": "92",
        },
        label="supervision:light_rules POST",
    ),
    Case("supervision:light_history", lambda w: url("light_history"), statuses(200, **STAFF_ONLY)),
    Case(
        "supervision:inspection_list", lambda w: url("inspection_list"), statuses(200, **READ_ALL)
    ),
    Case(
        "supervision:inspection_new", lambda w: url("inspection_new"), statuses(200, **OFFICE_ONLY)
    ),
    Case(
        "supervision:inspection_new",
        lambda w: url("inspection_new"),
        statuses(302, **OFFICE_ONLY),
        method="post",
        data=lambda w: INSPECTION | {"problems": "Z-A 2023-04-01 台账不全"},
        label="supervision:inspection_new POST",
    ),
    Case(
        "supervision:inspection_detail",
        lambda w: url("inspection_detail", inspection(w).pk),
        statuses(200, **READ_ALL),
    ),
    Case("supervision:problem_list", lambda w: url("problem_list"), statuses(200, **STAFF_ONLY)),
    Case(
        "supervision:problem_detail",
        lambda w: url("problem_detail", problem_a(w).pk),
        statuses(200, sibling_clerk=404, **STAFF_ONLY),
    ),
    Case(
        "supervision:problem_detail",
        lambda w: url("problem_detail", problem_a(w).pk),
        statuses(302, sibling_clerk=404, leader=404, member=403),
        method="post",
        data=lambda w: RECTIFY,
        label="supervision:problem_detail POST rectification",
    ),
]
