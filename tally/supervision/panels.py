"""Home-page panels of the supervision module: for a unit clerk, her tasks in red and
yellow, the problems to rectify, the reports due and her unread reminders; for the office,
last week's bulletin draft, the units late or missing, the red tasks and the overdue
problems. Each is a provider of the shell's panel registry."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tally.accounts.models import Role
from tally.accounts.scoping import scope_queryset
from tally.shell.home import Panel

from .bulletins import previous_week
from .lights import overdue_problems, problems_with_light
from .models import Bulletin, Light, Notification, ReportingRecord, ReportState, TaskStatus
from .selectors import LIGHT_ORDER, led_tasks, readable_problems, readable_tasks

SHOWN = 5
OFFICE_ROLES = (Role.ADMIN, Role.OFFICE)


def unit_tasks_panel(request) -> Panel | None:
    user = request.user
    if user.role != Role.UNIT or not user.org_id:
        return None
    tasks = led_tasks(user).exclude(status=TaskStatus.CLOSED)
    lit = tasks.filter(light__in=(Light.RED, Light.YELLOW)).order_by(LIGHT_ORDER.asc(), "deadline")
    problems = problems_with_light(readable_problems(user).exclude(status="已整改"))
    due = scope_queryset(ReportingRecord.objects.all(), user, org_field="unit").filter(
        state__in=(ReportState.PENDING, ReportState.MISSING),
        due_on__gte=timezone.localdate() - dt.timedelta(days=31),
    )
    context = {
        "tasks": list(lit[:SHOWN]),
        "counts": tasks.aggregate(
            red=Count("pk", filter=Q(light=Light.RED)),
            yellow=Count("pk", filter=Q(light=Light.YELLOW)),
        ),
        "problems": list(problems.order_by(LIGHT_ORDER.asc(), "deadline")[:SHOWN]),
        "problem_count": problems.count(),
        "reports": list(due.order_by("due_on")[:SHOWN]),
    }
    return Panel(str(_("Supervision: what is due")), "supervision/panels/unit.html", context, 15)


def notifications_panel(request) -> Panel | None:
    user = request.user
    if user.role not in (Role.UNIT, Role.OFFICE) or not user.org_id:
        return None
    unread = Notification.objects.filter(org_id=user.org_id, read_at__isnull=True)
    count = unread.count()
    if not count:
        return None
    context = {"notifications": list(unread[:3]), "count": count}
    return Panel(str(_("Reminders")), "supervision/panels/notifications.html", context, 10)


def office_panel(request) -> Panel | None:
    user = request.user
    if user.role not in OFFICE_ROLES:
        return None
    week = previous_week(timezone.localdate())
    bulletin = Bulletin.objects.filter(week=week.label).first()
    tasks = readable_tasks(user).exclude(status=TaskStatus.CLOSED)
    context = {
        "week": week,
        "bulletin": bulletin,
        "summary": bulletin.snapshot.get("summary", {}) if bulletin else {},
        "red": tasks.filter(light=Light.RED).count(),
        "overdue": overdue_problems(readable_problems(user)).count(),
    }
    return Panel(str(_("Supervision office")), "supervision/panels/office.html", context, 12)


def leader_red_panel(request) -> Panel | None:
    """For a leader: the red items today, the tasks in red (worst deadline first) and the
    problems past their rectification deadline, each linking to its page."""
    user = request.user
    if user.role != Role.LEADER:
        return None
    red = readable_tasks(user).exclude(status=TaskStatus.CLOSED).filter(light=Light.RED)
    overdue = overdue_problems(readable_problems(user))
    context = {
        "tasks": list(red.order_by("deadline", "number")[:SHOWN]),
        "red": red.count(),
        "problems": list(overdue.order_by("deadline", "number")[:SHOWN]),
        "overdue": overdue.count(),
    }
    return Panel(str(_("Red items")), "supervision/panels/leader.html", context, 8)


def office_reporting_panel(request) -> Panel | None:
    """Late and missing units of the last periods due."""
    if request.user.role not in OFFICE_ROLES:
        return None
    since = timezone.localdate() - dt.timedelta(days=31)
    records = ReportingRecord.objects.filter(
        state__in=(ReportState.LATE, ReportState.MISSING), due_on__gte=since
    ).order_by("state", "-due_on", "unit__path")
    if not records.exists():
        return None
    context = {
        "records": list(records[:8]),
        "counts": records.aggregate(
            late=Count("pk", filter=Q(state=ReportState.LATE)),
            missing=Count("pk", filter=Q(state=ReportState.MISSING)),
        ),
    }
    return Panel(
        str(_("Late and missing reports")), "supervision/panels/reporting.html", context, 13
    )
