"""Keeping economy's derived rows in step with imports: when an import of investment
projects is undone, the stage-history rows it appended go (the framework restores the
project rows); when monthly reports are committed or undone, the reporting obligations
over them are recomputed (on time, late, missing)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from tally.ledgers.models import ImportBatch
from tally.supervision.obligations import refresh_ledger_obligations

from .receipts import LEDGER_KEY as REPORTS_KEY
from .services import undo_stage_history

Status = ImportBatch.Status


def status_saved(update_fields) -> bool:
    return update_fields is None or "status" in update_fields


@receiver(post_save, sender=ImportBatch, dispatch_uid="economy-undo-stage-history")
def remove_history_on_undo(sender, instance, update_fields=None, **kwargs):
    if instance.ledger_key != "investment_projects":
        return
    if instance.status != Status.UNDONE or not status_saved(update_fields):
        return
    undo_stage_history(instance)


@receiver(post_save, sender=ImportBatch, dispatch_uid="economy-refresh-report-obligations")
def refresh_report_obligations(sender, instance, update_fields=None, **kwargs):
    """In the import's own transaction: the reporting records move with the reports."""
    if instance.ledger_key != REPORTS_KEY:
        return
    if instance.status not in (Status.COMMITTED, Status.UNDONE) or not status_saved(update_fields):
        return
    refresh_ledger_obligations(REPORTS_KEY)
