from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteSettingsConfig(AppConfig):
    """Site-wide settings kept in the database (the reporting period pages open on)."""

    name = "tally.site_settings"
    verbose_name = _("Site settings")
