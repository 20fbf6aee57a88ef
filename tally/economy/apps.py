from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomyConfig(AppConfig):
    name = "tally.economy"
    verbose_name = _("Economy")

    def ready(self):
        from tally.accounts.models import Role
        from tally.shell import home
        from tally.shell.nav import NavItem, register
        from tally.supervision.obligations import register_receipts

        from . import panels, signals  # noqa: F401  (signals: undo, reporting obligations)
        from .receipts import LEDGER_KEY, project_report_receipts

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
        # Monthly reports due by the 25th count towards reporting.rate / late / missing.
        register_receipts(LEDGER_KEY, project_report_receipts)
