import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tally.accounts.models import Role, User
from tally.ledgers import services
from tally.ledgers.registry import get_ledger


class Command(BaseCommand):
    help = _(
        "Check FILE against ledger KEY and import it, all or nothing. Prints the preview; "
        "exits with status 1 when anything is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("key")
        parser.add_argument("file")
        parser.add_argument(
            "--as", dest="username", help=_("Import as this user (scope and audit).")
        )
        parser.add_argument("--dry-run", action="store_true", help=_("Check only; write nothing."))

    def handle(self, *args, key, file, username=None, dry_run=False, **options):
        ledger = self.ledger(key)
        user = self.user(username)
        if not ledger.may_write(user):
            raise CommandError(_("%(user)s may not import this ledger.") % {"user": user.username})
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file at %(path)s.") % {"path": file})
        try:
            services.check_upload_name(path.name)
        except services.ImportRefused as refusal:
            self.fail(str(refusal))
        data = path.read_bytes()
        if len(data) > settings.UPLOAD_MAX_BYTES:
            self.fail(
                _("The file is larger than %(mb)d MB; split it into smaller files.")
                % {"mb": settings.UPLOAD_MAX_BYTES // 2**20}
            )
        self.stdout.write(
            _("Ledger: %(name)s (%(key)s)  File: %(file)s")
            % {"name": ledger.name, "key": ledger.key, "file": path.name}
        )
        if dry_run:
            self.dry_run(ledger, data, user)
        else:
            self.run_import(ledger, path.name, data, user)

    def ledger(self, key):
        try:
            return get_ledger(key)
        except LookupError:
            raise CommandError(_("No ledger has the key %(key)s.") % {"key": key}) from None

    def user(self, username):
        if username:
            user = User.objects.filter(username=username, is_active=True).first()
            if user is None:
                raise CommandError(_("No active user %(name)s.") % {"name": username})
            return user
        return self.only_administrator()

    def only_administrator(self):
        """Without --as: the system administrator, when there is exactly one."""
        admins = list(User.objects.filter(role=Role.ADMIN, is_active=True).order_by("username"))
        if not admins:
            raise CommandError(_("No administrator exists; name a user with --as."))
        if len(admins) > 1:
            names = "、".join(admin.username for admin in admins[:10])
            raise CommandError(
                _("There are several administrators (%(names)s): name one with --as.")
                % {"names": names}
            )
        self.stdout.write(
            _("Importing as the administrator %(name)s.") % {"name": admins[0].username}
        )
        return admins[0]

    def fail(self, message):
        self.stderr.write(message)
        sys.exit(1)

    def dry_run(self, ledger, data, user):
        try:
            plan = services.check_file(ledger, data, user).plan
        except services.ImportRefused as refusal:
            self.fail(str(refusal))
        self.print_preview(
            plan.counts(),
            plan.notes,
            [e.as_dict() for e in plan.errors],
            plan.change_samples(),
            plan.skipped,
        )
        if plan.has_errors:
            sys.exit(1)
        self.stdout.write(_("Dry run: nothing was written."))

    def run_import(self, ledger, name, data, user):
        try:
            batch = services.import_now(ledger, name, data, user=user)
        except services.ImportRefused as refusal:
            self.fail(str(refusal))
        self.print_preview(batch.counts, batch.notes, batch.errors, batch.changes, batch.skipped)
        if batch.status != batch.Status.COMMITTED:
            self.fail(_("Nothing was written (batch #%(id)d).") % {"id": batch.pk})
        self.stdout.write(self.style.SUCCESS(_("Imported as batch #%(id)d.") % {"id": batch.pk}))

    def print_preview(self, counts, notes, errors, changes, skipped):
        write = self.stdout.write
        if counts:
            write(
                _(
                    "%(rows)d rows: %(new)d new, %(changed)d changed, %(unchanged)d unchanged, "
                    "%(errors)d with errors, %(skipped)d skipped"
                )
                % counts
            )
        for note in notes:
            write(f"  · {note}")
        if errors:
            write(_("Errors:"))
        for e in errors:
            column = f" {e['column']}" if e["column"] else ""
            value = f" “{e['value']}”" if e["value"] else ""
            write(f"  {row_label(e['line'])}{column}{value}: {e['message']}")
        if changes:
            write(_("Changes:"))
        for change in changes:
            for diff in change["diffs"]:
                line = row_label(change["line"])
                write(f"  {line} {diff['column']}: {diff['old']} → {diff['new']}")
        for skip in skipped:
            write(f"  {row_label(skip['line'])}: {skip['reason']}")


def row_label(line: int) -> str:
    return _("row %(line)d") % {"line": line}
