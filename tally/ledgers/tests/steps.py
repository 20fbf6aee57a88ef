"""What a clerk does through the web, and what the tests look at afterwards."""

import datetime as dt
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tally.ledgers.models import GenericRecord, ImportBatch
from tally.lib.idcard import make_id_number
from tally.party.models import Member


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def upload(client, key: str, name: str, data: bytes, **extra):
    url = reverse("ledgers:import", args=[key])
    return client.post(url, {"file": SimpleUploadedFile(name, data)}, **extra)


def latest_batch(key: str | None = None) -> ImportBatch | None:
    batches = ImportBatch.objects.order_by("-pk")
    if key:
        batches = batches.filter(ledger_key=key)
    return batches.first()


def commit(client, batch: ImportBatch):
    return client.post(reverse("ledgers:batch_commit", args=[batch.ledger_key, batch.pk]))


def upload_and_commit(client, key: str, name: str, data: bytes) -> ImportBatch:
    upload(client, key, name, data)
    batch = latest_batch(key)
    assert batch.status == ImportBatch.Status.PREVIEW, (batch.notes, batch.errors)
    assert batch.error_count == 0, batch.errors
    commit(client, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED, (batch.notes, batch.errors)
    return batch


def records(key: str):
    return GenericRecord.objects.filter(ledger_type__key=key)


def snapshot(key: str) -> list[tuple]:
    """Everything stored of a generic ledger's records, to compare before and after."""
    return list(
        records(key)
        .order_by("pk")
        .values_list("pk", "data", "org_id", "date", "natural_key", "batch_id", "updated_at")
    )


def make_member(org, seq: int, *, name="党员", birth=dt.date(1985, 5, 20)) -> Member:
    member = Member(name=f"{name}{seq}", org=org, category="正式党员")
    member.id_number = make_id_number("420303", birth, seq, "男")
    member.save()
    return member
