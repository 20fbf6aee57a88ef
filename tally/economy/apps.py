from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EconomyConfig(AppConfig):
    name = "tally.economy"
    verbose_name = _("Economy")

    def ready(self):
        from . import signals  # noqa: F401  (undo of the stage history)
