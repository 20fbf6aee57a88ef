from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tally.ledgers.excel import template_workbook
from tally.ledgers.registry import get_ledger


class Command(BaseCommand):
    help = _("Write the import template of ledger KEY to OUT.xlsx.")

    def add_arguments(self, parser):
        parser.add_argument("key")
        parser.add_argument("out")

    def handle(self, *args, key, out, **options):
        try:
            ledger = get_ledger(key)
        except LookupError:
            raise CommandError(_("No ledger has the key %(key)s.") % {"key": key}) from None
        Path(out).write_bytes(template_workbook(ledger))
        self.stdout.write(
            _("Template of %(name)s written to %(out)s") % {"name": ledger.name, "out": out}
        )
