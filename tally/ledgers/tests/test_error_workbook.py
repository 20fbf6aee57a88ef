"""The workbook of the rows with errors is an export like any other (issue 14, hole 2):
personal numbers masked, for the uploader too, unless the downloader has the permission
and gives a reason; every download is in the security log. It is built once, when the
file is checked, and a download only sends that file (hole 3)."""

import datetime as dt

import pytest
from django.urls import reverse

from tally.accounts.models import SecurityEvent
from tally.ledgers import reading
from tally.ledgers.models import ImportBatch
from tally.lib.idcard import make_id_number
from tally.lib.masking import mask_id_number, mask_phone

from .sheets import first_sheet, xlsx
from .steps import files_under, latest_batch, upload

HEADERS = ["姓名", "身份证号", "手机号", "所在党组织编码", "人员类别", "入党日期"]
PHONES = ["13800138001", "13800138002", "13800138003"]


def numbers() -> list[str]:
    return [make_id_number("420303", dt.date(1980 + i, 3, 4), i + 1, "男") for i in range(3)]


def members_with_errors() -> bytes:
    """Three members whose join date does not exist: three rows with errors."""
    rows = [
        [f"党员{i}", number, phone, "Z-A-1", "正式党员", "2023-02-30"]
        for i, (number, phone) in enumerate(zip(numbers(), PHONES, strict=True))
    ]
    return xlsx([HEADERS, *rows])


@pytest.fixture
def batch(login, world) -> ImportBatch:
    response = upload(login("clerk"), "members", "members.xlsx", members_with_errors())
    assert response.status_code == 302
    batch = latest_batch("members")
    assert batch.error_count == 3 and batch.status == ImportBatch.Status.PREVIEW
    return batch


def errors_url(batch) -> str:
    return reverse("ledgers:batch_errors", args=["members", batch.pk])


def unmasked_url(batch) -> str:
    return reverse("ledgers:batch_errors_unmasked", args=["members", batch.pk])


def exports() -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).order_by("pk"))


def id_and_phone_cells(data: bytes) -> list[tuple]:
    return [(row[2], row[3]) for row in first_sheet(data)[1:]]


def masked_cells() -> list[tuple]:
    return [(mask_id_number(n), mask_phone(p)) for n, p in zip(numbers(), PHONES, strict=True)]


@pytest.mark.parametrize("persona", ["clerk", "office"])
def test_it_masks_the_error_workbook_and_logs_every_download(login, batch, persona):
    response = login(persona).get(errors_url(batch))
    assert response.status_code == 200
    assert id_and_phone_cells(response.content) == masked_cells()
    assert all(number not in response.content.decode("latin-1") for number in numbers())
    (event,) = exports()
    assert event.user.username == persona
    assert f"ledger=members rows=3 unmasked=no of=errors-of-batch-{batch.pk}" == event.detail


def test_it_gives_numbers_in_full_only_with_the_permission_and_a_reason(login, batch):
    assert login("clerk").get(unmasked_url(batch)).status_code == 403
    assert login("clerk").post(unmasked_url(batch), {"reason": "核对身份证号"}).status_code == 403
    office = login("office")
    assert office.get(unmasked_url(batch)).status_code == 200
    assert office.post(unmasked_url(batch), {"reason": ""}).status_code == 200  # the form again
    assert exports() == []
    response = office.post(unmasked_url(batch), {"reason": "核对身份证号"})
    assert response.status_code == 200
    assert id_and_phone_cells(response.content) == list(zip(numbers(), PHONES, strict=True))
    (event,) = exports()
    assert event.user.username == "office"
    assert "unmasked=yes" in event.detail and "reason=核对身份证号" in event.detail


def test_it_offers_the_full_numbers_on_the_batch_page_only_to_those_allowed(login, batch):
    page = reverse("ledgers:batch", args=["members", batch.pk])
    assert unmasked_url(batch) in login("office").get(page).content.decode()
    assert unmasked_url(batch) not in login("clerk").get(page).content.decode()


def test_it_sends_the_stored_workbook_without_reading_the_upload_again(
    login, batch, monkeypatch, media
):
    def no_reading(data):
        raise AssertionError("the upload was read again inside the request")

    monkeypatch.setattr(reading, "read_table", no_reading)
    monkeypatch.setattr("tally.ledgers.batches.read_table", no_reading)
    kept = {path.name for path in files_under(media)}
    assert kept == {
        f"batch-{batch.pk}.xlsx.enc",
        f"batch-{batch.pk}-errors.xlsx.enc",
        f"batch-{batch.pk}-errors-masked.xlsx.enc",
    }
    for path in files_under(media):
        assert b"13800138001" not in path.read_bytes()  # encrypted at rest
    response = login("clerk").get(errors_url(batch))
    assert response.status_code == 200
    assert id_and_phone_cells(response.content) == masked_cells()


def test_it_deletes_the_error_workbooks_with_the_discarded_batch(login, batch, media):
    login("clerk").post(reverse("ledgers:batch_discard", args=["members", batch.pk]))
    assert files_under(media) == []
    assert login("clerk").get(errors_url(batch)).status_code == 404
