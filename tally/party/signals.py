"""Keeping members' history in step when an import of members is undone: the framework
restores the member rows; the history rows that import opened or closed follow here."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from tally.ledgers.models import ImportBatch

from .services import undo_history


@receiver(post_save, sender=ImportBatch, dispatch_uid="party-undo-member-history")
def restore_history_on_undo(sender, instance, update_fields=None, **kwargs):
    if instance.ledger_key != "members" or instance.status != ImportBatch.Status.UNDONE:
        return
    if update_fields is not None and "status" not in update_fields:
        return
    undo_history(instance)
