from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tally.accounts.models import User
from tally.accounts.scoping import writable_orgs
from tally.ledgers.excel import template_workbook
from tally.ledgers.registry import get_ledger
from tally.orgs.models import Org


class Command(BaseCommand):
    help = _("Write the import template of ledger KEY to OUT.xlsx.")

    def add_arguments(self, parser):
        parser.add_argument("key")
        parser.add_argument("out")
        parser.add_argument(
            "--as",
            dest="username",
            help=_("List this user's organisations on the template (default: all of them)."),
        )

    def handle(self, *args, key, out, username=None, **options):
        try:
            ledger = get_ledger(key)
        except LookupError:
            raise CommandError(_("No ledger has the key %(key)s.") % {"key": key}) from None
        Path(out).write_bytes(template_workbook(ledger, self.orgs(username)))
        self.stdout.write(
            _("Template of %(name)s written to %(out)s") % {"name": ledger.name, "out": out}
        )

    def orgs(self, username):
        orgs = Org.objects.all()
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(_("No active user is called %(user)s.") % {"user": username})
            orgs = writable_orgs(user)
        return orgs.filter(active=True).order_by("path")
