"""Writes of the ledger framework: import batches (check, commit, undo, discard) and
record edits. The web views, the CLI and the background tasks all call these."""

import gc
import logging
from contextlib import contextmanager
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from tally.accounts.scoping import acting_org
from tally.lib.pii import cipher

from .declarations import LedgerConflict
from .importing import MAX_STORED_ERRORS, Plan, build_plan, plan_for_record
from .ledger import Ledger
from .models import GenericRecord, ImportBatch, LedgerType
from .reading import SheetError, read_table
from .registry import get_ledger
from .undo import chunks, restore_snapshots

log = logging.getLogger(__name__)
Status = ImportBatch.Status
# Files up to this size are checked during the upload request; larger ones by the worker
# with a progress bar.
INLINE_BYTES = 512 * 1024
ALLOWED_SUFFIXES = {".xlsx", ".xls", ".ods", ".csv", ".txt"}


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


# --- starting and checking ------------------------------------------------------------


def read_upload(uploaded, max_bytes: int) -> bytes:
    if uploaded.size > max_bytes:
        raise ImportRefused(
            _("The file is larger than %(mb)d MB; split it into smaller files.")
            % {"mb": max_bytes // (1024 * 1024)}
        )
    suffix = PurePath(uploaded.name or "").suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ImportRefused(_("Upload an Excel (.xlsx, .xls), OpenDocument (.ods) or CSV file."))
    return uploaded.read()


def kept_batch(ledger: Ledger, name: str, data: bytes, user) -> ImportBatch:
    """A new batch holding the uploaded file (encrypted)."""
    batch = ImportBatch.objects.create(
        ledger_key=ledger.key,
        user=user,
        org=acting_org(user),
        original_name=name[:255],
        size=len(data),
    )
    store_file(batch, name, data)
    batch.save(update_fields=["file"])
    return batch


def start_import(ledger: Ledger, name: str, data: bytes, *, user, inline: bool | None = None):
    """Keep the file as a new batch and check it (now, or in the background). A file
    that cannot be read at all is refused before anything is kept (ImportRefused)."""
    if inline is None:
        inline = len(data) <= INLINE_BYTES
    plan = checked_plan(ledger, data, user) if inline else None
    batch = kept_batch(ledger, name, data, user)
    if inline:
        store_preview(batch, plan)
    else:
        from .tasks import check_import

        check_import.enqueue(batch.pk)
    return batch


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


def check_batch(batch: ImportBatch, *, table=None) -> Plan | None:
    """Run every check on the batch's file and store the preview (the worker's side of
    a large upload). A refused file is deleted and the batch marked as refused."""
    ImportBatch.objects.filter(pk=batch.pk).update(status=Status.CHECKING, progress=5)
    ledger = get_ledger(batch.ledger_key)
    try:
        if table is None:
            plan = checked_plan(ledger, load_file(batch), batch.user, progress_reporter(batch))
        else:
            plan = build_plan(ledger, table, batch.user, progress_reporter(batch))
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


def request_commit(batch: ImportBatch, *, inline: bool | None = None) -> None:
    """Import a checked batch: small files at once, large ones by the worker."""
    if batch.error_count or batch.status != Status.PREVIEW:
        raise BatchStateError(_("Only a checked file without errors can be imported."))
    claim(batch, Status.PREVIEW, Status.COMMITTING)
    if inline or (inline is None and batch.size <= INLINE_BYTES):
        commit_batch(batch)
    else:
        from .tasks import commit_import

        commit_import.enqueue(batch.pk)


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


def import_now(ledger: Ledger, name: str, data: bytes, *, user) -> ImportBatch:
    """Check a file and import it in one pass (the command line): no preview to wait
    for, so the file is read and checked once. A file with any error is kept as a batch
    in preview with its errors, and nothing is written."""
    plan = checked_plan(ledger, data, user)
    batch = kept_batch(ledger, name, data, user)
    # The preview's notes, skipped rows and changes stay with the batch either way.
    store_preview(batch, plan)
    if plan.has_errors:
        return batch
    try:
        write_plan(batch, ledger, plan)
    except LedgerConflict as conflict:
        refuse_conflict(batch, str(conflict))
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


# --- undo -------------------------------------------------------------------------------


def undo_blockers(ledger: Ledger, batch: ImportBatch) -> str | None:
    """Why this batch can no longer be undone, or None."""
    if batch.status != Status.COMMITTED:
        return _("Only an import that was committed can be undone.")
    if not ledger.undoable:
        return _("Imports of this ledger cannot be undone.")
    manager = ledger.model._default_manager
    written = batch.undo.get("created", []) + [c["pk"] for c in batch.undo.get("changed", [])]
    pieces = chunks(written)
    if sum(manager.filter(pk__in=piece).count() for piece in pieces) != len(written):
        return _("Records of this import have been deleted since.")
    if any(manager.filter(pk__in=piece).exclude(batch=batch).exists() for piece in pieces):
        return _("Records of this import have been changed since; it can no longer be undone.")
    return None


def undo_batch(batch: ImportBatch) -> None:
    ledger = get_ledger(batch.ledger_key)
    with transaction.atomic():
        blocker = undo_blockers(ledger, batch)
        if blocker:
            raise BatchStateError(blocker)
        claim(batch, Status.COMMITTED, Status.UNDONE)
        ledger.delete_records(batch.undo.get("created", []))
        restore_snapshots(ledger, batch.undo.get("changed", []))
        batch.undone_at = timezone.now()
        batch.save(update_fields=["status", "undone_at"])


def discard_batch(batch: ImportBatch) -> None:
    claim(batch, Status.PREVIEW, Status.DISCARDED)
    delete_file(batch)
    batch.save(update_fields=["file"])


# --- single records (forms) ------------------------------------------------------------


class RecordInvalid(Exception):
    def __init__(self, errors):
        super().__init__("invalid record")
        self.errors = errors  # list of RowError


def save_record(ledger: Ledger, raw: dict, *, user, instance=None):
    """Create or update one record from form input, through the same checks as an
    import. A record edited by hand no longer belongs to an import batch."""
    plan = plan_for_record(ledger, raw, user)
    row = plan.rows[0]
    if row.ok and row.existing is not None and (instance is None or row.existing.pk != instance.pk):
        row.error(None, _("A record with the same key already exists."), "")
    if not row.ok or plan.file_errors:
        raise RecordInvalid(row.errors)
    with transaction.atomic():
        obj = instance if instance is not None else ledger.new_instance({})
        ledger.assign(obj, row.values)
        if hasattr(obj, "batch_id"):
            obj.batch = None
        obj.save()
        ledger.set_multi([(obj, row.values)])
    return obj


class RecordInUse(Exception):
    """Other records point at this one (a class with attendance, a member with
    history): it cannot be deleted before them."""


def delete_record(ledger: Ledger, obj) -> None:
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError as error:
        raise in_use(error.protected_objects) from None
    except RestrictedError as error:
        raise in_use(error.restricted_objects) from None


def in_use(referring) -> RecordInUse:
    return RecordInUse(
        _("%(n)d other records refer to this one; delete or change them first.")
        % {"n": len(referring)}
    )


# --- generic ledger types ------------------------------------------------------------


class LedgerTypeRefused(Exception):
    """The new definition would leave the ledger's records inconsistent."""


def define_ledger_type(ledger_type: LedgerType, spec: dict, *, user) -> LedgerType:
    """Save a generic ledger type from a checked definition. When its natural key or
    date column changed, the records' stored key and date follow, all or nothing."""
    previous = (list(ledger_type.natural_key), ledger_type.date_column)
    with transaction.atomic():
        for name, value in spec.items():
            setattr(ledger_type, name, value)
        if ledger_type.pk is None:
            ledger_type.created_by = user
        ledger_type.save()
        if previous != (list(ledger_type.natural_key), ledger_type.date_column):
            refresh_generic_records(ledger_type)
    return ledger_type


def refresh_generic_records(ledger_type: LedgerType) -> None:
    from .generic import GenericLedger

    ledger = GenericLedger(ledger_type)
    records = list(GenericRecord.objects.filter(ledger_type=ledger_type))
    seen: dict[str, int] = {}
    for record in records:
        record.natural_key = ledger.natural_key_text(ledger.stored_key(record))
        record.date = ledger.record_date(record)
        if record.natural_key in seen:
            raise LedgerTypeRefused(
                _(
                    "Records #%(a)d and #%(b)d would have the same key; the key columns must "
                    "tell every record apart."
                )
                % {"a": seen[record.natural_key], "b": record.pk}
            )
        seen[record.natural_key] = record.pk
    GenericRecord.objects.bulk_update(records, ["natural_key", "date"], batch_size=1000)
