"""Checking and committing an import batch: the work the upload request does for a
small file and the background worker for a large one (tasks.py), and the batch's
encrypted copy of the uploaded file. services.py starts imports and hands them here."""

import gc
import logging
from contextlib import contextmanager
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tally.lib.pii import cipher

from .declarations import LedgerConflict
from .importing import MAX_STORED_ERRORS, Plan, build_plan
from .ledger import Ledger
from .models import ImportBatch
from .reading import SheetError, read_table
from .registry import get_ledger

log = logging.getLogger(__name__)
Status = ImportBatch.Status


class ImportRefused(Exception):
    """The upload is refused as a whole; nothing was stored."""


class BatchStateError(Exception):
    """The batch is not in a state that allows this action."""


# --- the kept file (encrypted at rest: it usually holds ID-card numbers) ----------------


def store_file(batch: ImportBatch, name: str, data: bytes) -> None:
    safe_name = f"batch-{batch.pk}{PurePath(name).suffix.lower()[:8]}.enc"
    batch.file.save(safe_name, ContentFile(cipher().encrypt_bytes(data)), save=False)


def load_file(batch: ImportBatch) -> bytes:
    with batch.file.open("rb") as stream:
        return cipher().decrypt_bytes(stream.read())


def delete_file(batch: ImportBatch) -> None:
    if batch.file:
        batch.file.delete(save=False)


# --- checking -----------------------------------------------------------------------


@contextmanager
def collector_paused():
    """An import allocates hundreds of thousands of small objects, none of them cyclic
    garbage; the cyclic collector would re-scan them all again and again (it cost a
    sixth of a 100,000-row import). Reference counting still frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def checked_plan(ledger: Ledger, data: bytes, user, progress=None) -> Plan:
    """The plan of a file, or ImportRefused when the file as a whole is unusable (not a
    spreadsheet, no header row, required columns missing, no data rows)."""
    with collector_paused():
        return read_and_plan(ledger, data, user, progress)


def read_and_plan(ledger: Ledger, data: bytes, user, progress=None) -> Plan:
    try:
        table = read_table(data)
    except SheetError as error:
        raise ImportRefused(str(error)) from None
    plan = build_plan(ledger, table, user, progress)
    if plan.file_errors:
        raise ImportRefused(" ".join(plan.file_errors + plan.notes))
    return plan


def progress_reporter(batch: ImportBatch):
    def report(percent: int, text: str) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(progress=percent, progress_text=text)

    return report


def check_batch(batch: ImportBatch) -> Plan | None:
    """Run every check on the batch's file and store the preview (the worker's side of
    a large upload). A refused file is deleted and the batch marked as refused."""
    ImportBatch.objects.filter(pk=batch.pk).update(status=Status.CHECKING, progress=5)
    ledger = get_ledger(batch.ledger_key)
    try:
        plan = checked_plan(ledger, load_file(batch), batch.user, progress_reporter(batch))
    except ImportRefused as refusal:
        refuse(batch, str(refusal))
        return None
    except Exception:
        # A bug must not leave the clerk watching a progress bar that never ends.
        log.exception("import batch %s failed while checking", batch.pk)
        refuse(batch, _("The file could not be checked because of an internal error."))
        raise
    store_preview(batch, plan)
    return plan


def refuse(batch: ImportBatch, message: str) -> None:
    delete_file(batch)
    batch.status, batch.notes, batch.progress = Status.FAILED, [message], 100
    batch.checked_at = timezone.now()
    batch.save(update_fields=["status", "notes", "progress", "checked_at", "file"])


def store_preview(batch: ImportBatch, plan: Plan) -> None:
    errors = plan.errors
    batch.counts = plan.counts()
    batch.errors = [e.as_dict() for e in errors[:MAX_STORED_ERRORS]]
    batch.error_count = len(errors) + len(plan.file_errors)
    batch.skipped = plan.skipped
    batch.changes = plan.change_samples()
    batch.notes = plan.file_errors + plan.notes
    batch.status, batch.progress = Status.PREVIEW, 100
    batch.checked_at = timezone.now()
    batch.save()


# --- committing -----------------------------------------------------------------------


def claim(batch: ImportBatch, from_status: str, to_status: str) -> None:
    """Move the batch on only if nobody else did first (a double click, two tabs)."""
    moved = ImportBatch.objects.filter(pk=batch.pk, status=from_status).update(status=to_status)
    if not moved:
        raise BatchStateError(_("This import has already been handled."))
    batch.status = to_status


def commit_batch(batch: ImportBatch) -> ImportBatch:
    """Check the file again (the database may have changed since the preview) and write
    everything in one transaction, or nothing. The batch has been claimed (COMMITTING)."""
    if batch.status != Status.COMMITTING:
        raise BatchStateError(_("Only a checked file without errors can be imported."))
    ledger = get_ledger(batch.ledger_key)
    try:
        plan = checked_plan(ledger, load_file(batch), batch.user, progress_reporter(batch))
        if plan.has_errors:
            store_preview(batch, plan)
            return batch
        write_plan(batch, ledger, plan)
    except (LedgerConflict, ImportRefused) as conflict:
        refuse_conflict(batch, str(conflict))
    except Exception:
        log.exception("import batch %s failed while committing", batch.pk)
        ImportBatch.objects.filter(pk=batch.pk).update(status=Status.PREVIEW)
        raise
    return batch


def write_plan(batch: ImportBatch, ledger: Ledger, plan: Plan) -> None:
    with collector_paused(), transaction.atomic():
        batch.undo = ledger.apply(plan, batch)
        batch.counts = plan.counts()
        batch.status, batch.progress = Status.COMMITTED, 100
        batch.committed_at = timezone.now()
        batch.save()


def refuse_conflict(batch: ImportBatch, message: str) -> None:
    """A record changed between the check and the write (a wish claimed meanwhile):
    nothing was written; the clerk checks the file again."""
    batch.status, batch.progress, batch.error_count = Status.PREVIEW, 100, 1
    batch.notes = [message]
    batch.save(update_fields=["status", "progress", "error_count", "notes"])
