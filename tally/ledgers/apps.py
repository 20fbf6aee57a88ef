from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "tally.ledgers"
    verbose_name = _("Ledgers")

    def ready(self):
        from tally.accounts.models import Role
        from tally.shell.nav import NavItem, register

        # Every app declares its ledgers in its own ledgers.py.
        autodiscover_modules("ledgers")
        register(
            NavItem(
                _("Ledgers"),
                "ledgers:index",
                frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT}),
                icon="table",
                order=20,
            )
        )
