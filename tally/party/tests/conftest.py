"""Fixtures of the party tests: members with valid (fictional) ID numbers, and importing
a sheet through the real pipeline (check, then commit)."""

import csv
import datetime as dt
import io

import pytest

from tally.ledgers import services as ledger_services
from tally.ledgers.registry import get_ledger
from tally.lib.idcard import make_id_number
from tally.party.models import Member

REGION = "420302"  # a fictional use of a real-looking region code


def id_number(seq: int, gender: str = "男") -> str:
    """A valid ID number, distinct per seq (the birth date moves on every 100)."""
    birth = dt.date(1985, 6, 1) + dt.timedelta(days=seq // 100)
    return make_id_number(REGION, birth, seq % 100, gender)


def phone_number(seq: int) -> str:
    return f"139{seq:08d}"


def csv_bytes(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def check_sheet(key: str, header: list[str], rows: list[list], user):
    """Upload a sheet (as CSV) and check it: the batch with its preview."""
    ledger = get_ledger(key)
    return ledger_services.start_import(
        ledger, "sheet.csv", csv_bytes(header, rows), user=user, inline=True
    )


def import_sheet(key: str, header: list[str], rows: list[list], user):
    """Check and commit a sheet; the batch afterwards (committed, or with errors)."""
    batch = check_sheet(key, header, rows, user)
    if batch.error_count == 0:
        ledger_services.request_commit(batch, inline=True)
    batch.refresh_from_db()
    return batch


MEMBER_HEADER = [
    "姓名",
    "性别",
    "身份证号",
    "手机号",
    "所在党组织编码",
    "人员类别",
    "入党日期",
    "居住社区编码",
    "是否干部",
    "工作单位",
]


def member_row(seq, org_code, *, name=None, gender="男", category="正式党员", join="2010-07-01"):
    return [
        name or f"党员{seq}",
        gender,
        id_number(seq, gender),
        phone_number(seq),
        org_code,
        category,
        join,
        "",
        "否",
        "青山精密模具有限公司",
    ]


@pytest.fixture
def make_member(world):
    """make_member(seq, org, ...) → a saved Member (history written by save())."""

    def make(seq, org, *, category="正式党员", join_date=dt.date(2010, 7, 1), name=None, **extra):
        member = Member(
            name=name or f"党员{seq}",
            org=org,
            category=category,
            join_date=join_date,
            gender=extra.pop("gender", "男"),
            **extra,
        )
        member.id_number = id_number(seq, member.gender)
        member.phone = phone_number(seq)
        member.save()
        return member

    return make
