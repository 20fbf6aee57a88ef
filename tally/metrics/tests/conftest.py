"""Fixtures of the metric tests: rows of the shipped generic ledgers built by hand."""

import datetime as dt
import itertools

import pytest

from tally.ledgers.models import GenericRecord, LedgerType

_numbers = itertools.count(1)


@pytest.fixture
def add_row(db):
    """add_row("events", org, "2023-03-01", category="…") → a GenericRecord of that
    generic ledger, dated (its date column) on that day."""

    def make(ledger_key: str, org, day: str | None, **data) -> GenericRecord:
        ledger_type = LedgerType.objects.get(key=ledger_key)
        if ledger_type.date_column and day:
            data.setdefault(ledger_type.date_column, day)
        data.setdefault(ledger_type.org_column, org.code)
        return GenericRecord.objects.create(
            ledger_type=ledger_type,
            org=org,
            date=dt.date.fromisoformat(day) if day else None,
            data=data,
            natural_key=f"row-{next(_numbers)}",
        )

    return make
