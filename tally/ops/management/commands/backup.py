from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tally.accounts.events import record_event
from tally.accounts.models import SecurityEvent
from tally.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = _("Back the database up into FILE (SQLite: online backup; PostgreSQL: pg_dump).")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        record_event(SecurityEvent.Kind.BACKUP, detail=f"backup to {file}")
        self.stdout.write(_("Backed up to %(file)s") % {"file": file})
