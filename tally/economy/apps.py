from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomyConfig(AppConfig):
    name = "tally.economy"
    verbose_name = _("Economy")

    def ready(self):
        from tally.accounts.models import Role
        from tally.shell import home
        from tally.shell.nav import NavItem, register

        from . import panels, signals  # noqa: F401  (signals: undo of the stage history)

        register(
            NavItem(
                _("Economy"),
                "economy:index",
                frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT}),
                icon="graph-up-arrow",
                order=50,
            )
        )
        home.register(panels.clerk_projects_panel)
