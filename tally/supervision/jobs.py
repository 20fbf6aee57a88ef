"""Scheduled jobs: a small registry that `manage.py run_scheduler` (APScheduler) runs on
their schedules, and that `manage.py run_job NAME` runs once (for cron instead).

Another module adds a job in its AppConfig.ready():

    from tally.supervision.jobs import register_job
    register_job("project_lights", refresh_project_lights, hour=6, minute=0)

The schedule is APScheduler's cron fields (day_of_week, hour, minute…), in the site's
time zone. A job is a function without arguments; it should be safe to run twice.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass(frozen=True)
class Job:
    name: str
    fn: Callable[[], object]
    schedule: dict = field(default_factory=dict)
    description: str = ""


_JOBS: dict[str, Job] = {}


def register_job(name: str, fn: Callable[[], object], *, description: str = "", **schedule):
    if name in _JOBS and _JOBS[name].fn is not fn:
        raise ValueError(f"job {name!r} is registered twice")
    _JOBS[name] = Job(name, fn, schedule, description)
    return fn


def registered_jobs() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda job: job.name)


def get_job(name: str) -> Job:
    return _JOBS[name]


# --- supervision's own jobs -------------------------------------------------------------------


def daily() -> dict:
    """Every morning: lights of today, reporting statuses, then the reminders."""
    from .lights import refresh_task_lights
    from .models import Task, TaskStatus
    from .obligations import refresh_all
    from .reminders import send_daily_reminders

    today = timezone.localdate()
    changed = refresh_task_lights(Task.objects.exclude(status=TaskStatus.CLOSED), day=today)
    refresh_all(today=today)
    return {"lights_changed": changed, "digests": send_daily_reminders(today)}


def monday_bulletin() -> str:
    """Monday 8:00: the draft of last week's bulletin (a published one is left alone)."""
    from .bulletins import BulletinError, draft_bulletin, previous_week

    week = previous_week(timezone.localdate())
    try:
        draft_bulletin(week)
    except BulletinError as error:
        return str(error)
    return week.label


def deliver_outbox() -> dict:
    """Every few minutes: pushes waiting and retried messages."""
    from .reminders import deliver_due

    return deliver_due()


def register_supervision_jobs() -> None:
    register_job(
        "daily_reminders", daily, hour=7, minute=30, description="亮灯、报送情况和每日提醒"
    )
    register_job(
        "weekly_bulletin_draft",
        monday_bulletin,
        day_of_week="mon",
        hour=8,
        minute=0,
        description="上周“我的这7天”晾晒草稿",
    )
    register_job("deliver_outbox", deliver_outbox, minute="*/5", description="推送待发消息")
