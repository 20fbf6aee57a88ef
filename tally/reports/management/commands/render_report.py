"""`manage.py render_report TEMPLATE --org CODE --period 2023H1 --format html|docx|pdf|json
-o FILE` — a public contract.

The JSON is {"template": KEY, "org": CODE, "period": "2023H1", "blocks": [{"kind":
"heading|paragraph|chart|table", "text": "…", "figures": [{"key": KEY, "value": number or
null, "text": "…"}]}]}: every block with its resolved text and each placeholder's key,
value and formatted text. The HTML is one self-contained file (charts as pictures); in HTML,
Word and PDF every figure links to its metric page at TALLY_SITE_URL (or --base-url).
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from tally.documents.pdf import PdfConversionError, PdfUnavailable
from tally.lib.periods import PeriodError, parse_period
from tally.orgs.models import Org
from tally.reports.document import build_document
from tally.reports.links import live_link
from tally.reports.models import ReportTemplate
from tally.reports.renderers import Links, to_contract, to_docx, to_pdf
from tally.reports.services import as_template
from tally.reports.standalone import to_html

FORMATS = ("html", "docx", "pdf", "json")
LOCAL_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = _(
        "Render a report template for an organisation's subtree and a period as HTML, Word, "
        "PDF or JSON. Exits with status 1 for an unknown template, organisation or period."
    )

    def add_arguments(self, parser):
        parser.add_argument("template", help=_("Template key, e.g. half-year."))
        parser.add_argument("--org", required=True, help=_("Organisation code."))
        parser.add_argument(
            "--period", required=True, help=_("2023, 2023H1, 2023Q2, 2023-06, 2023-W27…")
        )
        parser.add_argument("--format", choices=FORMATS, default="html", dest="output_format")
        parser.add_argument("-o", "--output", required=True, help=_("The file to write."))
        parser.add_argument(
            "--base-url",
            default="",
            help=_("The site's address for the figures' links (default: TALLY_SITE_URL)."),
        )

    def handle(self, *args, template, org, period, output_format, output, base_url, **options):
        found = self.template(template)
        document = build_document(as_template(found), self.org(org), self.period(period))
        for warning in document["warnings"]:
            self.stderr.write(warning)
        links = Links(live_link, self.base_url(base_url))
        data = self.render(output_format, document, links)
        with open(output, "wb") as target:
            target.write(data)

    def render(self, output_format: str, document: dict, links: Links) -> bytes:
        today = timezone.localdate()
        if output_format == "json":
            return json.dumps(to_contract(document), ensure_ascii=False, indent=2).encode()
        if output_format == "html":
            return to_html(document, links).encode()
        if output_format == "docx":
            return to_docx(document, links, date=today)
        try:
            return to_pdf(document, links, date=today)
        except (PdfUnavailable, PdfConversionError) as error:
            raise CommandError(str(error)) from None

    def base_url(self, given: str) -> str:
        url = (given or settings.SITE_URL).rstrip("/")
        if not url:
            self.stderr.write(
                _("TALLY_SITE_URL is not set: the figures link to %(url)s.") % {"url": LOCAL_URL}
            )
            return LOCAL_URL
        if not url.startswith(("http://", "https://")):
            raise CommandError(_("The base URL must start with http:// or https://."))
        return url

    def template(self, key: str) -> ReportTemplate:
        template = ReportTemplate.objects.filter(key=key.strip()).first()
        if template is None:
            raise CommandError(_("There is no report template “%(key)s”.") % {"key": key})
        return template

    def org(self, code: str) -> Org:
        org = Org.objects.filter(code=code.strip()).first()
        if org is None:
            raise CommandError(
                _("There is no organisation with the code “%(code)s”.") % {"code": code}
            )
        return org

    def period(self, text: str):
        try:
            return parse_period(text)
        except PeriodError as error:
            raise CommandError(str(error)) from None
