from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "tally.community"
    verbose_name = _("Community")

    def ready(self):
        from tally.accounts.models import Role
        from tally.shell import home
        from tally.shell.nav import NavItem, register

        from . import panels

        register(
            NavItem(
                _("My pages"),
                "community:me",
                frozenset({Role.MEMBER}),
                icon="house-heart",
                order=10,
            )
        )
        register(
            NavItem(
                _("Community"),
                "community:index",
                frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT}),
                icon="people",
                order=60,
            )
        )
        home.register(panels.member_wishes_panel)
        home.register(panels.member_commitments_panel)
        home.register(panels.community_wishes_panel)
