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


def make_task(lead_unit, number="DB-T-001", **extra):
    """A task straight into the database (no history, no light): for set-ups."""
    from tally.supervision.models import Task

    extra.setdefault("name", "产业园基础设施建设")
    extra.setdefault("source", "党工委会议")
    extra.setdefault("start_date", dt.date(2023, 1, 1))
    extra.setdefault("deadline", dt.date(2023, 12, 31))
    partners = extra.pop("partners", ())
    task = Task.objects.create(number=number, lead_unit=lead_unit, **extra)
    task.partners.set(partners)
    return task


def register(office, lead_unit, number="DB-T-001", partners=(), milestones=(), **fields):
    """A task registered and assigned through the service, as the office does it."""
    from tally.supervision import services

    fields.setdefault("name", "产业园基础设施建设")
    fields.setdefault("source", "党工委会议")
    fields.setdefault("start_date", dt.date(2023, 1, 1))
    fields.setdefault("deadline", dt.date(2023, 12, 31))
    return services.register_task(
        {"number": number, "lead_unit": lead_unit, **fields},
        by=office,
        partners=partners,
        milestones=milestones,
    )
