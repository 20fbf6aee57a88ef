"""The scheduled jobs: `run_scheduler` schedules every registered job on its cron fields,
`run_job` runs one once (for cron), and the jobs are safe to run twice."""

import datetime as dt
import io

import pytest
import time_machine
from apscheduler.schedulers.blocking import BlockingScheduler
from django.core.management import CommandError, call_command

from tally.supervision.jobs import registered_jobs
from tally.supervision.models import Bulletin, Notification

from .factories import make_task

MONDAY = dt.datetime(2023, 7, 10, 0, 0, tzinfo=dt.UTC)  # 8:00 in Beijing


def test_it_schedules_every_registered_job(monkeypatch):
    scheduled = {}

    def start(scheduler):
        scheduled.update({job.id: str(job.trigger) for job in scheduler.get_jobs()})

    monkeypatch.setattr(BlockingScheduler, "start", start)
    call_command("run_scheduler", stdout=io.StringIO())
    assert set(scheduled) == {job.name for job in registered_jobs()}
    assert "day_of_week='mon'" in scheduled["weekly_bulletin_draft"]
    assert "hour='8'" in scheduled["weekly_bulletin_draft"]


def test_it_runs_the_monday_draft_and_the_daily_reminders_from_cron(world):
    make_task(world.street_a, "DB-1", deadline=dt.date(2023, 7, 1))
    with time_machine.travel(MONDAY, tick=False):
        call_command("run_job", "weekly_bulletin_draft", stdout=io.StringIO())
        call_command("run_job", "daily_reminders", stdout=io.StringIO())
        call_command("run_job", "daily_reminders", stdout=io.StringIO())
    assert Bulletin.objects.get().week == "2023-W27"
    assert Notification.objects.filter(org=world.street_a).count() == 1
    listing = io.StringIO()
    call_command("run_job", "--list", stdout=listing)
    assert "deliver_outbox" in listing.getvalue()
    with pytest.raises(CommandError):
        call_command("run_job", "no_such_job")
