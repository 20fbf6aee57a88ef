from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tally.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from tally.shell.nav import NavItem, register

        from . import ledgers, signals  # noqa: F401  (the users ledger; event receivers)
        from .models import Role

        register(
            NavItem(
                _("Accounts"), "accounts:list", frozenset({Role.ADMIN}), icon="people", order=95
            )
        )
