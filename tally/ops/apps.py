from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the site: backup and restore, the serve command."""

    name = "tally.ops"
    verbose_name = _("Operations")
