"""Keeping the stage history in step when an import of investment projects is undone: the
framework restores the project rows; the history rows that import appended follow here."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from tally.ledgers.models import ImportBatch

from .services import undo_stage_history


@receiver(post_save, sender=ImportBatch, dispatch_uid="economy-undo-stage-history")
def remove_history_on_undo(sender, instance, update_fields=None, **kwargs):
    if instance.ledger_key != "investment_projects":
        return
    if instance.status != ImportBatch.Status.UNDONE:
        return
    if update_fields is not None and "status" not in update_fields:
        return
    undo_stage_history(instance)
