from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tally.accounts.events import record_event
from tally.accounts.models import SecurityEvent
from tally.ops.backup import BackupError, WrongDataKey, restore
from tally.ops.keys import backup_key
from tally.ops.sealing import is_sealed


class Command(BaseCommand):
    help = _(
        "Replace the whole database with the backup in FILE, after checking that the "
        "running TALLY_DATA_KEY reads the backup's personal data."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help=_("Do not ask for confirmation."))
        parser.add_argument("--key-file", help=_("A file holding the key of a sealed backup."))

    def handle(self, *args, file, yes=False, key_file=None, **options):
        seal_key = self.seal_key(file, key_file)
        if not yes:
            answer = input(_("This replaces every row of the database. Type yes to go on: "))
            if answer.strip().lower() != "yes":
                raise CommandError(_("Restore cancelled."))
        try:
            restore(file, seal_key=seal_key)
        except WrongDataKey:
            raise CommandError(
                _(
                    "This backup was made with another TALLY_DATA_KEY: its ID-card and phone "
                    "numbers could not be read with the key now set. Set the key the backup "
                    "was made with and run restore again. Nothing was changed."
                )
            ) from None
        except BackupError as error:
            raise CommandError(
                _("Restore refused, nothing was changed: %(reason)s") % {"reason": error}
            ) from None
        record_event(SecurityEvent.Kind.BACKUP, detail=f"restore from {file}")
        self.stdout.write(_("Restored from %(file)s") % {"file": file})

    @staticmethod
    def seal_key(file, key_file):
        try:
            sealed = is_sealed(file)
        except OSError:
            return None  # restore() says the file is missing
        return backup_key(key_file) if sealed else None
