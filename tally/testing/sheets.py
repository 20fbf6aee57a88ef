"""Sheets the tests of every app import through the real pipeline: a header and rows as
a CSV file, uploaded and checked (`check_sheet`), then committed (`import_sheet`)."""

import csv
import io

from tally.ledgers import services as ledger_services
from tally.ledgers.models import ImportBatch
from tally.ledgers.registry import get_ledger


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def check_sheet(key: str, header: list[str], rows: list[list], user) -> ImportBatch:
    """Upload a sheet (as CSV) and check it: the batch with its preview."""
    data = csv_bytes(header, rows)
    return ledger_services.start_import(get_ledger(key), "sheet.csv", data, user=user, inline=True)


def import_sheet(key: str, header: list[str], rows: list[list], user) -> ImportBatch:
    """Check and commit a sheet; the batch afterwards (committed, or with its errors)."""
    batch = check_sheet(key, header, rows, user)
    if batch.error_count == 0:
        ledger_services.request_commit(batch, inline=True)
    batch.refresh_from_db()
    return batch
