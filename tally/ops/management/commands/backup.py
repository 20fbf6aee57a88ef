from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tally.accounts.events import record_event
from tally.accounts.models import SecurityEvent
from tally.ops.backup import BackupError, backup
from tally.ops.keys import backup_key
from tally.ops.sealing import SealError


class Command(BaseCommand):
    help = _(
        "Back the database up into FILE (SQLite: online backup; PostgreSQL: pg_dump). "
        "The file is readable by its owner only and holds no login sessions."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--encrypt",
            action="store_true",
            help=_("Seal the backup with TALLY_BACKUP_KEY (or the key in --key-file)."),
        )
        parser.add_argument("--key-file", help=_("A file holding the backup key."))

    def handle(self, *args, file, encrypt=False, key_file=None, **options):
        seal_key = backup_key(key_file) if (encrypt or key_file) else None
        try:
            backup(file, seal_key=seal_key)
        except (BackupError, SealError) as error:
            raise CommandError(str(error)) from None
        sealed = " (sealed)" if seal_key else ""
        record_event(SecurityEvent.Kind.BACKUP, detail=f"backup to {file}{sealed}")
        self.stdout.write(_("Backed up to %(file)s") % {"file": file})
