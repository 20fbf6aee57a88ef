"""Checking and committing an import batch: the work the upload request does for a
small file and the background worker for a large one (tasks.py), the batch's encrypted
copy of the uploaded file, and its error workbooks, built once when the file is checked.
services.py starts imports and hands them here; the batch moves itself from state to
state (ImportBatch's methods)."""

import gc
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from tally.lib import dataversion
from tally.lib.pii import cipher

from .declarations import LedgerConflict
from .excel import error_workbook
from .importing import Plan, plan_sheet
from .ledger import Ledger
from .models import BatchStateError, ImportBatch
from .reading import SheetError, Table, read_table
from .registry import get_ledger

log = logging.getLogger(__name__)
Status = ImportBatch.Status

__all__ = ["BatchStateError", "ImportRefused"]


class ImportRefused(Exception):
    """The upload is refused as a whole; nothing was stored."""


# --- the kept files (encrypted at rest: they usually hold ID-card numbers) ---------------


def store_file(batch: ImportBatch, name: str, data: bytes) -> None:
    safe_name = f"batch-{batch.pk}{PurePath(name).suffix.lower()[:8]}.enc"
    batch.file.save(safe_name, ContentFile(cipher().encrypt_bytes(data)), save=False)


def load_file(batch: ImportBatch) -> bytes:
    return read_encrypted(batch.file)


def read_encrypted(kept) -> bytes:
    with kept.open("rb") as stream:
        return cipher().decrypt_bytes(stream.read())


def store_error_workbooks(batch: ImportBatch, ledger: Ledger, table: Table) -> None:
    """The rows with errors as they were sent, with the reasons: once in full, once
    with personal numbers masked. Built here, once; a download only sends the file."""
    for kept in (batch.error_file, batch.masked_error_file):
        if kept:
            kept.delete(save=False)
    if batch.errors:
        for kept, masked, suffix in (
            (batch.error_file, False, "errors"),
            (batch.masked_error_file, True, "errors-masked"),
        ):
            data = error_workbook(ledger, table, batch.errors, masked=masked)
            name = f"batch-{batch.pk}-{suffix}.xlsx.enc"
            kept.save(name, ContentFile(cipher().encrypt_bytes(data)), save=False)
    batch.save(update_fields=["error_file", "masked_error_file"])


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


@dataclass
class CheckedFile:
    plan: Plan
    table: Table


def check_file(ledger: Ledger, data: bytes, user, progress=None) -> CheckedFile:
    """Read a file and run every check on it; ImportRefused when the file as a whole is
    unusable (not a spreadsheet, no header row, required columns missing, no data rows)."""
    with collector_paused():
        try:
            table = read_table(data)
        except SheetError as error:
            raise ImportRefused(str(error)) from None
        plan = plan_sheet(ledger, table, user, progress)
    if plan.file_errors:
        raise ImportRefused(" ".join(plan.file_errors + plan.notes))
    return CheckedFile(plan, table)


def record_checked(batch: ImportBatch, ledger: Ledger, checked: CheckedFile) -> None:
    """The preview, and the error workbooks when there are errors."""
    batch.record_check(checked.plan)
    if batch.errors or batch.error_file:
        store_error_workbooks(batch, ledger, checked.table)


def progress_reporter(batch: ImportBatch):
    def report(percent: int, text: str) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(progress=percent, progress_text=text)

    return report


def check_kept_file(batch: ImportBatch) -> Plan | None:
    """Run every check on the batch's file and store the preview (the worker's side of
    a large upload). A refused file is deleted and the batch marked as refused."""
    ImportBatch.objects.filter(pk=batch.pk).update(status=Status.CHECKING, progress=5)
    ledger = get_ledger(batch.ledger_key)
    try:
        checked = check_file(ledger, load_file(batch), batch.user, progress_reporter(batch))
    except ImportRefused as refusal:
        batch.refuse(str(refusal))
        return None
    except Exception:
        log.exception("import batch %s failed while checking", batch.pk)
        batch.refuse(_("The file could not be checked because of an internal error."))
        raise
    record_checked(batch, ledger, checked)
    return checked.plan


# --- committing -----------------------------------------------------------------------


class ConcurrentWrite(Exception):
    """Another import wrote the same records first (its transaction won)."""


def commit_batch(batch: ImportBatch) -> ImportBatch:
    """Check the file again (the database may have changed since the preview) and write
    everything in one transaction, or nothing. The batch has been claimed (COMMITTING)."""
    if batch.status != Status.COMMITTING:
        raise BatchStateError(_("Only a checked file without errors can be imported."))
    ledger = get_ledger(batch.ledger_key)
    try:
        checked = check_file(ledger, load_file(batch), batch.user, progress_reporter(batch))
        if checked.plan.has_errors:
            record_checked(batch, ledger, checked)
            return batch
        write_plan(batch, ledger, checked.plan)
    except (LedgerConflict, ImportRefused) as conflict:
        batch.reopen_after_conflict(str(conflict))
    except ConcurrentWrite as lost:
        batch.refuse(str(lost))
    except Exception:
        log.exception("import batch %s failed while committing", batch.pk)
        batch.release_after_failure()
        raise
    return batch


def write_plan(batch: ImportBatch, ledger: Ledger, plan: Plan) -> None:
    """All or nothing. A unique key taken meanwhile by another import (two runs of the
    same file at once) rolls everything back and says so: ConcurrentWrite."""
    try:
        with (
            collector_paused(),
            transaction.atomic(),
            dataversion.one_token_for_many_rows(connection),
        ):
            batch.record_commit(ledger.apply(plan, batch), plan.counts())
    except (IntegrityError, connection.Database.IntegrityError):
        # The second: PostgreSQL's COPY (bulk.py) reports through the driver unwrapped.
        log.info("import batch %s lost a race with another import", batch.pk)
        raise ConcurrentWrite(concurrent_write_message()) from None
    refresh_statistics(ledger, plan)


# Rows written at once after which the table's planner statistics are renewed.
STATISTICS_AFTER_ROWS = 1000


def refresh_statistics(ledger: Ledger, plan: Plan) -> None:
    """After a large import, the planner's statistics of the ledger's table. Without them
    SQLite (which never gathers them itself) planned the next import's look-up of
    existing records as a cross product of its key lists: re-importing 100,000 unchanged
    visits ran at 153 rows/s, 3.5 s per 500 keys against 22 ms with statistics
    (bench/import_bench.py). PostgreSQL's autovacuum gets there too, minutes later."""
    counts = plan.counts()
    if counts["new"] + counts["changed"] < STATISTICS_AFTER_ROWS:
        return
    table = connection.ops.quote_name(ledger.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")


def concurrent_write_message() -> str:
    return _(
        "Another import wrote some of these records at the same moment, so nothing of this "
        "file was written. Look at the ledger, then import the file again if it is still needed."
    )
