"""The ready-made ledger types moved out of the framework's migrations: a database that
has them keeps them as they are, records and an administrator's edits included."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tally.ledgers.models import GenericRecord, LedgerType
from tally.ledgers.registry import get_ledger

SHIPPED = {
    "events",
    "briefings",
    "publicity",
    "service_items",
    "gov_filings",
    "tech_contracts",
    "env_facilities",
}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_it_creates_only_missing_types_and_never_drops_one_with_records(world):
    assert set(LedgerType.objects.filter(builtin=True).values_list("key", flat=True)) == SHIPPED
    events = get_ledger("events")
    record = events.new_instance(
        {"org": world.village_a, "name": "大家谈", "category": "其他", "date": dt.date(2023, 3, 1)}
    )
    record.save()
    LedgerType.objects.filter(key="events").update(description="本区自己的说明")
    try:
        migrate([("readymade", None)])
        # Undone: the types nobody used are gone, the one with a record stays.
        assert list(LedgerType.objects.values_list("key", flat=True)) == ["events"]
        migrate([("readymade", "0001_ledger_types")])
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert set(LedgerType.objects.values_list("key", flat=True)) == SHIPPED
    assert LedgerType.objects.get(key="events").description == "本区自己的说明"
    assert GenericRecord.objects.get(pk=record.pk).data["name"] == "大家谈"
