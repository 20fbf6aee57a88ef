"""Writes of the ledger framework: import batches (start, commit, undo, discard) and
record edits. The web views, the CLI and the API call these; the checking and the
writing of a batch, shared with the background worker, are in batches.py."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tally.accounts.scoping import acting_org
from tally.lib import dataversion

from . import guards, tasks
from .batches import (
    BatchStateError,
    CheckedFile,
    ConcurrentWrite,
    ImportRefused,
    check_file,
    commit_batch,
    load_file,
    record_checked,
    store_file,
    write_plan,
)
from .declarations import LedgerConflict
from .importing import RowError, compare_with, plan_for_record
from .ledger import Ledger
from .models import GenericRecord, ImportBatch, LedgerType
from .reading import Measure, SheetError, check_suffix, measure_upload
from .registry import get_ledger
from .undo import chunks, restore_snapshots

# What the web views and the commands use (batches.py's names among them).
__all__ = [
    "BatchStateError",
    "ImportRefused",
    "LedgerTypeRefused",
    "RecordInUse",
    "RecordInvalid",
    "check_file",
    "check_upload_name",
    "define_ledger_type",
    "delete_record",
    "discard_batch",
    "import_now",
    "load_file",
    "read_upload",
    "request_commit",
    "save_record",
    "start_import",
    "undo_batch",
    "undo_blockers",
]

Status = ImportBatch.Status


def inline_rows() -> int:
    """Files of at most this many rows (and INLINE_UNPACKED_BYTES unpacked) are checked
    during the upload request; larger ones by the worker, with a progress bar."""
    return settings.IMPORT_INLINE_ROWS


def inline_unpacked_bytes() -> int:
    return settings.IMPORT_INLINE_UNPACKED_BYTES


# --- starting and checking ------------------------------------------------------------


def check_upload_name(name: str) -> None:
    """The same file names are accepted on the web page and on the command line."""
    try:
        check_suffix(name)
    except SheetError as error:
        raise ImportRefused(str(error)) from None


def read_upload(uploaded, max_bytes: int) -> bytes:
    if uploaded.size > max_bytes:
        raise ImportRefused(
            _("The file is larger than %(mb)d MB; split it into smaller files.")
            % {"mb": max_bytes // (1024 * 1024)}
        )
    check_upload_name(uploaded.name)
    return uploaded.read()


def measured(data: bytes) -> Measure:
    try:
        return measure_upload(data, count_up_to=inline_unpacked_bytes())
    except SheetError as error:
        raise ImportRefused(str(error)) from None


def is_small(measure: Measure) -> bool:
    return measure.unpacked_bytes <= inline_unpacked_bytes() and (measure.rows or 0) <= (
        inline_rows()
    )


def open_batch(ledger: Ledger, name: str, data: bytes, user, measure: Measure) -> ImportBatch:
    """A new batch (being checked) for the upload, unless the user already has as many
    imports running as allowed: each one holds a file's rows in memory."""
    limit = settings.IMPORT_MAX_RUNNING_PER_USER
    with transaction.atomic():
        # Serialises one user's uploads (on PostgreSQL), so that two at once count right.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        running = ImportBatch.objects.filter(user=user, status__in=ImportBatch.RUNNING).count()
        if running >= limit:
            raise ImportRefused(
                ngettext(
                    "You already have %(n)d import running; wait until it is done, then "
                    "upload this file again.",
                    "You already have %(n)d imports running; wait until one is done, then "
                    "upload this file again.",
                    running,
                )
                % {"n": running}
            )
        return ImportBatch.objects.create(
            ledger_key=ledger.key,
            user=user,
            org=acting_org(user),
            original_name=name[:255],
            size=len(data),
            unpacked_size=measure.unpacked_bytes,
            status=Status.CHECKING,
        )


def keep_file(batch: ImportBatch, name: str, data: bytes) -> None:
    store_file(batch, name, data)
    batch.save(update_fields=["file"])


def checked_in_batch(ledger: Ledger, batch: ImportBatch, data: bytes, user) -> CheckedFile:
    """Check the file for a batch just opened; a file that cannot be read at all
    leaves nothing behind (the batch is removed again)."""
    try:
        return check_file(ledger, data, user)
    except BaseException:
        batch.delete()
        raise


def start_import(ledger: Ledger, name: str, data: bytes, *, user, inline: bool | None = None):
    """Keep the file as a new batch and check it: now when it is small once unpacked,
    else in the background. A file that cannot be read at all is refused before anything
    is kept (ImportRefused)."""
    check_upload_name(name)
    measure = measured(data)
    if inline is None:
        inline = is_small(measure)
    batch = open_batch(ledger, name, data, user, measure)
    if not inline:
        keep_file(batch, name, data)
        ImportBatch.objects.filter(pk=batch.pk).update(status=Status.QUEUED)
        tasks.check_import.enqueue(batch.pk)
        return batch
    checked = checked_in_batch(ledger, batch, data, user)
    keep_file(batch, name, data)
    record_checked(batch, ledger, checked)
    return batch


# --- committing -----------------------------------------------------------------------


def request_commit(batch: ImportBatch, *, inline: bool | None = None) -> None:
    """Import a checked batch: small files at once, large ones by the worker."""
    if batch.error_count or batch.status != Status.PREVIEW:
        raise BatchStateError(_("Only a checked file without errors can be imported."))
    batch.claim(Status.PREVIEW, Status.COMMITTING)
    if inline is None:
        inline = is_small(Measure(batch.unpacked_size, batch.counts.get("rows", 0)))
    if inline:
        commit_batch(batch)
    else:
        tasks.commit_import.enqueue(batch.pk)


def import_now(ledger: Ledger, name: str, data: bytes, *, user) -> ImportBatch:
    """Check a file and import it in one pass (the command line): no preview to wait
    for, so the file is read and checked once. A file with any error is kept as a batch
    in preview with its errors, and nothing is written. Of two runs of the same file at
    once, the one whose write comes second is refused as a whole (ConcurrentWrite)."""
    check_upload_name(name)
    batch = open_batch(ledger, name, data, user, measured(data))
    checked = checked_in_batch(ledger, batch, data, user)
    keep_file(batch, name, data)
    # The preview's notes, skipped rows and changes stay with the batch either way.
    record_checked(batch, ledger, checked)
    if checked.plan.has_errors:
        return batch
    try:
        write_plan(batch, ledger, checked.plan)
    except LedgerConflict as conflict:
        batch.reopen_after_conflict(str(conflict))
    except ConcurrentWrite as lost:
        batch.refuse(str(lost))
    return batch


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
    locked = guards.refuse_stored_pks(ledger, written)
    if locked:
        return guards.locked_record_message(locked)
    return None


def undo_batch(batch: ImportBatch) -> None:
    ledger = get_ledger(batch.ledger_key)
    # A bulk write: one new data version for every row it restores or deletes.
    with transaction.atomic(), dataversion.one_token_for_many_rows(connection):
        blocker = undo_blockers(ledger, batch)
        if blocker:
            raise BatchStateError(blocker)
        batch.claim(Status.COMMITTED, Status.UNDONE)
        ledger.delete_records(batch.undo.get("created", []))
        restore_snapshots(ledger, batch.undo.get("changed", []))
        batch.undone_at = timezone.now()
        batch.save(update_fields=["status", "undone_at"])


def discard_batch(batch: ImportBatch) -> None:
    batch.discard()


# --- single records (forms) ------------------------------------------------------------


class RecordInvalid(Exception):
    def __init__(self, errors):
        super().__init__("invalid record")
        self.errors = errors  # list of RowError


def save_record(ledger: Ledger, raw: dict, *, user, instance=None):
    """Create or update one record from form input: the checks of an import, then the
    ledger's own `apply`, as for a one-row file, so that every rule of the ledger holds
    for a form too. A record edited by hand no longer belongs to an import batch."""
    plan = plan_for_record(ledger, raw, user)
    row = plan.rows[0]
    if row.ok and instance is not None and row.existing is None:
        compare_with(ledger, plan, row, instance)  # the form changed the record's key
        if row.status == "changed":
            guards.check_changed_records(ledger, [row])
    elif row.ok and row.existing is not None and row.existing.pk != getattr(instance, "pk", None):
        row.error(None, _("A record with the same key already exists."), "")
    if not row.ok or plan.file_errors:
        raise RecordInvalid(row.errors)
    try:
        with transaction.atomic():
            undo = ledger.apply(plan, None)
    except LedgerConflict as conflict:
        raise RecordInvalid([RowError(row.line, "", "", str(conflict))]) from None
    pk = undo["created"][0] if undo.get("created") else row.existing.pk
    return ledger.model._default_manager.get(pk=pk)


class RecordInUse(Exception):
    """Other records point at this one (a class with attendance, a member with
    history): it cannot be deleted before them."""


def delete_record(ledger: Ledger, obj) -> None:
    locked = guards.refuse_stored_pks(ledger, [obj.pk])
    if locked:
        raise RecordInUse(guards.locked_record_message(locked))
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
