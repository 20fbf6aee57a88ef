from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "tally.orgs"
    verbose_name = _("Organisations")

    def ready(self):
        from tally.accounts.models import Role
        from tally.shell.nav import NavItem, register

        register(
            NavItem(
                _("Organisations"),
                "orgs:index",
                frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT}),
                icon="diagram-3",
                order=90,
            )
        )
