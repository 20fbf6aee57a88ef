from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "tally.party"
    verbose_name = _("Party building")

    def ready(self):
        from tally.accounts.models import Role
        from tally.shell.nav import NavItem, register

        from . import home, signals  # noqa: F401  (home-page panel, undo of history)

        register(
            NavItem(
                _("Party building"),
                "party:index",
                frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT}),
                icon="flag",
                order=30,
            )
        )
        register(
            NavItem(
                _("My training"),
                "party:my_training",
                frozenset({Role.MEMBER}),
                icon="mortarboard",
                order=12,
            )
        )
