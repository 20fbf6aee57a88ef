from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tally.supervision.jobs import get_job, registered_jobs


class Command(BaseCommand):
    help = _("Run one scheduled job now (for cron instead of run_scheduler); --list names them.")

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?")
        parser.add_argument("--list", action="store_true", help=_("List the jobs."))

    def handle(self, *args, name=None, list=False, **options):
        if list or not name:
            for job in registered_jobs():
                self.stdout.write(f"{job.name:<24} {job.schedule}  {job.description}")
            return
        try:
            job = get_job(name)
        except KeyError:
            raise CommandError(_("There is no job %(name)s.") % {"name": name}) from None
        self.stdout.write(f"{job.name}: {job.fn()}")
