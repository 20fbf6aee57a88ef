import logging

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tally.supervision.jobs import registered_jobs

log = logging.getLogger("tally.scheduler")


class Command(BaseCommand):
    help = _(
        "Run the scheduled jobs (daily reminders, the Monday bulletin draft, the outbox) in "
        "the foreground until stopped. Run one such process per site."
    )

    def handle(self, *args, **options):
        from apscheduler.schedulers.blocking import BlockingScheduler
        from apscheduler.triggers.cron import CronTrigger

        scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
        for job in registered_jobs():
            scheduler.add_job(
                run_logged(job),
                CronTrigger(timezone=settings.TIME_ZONE, **job.schedule),
                id=job.name,
                name=job.name,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=3600,
            )
            self.stdout.write(f"{job.name}: {job.schedule}")
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            scheduler.shutdown(wait=False)


def run_logged(job):
    """A job's failure is logged and the scheduler goes on with the next run."""

    def run():
        from django.db import close_old_connections

        close_old_connections()
        try:
            log.info("%s: %s", job.name, job.fn())
        except Exception:
            log.exception("%s failed", job.name)
        finally:
            close_old_connections()

    return run
