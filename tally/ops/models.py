from django.db import models
from django.utils.translation import gettext_lazy as _


class KeyCheck(models.Model):
    """A known text sealed with TALLY_DATA_KEY. A backup carries it, so `restore` can tell
    before replacing anything whether the running key opens the backup's personal data."""

    figure_data = False  # no figure reads it (tally.metrics.freshness)

    sealed = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("data key check")
        verbose_name_plural = _("data key checks")

    def __str__(self) -> str:
        return f"key check {self.pk}"
