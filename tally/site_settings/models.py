from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteSetting(models.Model):
    """Small site-wide settings the office changes in the UI (e.g. the reporting period
    that pages open on)."""

    key = models.CharField(_("key"), max_length=64, unique=True)
    value = models.CharField(_("value"), max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("site setting")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return f"{self.key}={self.value}"
