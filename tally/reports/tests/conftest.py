"""Fixtures of the report tests: event rows (the generic `events` ledger behind
`events.talks`), imports through the real pipeline, and templates."""

import csv
import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from tally.ledgers import services as ledger_services
from tally.ledgers.models import GenericRecord, LedgerType
from tally.ledgers.registry import get_ledger
from tally.reports.builtin import install_builtin_templates
from tally.reports.models import ReportTemplate

TALK = "能力作风建设大家谈"
EVENT_HEADER = ["活动名称", "活动类别", "组织编码", "活动日期"]


def add_talk(org, day: str, name: str, category: str = TALK) -> GenericRecord:
    return GenericRecord.objects.create(
        ledger_type=LedgerType.objects.get(key="events"),
        org=org,
        date=dt.date.fromisoformat(day),
        data={"name": name, "category": category, "org": org.code, "date": day},
        natural_key=f"{org.code}|{name}|{day}",
    )


def csv_bytes(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def import_rows(key: str, header, rows, user):
    """Check and commit a sheet through the ledger framework; the batch afterwards."""
    batch = ledger_services.start_import(
        get_ledger(key), "sheet.csv", csv_bytes(header, rows), user=user, inline=True
    )
    if batch.error_count == 0:
        ledger_services.request_commit(batch, inline=True)
    batch.refresh_from_db()
    return batch


def seed_demo() -> None:
    """The demo zone, with PostgreSQL's planner statistics of its tables. A test's
    transaction hides the fresh rows from autovacuum, and without statistics the planner
    takes the demo's tables for empty: the subtree filter of training.trained_members
    then runs for minutes instead of milliseconds. A server's autovacuum analyses them
    after a load; the test does it at once."""
    call_command("seed_demo", stdout=io.StringIO())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


@pytest.fixture(autouse=True)
def empty_cache():
    """The showcase caches pages in the process-wide cache; each test starts without."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def talks(world):
    """Three talks in the first half of 2023: two in street A, one in street B."""
    return [
        add_talk(world.village_a, "2023-03-01", "甲一村大家谈"),
        add_talk(world.community_a, "2023-04-01", "甲二社区大家谈"),
        add_talk(world.village_b, "2023-05-01", "乙一村大家谈"),
    ]


@pytest.fixture
def make_template(db):
    def make(source: str, *, key="test", name="测试报告", title="{{ org.name }}工作纪实", **extra):
        return ReportTemplate.objects.create(
            key=key, name=name, title=title, source=source, **extra
        )

    return make


@pytest.fixture
def half_year(db) -> ReportTemplate:
    install_builtin_templates()
    return ReportTemplate.objects.get(key="half-year")
