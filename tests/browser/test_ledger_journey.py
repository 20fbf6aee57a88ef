"""A street clerk's import, in the browser: download the template, fill it, upload it, see
the preview with one error, fix the file, upload again, import, and find the record in
the list."""

import importlib
import io

import pytest
import python_calamine
import xlsxwriter

from tally.ledgers.models import GenericRecord, LedgerType

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOOD = ["甲二社区能力作风建设大家谈", "能力作风建设大家谈", "Z-A-2", "2023-06-30"]
BAD = ["甲一村经验交流会", "经验交流", "Z-A-1", "2023/6/12"]  # not one of the choices
FIXED = ["甲一村经验交流会", "工作经验交流座谈会", "Z-A-1", "2023/6/12"]


@pytest.fixture
def events_ledger(db):
    """The shipped generic ledgers come from a data migration, which a transactional
    test before this one may have flushed."""
    migration = importlib.import_module("tally.readymade.migrations.0001_ledger_types")
    spec = next(spec for spec in migration.LEDGERS if spec["key"] == "events")
    LedgerType.objects.get_or_create(key="events", defaults={**spec, "builtin": True})


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def filled(template: bytes, *rows) -> bytes:
    """The downloaded template with the clerk's rows under its example row."""
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(template))
    sheet = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    buffer = io.BytesIO()
    out = xlsxwriter.Workbook(buffer, {"in_memory": True})
    worksheet = out.add_worksheet(book.sheet_names[0])
    for r, row in enumerate([*sheet, *rows]):
        for c, value in enumerate(row):
            worksheet.write(r, c, value)
    out.close()
    return buffer.getvalue()


def upload(page, data: bytes) -> None:
    page.goto(page.base_url + "/ledgers/events/import/")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "活动台账.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": data,
            }
        ],
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_it_takes_a_clerk_from_template_to_listed_record(page, world, events_ledger):
    log_in(page, "clerk")
    page.goto(page.base_url + "/ledgers/events/")
    with page.expect_download() as download:
        page.locator("a[href$='/ledgers/events/template.xlsx']").first.click()
    with open(download.value.path(), "rb") as stream:
        template = stream.read()

    upload(page, filled(template, GOOD, BAD))
    assert "/ledgers/events/batches/" in page.url
    assert page.locator("[data-count=new]").inner_text() == "1"
    assert page.locator("[data-count=errors]").inner_text() == "1"
    errors = page.locator("#batch-errors tbody tr")
    assert errors.count() == 1
    assert "活动类别" in errors.first.inner_text() and "经验交流" in errors.first.inner_text()
    assert page.locator("form[action$='/commit/']").count() == 0  # nothing can be imported
    assert GenericRecord.objects.count() == 0

    upload(page, filled(template, GOOD, FIXED))
    assert page.locator("[data-count=new]").inner_text() == "2"
    assert page.locator("[data-count=errors]").inner_text() == "0"
    page.locator("form[action$='/commit/'] button").click()
    page.wait_for_load_state("networkidle")
    assert GenericRecord.objects.filter(ledger_type__key="events").count() == 2

    page.goto(page.base_url + "/ledgers/events/")
    table = page.locator("main table").first
    assert table.get_by_text("甲一村经验交流会").is_visible()
    assert table.get_by_text("工作经验交流座谈会").is_visible()

    # The figure moved: one talk in street A for 2023H1, shown on its metric page, and the
    # row behind it is listed there.
    page.goto(page.base_url + f"/metrics/events.talks/?org={world.street_a.code}&period=2023H1")
    assert page.locator(".metric-value a.figure-link").inner_text() == "1"
    assert page.get_by_text("甲二社区能力作风建设大家谈").is_visible()
