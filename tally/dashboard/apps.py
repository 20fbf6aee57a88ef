from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "tally.dashboard"
    verbose_name = _("Dashboard")

    def ready(self):
        from tally.shell import home as shell_home
        from tally.shell.nav import NavItem, register

        from . import home
        from .views import ROLES

        register(
            NavItem(
                _("Dashboard"), "dashboard:index", frozenset(ROLES), icon="speedometer2", order=5
            )
        )
        shell_home.register(home.leader_headline_panel)
