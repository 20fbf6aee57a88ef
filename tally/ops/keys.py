"""Where the backup key comes from: a file named on the command line, else the
TALLY_BACKUP_KEY setting. It is never the data key: a backup and its key are kept apart."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def backup_key(key_file: str | None) -> str:
    if key_file:
        try:
            return Path(key_file).read_text().strip()
        except OSError as error:
            raise CommandError(
                _("Cannot read the key file %(file)s: %(error)s")
                % {"file": key_file, "error": error.strerror}
            ) from None
    if not settings.BACKUP_KEY:
        raise CommandError(_("Set TALLY_BACKUP_KEY or give --key-file to seal or open a backup."))
    return settings.BACKUP_KEY
