from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadymadeConfig(AppConfig):
    """The generic ledgers DOMAIN.md ships ready-made (events, briefings, publicity,
    service items, government filings, technology contracts, environmental facilities):
    their ledger types (a data migration), their metrics and their demo data. They are
    ordinary generic ledgers: an administrator may edit them like any other."""

    name = "tally.readymade"
    verbose_name = _("Ready-made ledgers")
