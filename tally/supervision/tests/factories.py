"""What the supervision tests build: cadres (members with made-up, valid ID numbers),
tasks and sheets imported through the real pipeline. Plain functions, usable from
fixtures, tests and permission_cases."""

import csv
import datetime as dt
import io

from tally.ledgers import services as ledger_services
from tally.ledgers.registry import get_ledger
from tally.lib.idcard import make_id_number
from tally.party.models import Member

REGION = "420303"


def id_number(seq: int) -> str:
    birth = dt.date(1975, 5, 1) + dt.timedelta(days=seq // 100)
    return make_id_number(REGION, birth, seq % 100, "女")


def make_cadre(seq: int, org, *, name=None) -> Member:
    member = Member(name=name or f"干部{seq}", org=org, category="正式党员", is_cadre=True)
    member.id_number = id_number(seq)
    member.save()
    return member


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def import_sheet(key: str, header: list[str], rows: list[list], user):
    """Check and commit a sheet; the batch afterwards (committed, or with its errors)."""
    ledger = get_ledger(key)
    batch = ledger_services.start_import(
        ledger, "sheet.csv", csv_bytes(header, rows), user=user, inline=True
    )
    if batch.error_count == 0:
        ledger_services.request_commit(batch, inline=True)
    batch.refresh_from_db()
    return batch


def messages_of(batch) -> list[str]:
    return [e["message"] for e in batch.errors] + list(batch.notes)
