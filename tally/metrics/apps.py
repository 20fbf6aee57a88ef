from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "tally.metrics"
    verbose_name = _("Metrics")

    def ready(self):
        from django.core import checks

        from tally.accounts.models import Role
        from tally.shell.nav import NavItem, register

        from . import home  # noqa: F401  (registers the key-figures panel)
        from .checks import check_metric_declarations

        checks.register(check_metric_declarations, "metrics")

        from django.db.models.signals import post_migrate

        from .freshness import install_after_migrate

        # Once, after every app has migrated: the triggers that keep the data version.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="data-version")

        # Every app declares its metrics in its own metrics.py.
        autodiscover_modules("metrics")
        register(
            NavItem(
                _("Metrics"),
                "metrics:index",
                frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT}),
                icon="bar-chart",
                order=30,
            )
        )
