from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tally.supervision.documents import notice_docx
from tally.supervision.models import Notice, NoticeKind
from tally.supervision.services import store_notice_file


class Command(BaseCommand):
    help = _(
        "Write the Word document of notice NUMBER (e.g. 〔2023〕第7期) of KIND "
        "(挂牌督办通知 or 专题督办通知) to FILE. Exits with status 1 when there is none."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help="挂牌督办通知 / 专题督办通知")
        parser.add_argument("number", help="〔2023〕第7期")
        parser.add_argument("-o", "--output", required=True, help=_("The .docx file to write."))

    def handle(self, *args, kind, number, output, **options):
        if kind not in NoticeKind.values:
            raise CommandError(
                _("The kind is 挂牌督办通知 or 专题督办通知, not %(kind)s.") % {"kind": kind}
            )
        notice = Notice.objects.filter(kind=kind, number=number.strip()).first()
        if notice is None:
            raise CommandError(
                _("There is no %(kind)s numbered %(number)s.") % {"kind": kind, "number": number}
            )
        data = notice_docx(notice)
        if not notice.file:
            store_notice_file(notice)  # an imported notice gets its file the first time
        Path(output).write_bytes(data)
        self.stdout.write(
            _("%(notice)s written to %(file)s (%(size)d bytes).")
            % {"notice": f"{kind}{notice.number}", "file": output, "size": len(data)}
        )
