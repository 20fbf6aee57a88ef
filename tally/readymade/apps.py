from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadymadeConfig(AppConfig):
    """The generic ledgers DOMAIN.md ships ready-made (events, briefings, publicity,
    service items, government filings, technology contracts, environmental facilities):
    their ledger types (a data migration), their metrics and their demo data. They are
    ordinary generic ledgers: an administrator may edit them like any other."""

    name = "tally.readymade"
    verbose_name = _("Ready-made ledgers")

    def ready(self):
        from tally.ledgers.registry import ship_generic_ledger

        # The migration's definitions are the one list of what ships: the start-up check
        # of metric declarations knows these ledgers and their columns from it.
        shipped = import_module("tally.readymade.migrations.0001_ledger_types")
        for spec in shipped.LEDGERS:
            ship_generic_ledger(spec["key"], [column["key"] for column in spec["columns"]])
