"""`manage.py metrics --org CODE --period 2023H1 [--keys a,b] [--json]` — a public contract.

The JSON is {"org": CODE, "period": "2023H1", "metrics": {KEY: {"value": number or null,
"text": "…", "unit": "…"}}}; yes / no values are 1 / 0 with the text in the current
language (是 / 否).
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tally.lib.periods import PeriodError, parse_period
from tally.metrics import registry
from tally.metrics.definitions import PERCENT
from tally.metrics.engine import compute_many
from tally.metrics.formatting import json_value
from tally.orgs.models import Org


class Command(BaseCommand):
    help = _(
        "Compute metrics for an organisation's subtree and a period. Exits with status 1 "
        "for an unknown organisation, period or metric."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help=_("Organisation code."))
        parser.add_argument(
            "--period", required=True, help=_("2023, 2023H1, 2023Q2, 2023-06, 2023-W27…")
        )
        parser.add_argument(
            "--keys", default="", help=_("Metric keys separated by commas (default: all).")
        )
        parser.add_argument("--json", action="store_true", help=_("Print JSON."))

    def handle(self, *args, org, period, keys="", json=False, **options):
        found_org = self.org(org)
        found_period = self.period(period)
        wanted = self.keys(keys)
        results = compute_many(wanted, found_org, found_period)
        if json:
            self.write_json(found_org, found_period, results)
        else:
            self.write_table(found_org, found_period, results)

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

    def keys(self, text: str) -> list[str]:
        if not text.strip():
            return sorted(metric.key for metric in registry.all_metrics())
        keys = [key.strip() for key in text.split(",") if key.strip()]
        for key in keys:
            try:
                registry.get(key)
            except registry.UnknownMetric as unknown:
                raise CommandError(str(unknown)) from None
        return keys

    def write_json(self, org, period, results) -> None:
        document = {
            "org": org.code,
            "period": period.label,
            "metrics": {
                key: {"value": json_value(r.value), "text": r.text, "unit": r.unit}
                for key, r in results.items()
            },
        }
        self.stdout.write(json_dumps(document))

    def write_table(self, org, period, results) -> None:
        self.stdout.write(f"{org.code} {org.name} · {period.label}")
        width = max((len(key) for key in results), default=0)
        for key, result in results.items():
            unit = "" if result.unit == PERCENT else result.unit  # "80%", not "80% %"
            figure = f"{result.text} {unit}".strip()
            self.stdout.write(f"{key:<{width}}  {figure:>14}  {result.label}")


def json_dumps(document) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
