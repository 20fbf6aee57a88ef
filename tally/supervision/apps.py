from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "tally.supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from tally.accounts.models import Role
        from tally.reports.showcase import register_section
        from tally.shell import home
        from tally.shell.nav import NavItem, register

        from . import panels
        from .bulletins import showcase_items
        from .jobs import register_supervision_jobs
        from .obligations import register_receipts
        from .receipts import weekly_filing_receipts

        register(
            NavItem(
                _("Supervision"),
                "supervision:index",
                frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT}),
                icon="flag-fill",
                order=50,
            )
        )
        for provider in (
            panels.notifications_panel,
            panels.unit_tasks_panel,
            panels.office_panel,
            panels.office_reporting_panel,
            panels.leader_red_panel,
        ):
            home.register(provider)
        register_receipts("weekly_filings", weekly_filing_receipts)
        register_section(_("Weekly bulletins (我的这7天)"), showcase_items, order=50)
        register_supervision_jobs()
