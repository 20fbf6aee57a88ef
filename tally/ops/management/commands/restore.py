from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tally.accounts.events import record_event
from tally.accounts.models import SecurityEvent
from tally.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = _("Replace the whole database with the backup in FILE.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help=_("Do not ask for confirmation."))

    def handle(self, *args, file, yes=False, **options):
        if not yes:
            answer = input(_("This replaces every row of the database. Type yes to go on: "))
            if answer.strip().lower() != "yes":
                raise CommandError(_("Restore cancelled."))
        try:
            restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        record_event(SecurityEvent.Kind.BACKUP, detail=f"restore from {file}")
        self.stdout.write(_("Restored from %(file)s") % {"file": file})
