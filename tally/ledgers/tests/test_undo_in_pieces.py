"""Undo works in pieces, so that an import of 100,000 rows stays below PostgreSQL's limit
of 65,535 parameters per statement (here with pieces of 3 to see it happen)."""

import pytest
from django.utils import translation

from tally.ledgers import services, undo
from tally.ledgers.models import GenericRecord, ImportBatch
from tally.ledgers.registry import get_ledger


def csv_of(count: int) -> bytes:
    rows = [f"大家谈{n},能力作风建设大家谈,Z-A-2,2023-03-{n + 1:02d}" for n in range(count)]
    return ("活动名称,活动类别,组织编码,活动日期\n" + "\n".join(rows) + "\n").encode()


def test_it_undoes_a_large_import_in_pieces(world, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(undo, "CHUNK", 3)
    batch = services.import_now(
        get_ledger("events"), "a.csv", csv_of(10), user=world.users["clerk"]
    )
    assert batch.status == ImportBatch.Status.COMMITTED and len(batch.undo["created"]) == 10

    services.undo_batch(batch)

    assert GenericRecord.objects.count() == 0
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.UNDONE


def test_it_refuses_when_a_row_in_a_later_piece_was_edited(world, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(undo, "CHUNK", 3)
    batch = services.import_now(
        get_ledger("events"), "a.csv", csv_of(10), user=world.users["clerk"]
    )
    GenericRecord.objects.filter(pk=batch.undo["created"][-1]).update(batch=None)

    with translation.override("en"), pytest.raises(services.BatchStateError, match="changed since"):
        services.undo_batch(batch)
    assert GenericRecord.objects.count() == 10
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.COMMITTED
