from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tally.lib.periods import PeriodError
from tally.supervision.bulletins import (
    BulletinError,
    bulletin_docx,
    bulletin_html,
    draft_bulletin,
    week_of,
)
from tally.supervision.models import Bulletin


class Command(BaseCommand):
    help = _(
        "Write the weekly bulletin of WEEK (e.g. 2023-W27) as a web page or a Word document. "
        "A published bulletin is written as published; otherwise its draft is taken now."
    )

    def add_arguments(self, parser):
        parser.add_argument("week", help="2023-W27")
        parser.add_argument("--format", choices=("html", "docx"), default="html")
        parser.add_argument("-o", "--output", required=True, help=_("The file to write."))

    def handle(self, *args, week, format, output, **options):
        try:
            period = week_of(week)
        except (PeriodError, BulletinError) as error:
            raise CommandError(str(error)) from None
        bulletin = Bulletin.objects.filter(week=period.label).first()
        if bulletin is None or not bulletin.is_published:
            bulletin = draft_bulletin(period)
        if format == "docx":
            Path(output).write_bytes(bulletin_docx(bulletin))
        else:
            Path(output).write_text(bulletin_html(bulletin), encoding="utf-8")
        state = _("published") if bulletin.is_published else _("draft")
        self.stdout.write(
            _("Bulletin %(week)s (%(state)s) written to %(file)s.")
            % {"week": period.label, "state": state, "file": output}
        )
