"""Hostile or broken uploads: each is refused with a clear message (never a 500),
nothing is written and no file is left under MEDIA_ROOT."""

import io
import re
import zipfile

import pytest

from tally.ledgers import services
from tally.ledgers.models import ImportBatch

from .sheets import TALKS, csv_bytes, event_rows, ods, xlsx, zip_entry
from .steps import files_under, records, upload

GOOD_ROW = ("大家谈第一期", TALKS, "Z-A", "2023-03-15")


@pytest.fixture
def clerk(login):
    return login("clerk")


def refusal(response) -> str:
    """The message the upload form shows under the file field."""
    assert response.status_code == 200
    errors = response.context["form"].errors.get("file")
    assert errors, "the upload was not refused"
    return " ".join(errors)


def assert_nothing_kept(media):
    assert records("events").count() == 0
    assert not ImportBatch.objects.filter(status=ImportBatch.Status.COMMITTED).exists()
    assert files_under(media) == []


def upload_en(client, name, data):
    return upload(client, "events", name, data, HTTP_ACCEPT_LANGUAGE="en")


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The same zip with some entries' content replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = replace.get(info.filename, source.read(info))
            target.writestr(info.filename, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def good_xlsx() -> bytes:
    return xlsx(event_rows(GOOD_ROW))


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>
"""


def test_it_refuses_a_file_that_is_not_a_spreadsheet(clerk, media):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
    message = refusal(upload_en(clerk, "photo.xlsx", png))
    assert "not a spreadsheet" in message
    assert_nothing_kept(media)


def test_it_refuses_a_word_document_renamed_to_xlsx(clerk, media):
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    message = refusal(upload_en(clerk, "notice.xlsx", docx.getvalue()))
    assert "zip archive, not a spreadsheet" in message
    assert_nothing_kept(media)


def test_it_refuses_a_truncated_workbook(clerk, media):
    message = refusal(upload_en(clerk, "cut.xlsx", good_xlsx()[:3000]))
    assert "damaged" in message
    assert_nothing_kept(media)


def test_it_refuses_an_ole_file_that_is_not_a_workbook(clerk, media):
    fake_xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000)
    message = refusal(upload_en(clerk, "old.xls", fake_xls))
    assert "damaged" in message
    assert_nothing_kept(media)


def test_it_refuses_a_file_type_it_does_not_read(clerk, media):
    message = refusal(upload_en(clerk, "events.exe", csv_bytes(event_rows(GOOD_ROW))))
    assert ".xlsx" in message
    assert_nothing_kept(media)


def test_it_refuses_a_zip_with_thousands_of_entries(clerk, media):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for index in range(3000):
            archive.writestr(f"xl/media/{index}.xml", "<a/>")
    message = refusal(upload_en(clerk, "many.xlsx", data.getvalue()))
    assert "too many parts" in message
    assert_nothing_kept(media)


def zip_bomb_entry(archive: zipfile.ZipFile, name: str, megabytes: int) -> None:
    """An entry of zeros written in chunks: a few hundred kB that unpack to `megabytes`."""
    with archive.open(name, "w", force_zip64=True) as entry:
        chunk = bytes(1024 * 1024)
        for _ in range(megabytes):
            entry.write(chunk)


def test_it_refuses_a_zip_bomb_before_unpacking_it(clerk, media):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        with zipfile.ZipFile(io.BytesIO(good_xlsx())) as source:
            for info in source.infolist():
                archive.writestr(info.filename, source.read(info))
        zip_bomb_entry(archive, "xl/media/image1.bin", 320)
    assert len(data.getvalue()) < 1024 * 1024
    message = refusal(upload_en(clerk, "bomb.xlsx", data.getvalue()))
    assert "unpacks to more than 300 MB" in message
    assert_nothing_kept(media)


def lying_sizes(data: bytes, name: bytes, claimed: int) -> bytes:
    """Patch the uncompressed size an entry declares (local and central headers)."""
    patched = bytearray(data)
    size = claimed.to_bytes(4, "little")
    for match in re.finditer(re.escape(b"PK\x03\x04"), data):
        start = match.start()
        name_length = int.from_bytes(data[start + 26 : start + 28], "little")
        if data[start + 30 : start + 30 + name_length] == name:
            patched[start + 22 : start + 26] = size
    for match in re.finditer(re.escape(b"PK\x01\x02"), data):
        start = match.start()
        name_length = int.from_bytes(data[start + 28 : start + 30], "little")
        if data[start + 46 : start + 46 + name_length] == name:
            patched[start + 24 : start + 28] = size
    return bytes(patched)


def test_it_refuses_a_zip_bomb_that_lies_about_its_size(clerk, media, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 8 * 1024 * 1024
    sheet = b"<worksheet>" + b" " * (20 * 1024 * 1024) + b"</worksheet>"
    honest = rezip(good_xlsx(), {"xl/worksheets/sheet1.xml": sheet})
    data = lying_sizes(honest, b"xl/worksheets/sheet1.xml", 1000)
    message = refusal(upload_en(clerk, "liar.xlsx", data))
    assert "unpacks to more than 8 MB" in message
    assert_nothing_kept(media)


def test_it_refuses_an_xml_bomb(clerk, media):
    data = rezip(good_xlsx(), {"xl/worksheets/sheet1.xml": BILLION_LAUGHS})
    message = refusal(upload_en(clerk, "laughs.xlsx", data))
    assert "XML declarations" in message
    assert_nothing_kept(media)


def test_it_refuses_an_xml_bomb_hidden_behind_a_long_comment(clerk, media):
    padded = BILLION_LAUGHS.replace(b"?>\n", b"?>\n<!--" + b"x" * 10_000 + b"-->\n", 1)
    data = rezip(good_xlsx(), {"xl/worksheets/sheet1.xml": padded})
    message = refusal(upload_en(clerk, "laughs.xlsx", data))
    assert "XML declarations" in message
    assert_nothing_kept(media)


def test_it_refuses_an_xml_bomb_in_an_ods_file(clerk, media):
    content = BILLION_LAUGHS.replace(b"worksheet", b"office:document-content")
    data = rezip(ods(event_rows(GOOD_ROW)), {"content.xml": content})
    message = refusal(upload_en(clerk, "laughs.ods", data))
    assert "XML declarations" in message
    assert_nothing_kept(media)


def test_it_refuses_a_file_over_the_size_limit(clerk, media, settings, tmp_path):
    settings.UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "uploads"  # Django spools big uploads here
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    big = csv_bytes(event_rows(*[GOOD_ROW] * 80_000))
    assert len(big) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    message = refusal(upload_en(clerk, "big.csv", big))
    assert "larger than 2 MB" in message
    assert_nothing_kept(media)
    assert files_under(settings.FILE_UPLOAD_TEMP_DIR) == []


def test_it_has_a_size_limit_of_20_mb_by_default():
    from django.conf import settings

    assert settings.UPLOAD_MAX_BYTES == 20 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.csv", b""),
        ("empty.xlsx", xlsx([])),
        ("blank.csv", b"\r\n\r\n ,,\r\n"),
        ("title-only.xlsx", xlsx([["2023年活动台账"]])),
        ("headers-only.xlsx", xlsx(event_rows())),
        ("headers-only.csv", csv_bytes(event_rows())),
        ("empty.ods", ods([])),
    ],
)
def test_it_refuses_an_empty_sheet(clerk, media, name, data):
    message = refusal(upload_en(clerk, name, data))
    assert "empty" in message or "no data rows" in message or "No header row" in message
    assert_nothing_kept(media)


def test_it_refuses_a_csv_with_too_many_rows(clerk, media, settings):
    settings.IMPORT_MAX_ROWS = 100
    data = csv_bytes(event_rows(*[GOOD_ROW] * 200))
    message = refusal(upload_en(clerk, "long.csv", data))
    assert "more than 100 rows" in message
    assert_nothing_kept(media)


def test_it_refuses_a_workbook_declaring_a_million_rows(clerk, media):
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:D1000000"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>活动名称</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    data = rezip(good_xlsx(), {"xl/worksheets/sheet1.xml": sheet})
    message = refusal(upload_en(clerk, "million.xlsx", data))
    assert "more than 200000 rows" in message
    assert_nothing_kept(media)


def test_it_refuses_a_workbook_with_too_many_rows(clerk, media, settings):
    settings.IMPORT_MAX_ROWS = 100
    data = xlsx(event_rows(*[GOOD_ROW] * 300))
    message = refusal(upload_en(clerk, "long.xlsx", data))
    assert "more than 100 rows" in message
    assert_nothing_kept(media)


def test_it_refuses_a_csv_with_a_nul_byte_late_in_the_file(clerk, media):
    data = csv_bytes(event_rows(*[GOOD_ROW] * 400)) + b"\x00tail\r\n"
    message = refusal(upload_en(clerk, "nul.csv", data))
    assert "not a spreadsheet or a CSV" in message
    assert_nothing_kept(media)


def test_it_refuses_a_csv_with_a_gigantic_cell(clerk, media):
    data = csv_bytes(event_rows(("x" * 300_000, TALKS, "Z-A", "2023-03-15")))
    message = refusal(upload_en(clerk, "wide.csv", data))
    assert "far too long" in message
    assert_nothing_kept(media)


def test_it_reports_a_formula_as_an_error_and_writes_nothing(clerk, media):
    data = xlsx(
        event_rows(GOOD_ROW, ("大家谈第二期", TALKS, "Z-A", None)),
        formulas=[(2, 3, "=DATE(2023,3,16)", 45001)],
    )
    response = upload_en(clerk, "formula.xlsx", data)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.error_count == 1
    (error,) = batch.errors
    assert (error["line"], error["column"]) == (3, "活动日期")
    assert "formula" in error["message"]
    with pytest.raises(services.BatchStateError):
        services.request_commit(batch)
    assert records("events").count() == 0


def test_it_finds_the_formula_cell_among_cells_without_values(clerk, media):
    """An empty formatted cell (<c r="E1" s="1"/>) just before the formula cell must not
    take the blame for it."""
    data = xlsx(
        event_rows(GOOD_ROW),
        blanks=[(0, 4)],
        formulas=[(1, 0, '="大家谈"&"第一期"', "大家谈第一期")],
    )
    sheet = zip_entry(data, "xl/worksheets/sheet1.xml")
    assert re.search(r'<c r="E1" s="\d+"/></row><row [^>]*><c r="A2"[^>]*><f>', sheet)
    upload_en(clerk, "formula.xlsx", data)
    batch = ImportBatch.objects.get()
    assert [(e["line"], e["column"]) for e in batch.errors] == [(2, "活动名称")]


def test_it_finds_a_formula_in_an_ods_file(clerk, media):
    data = ods(event_rows(GOOD_ROW), formulas={(1, 0): 'of:="大家谈"&"第一期"'})
    upload_en(clerk, "formula.ods", data)
    batch = ImportBatch.objects.get()
    assert [(e["line"], e["column"]) for e in batch.errors] == [(2, "活动名称")]


def test_it_refuses_a_hostile_file_in_the_background_and_deletes_it(clerk, media, settings):
    # The directory understates the sheet, so the upload goes to the worker, which unpacks
    # it (in pieces) and refuses it.
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 8 * 1024 * 1024
    settings.IMPORT_INLINE_UNPACKED_BYTES = 10
    sheet = b"<worksheet>" + b" " * (20 * 1024 * 1024) + b"</worksheet>"
    honest = rezip(good_xlsx(), {"xl/worksheets/sheet1.xml": sheet})
    data = lying_sizes(honest, b"xl/worksheets/sheet1.xml", 1000)
    response = upload_en(clerk, "bomb.xlsx", data)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED
    assert "unpacks to more than 8 MB" in " ".join(batch.notes)
    assert_nothing_kept(media)
    page = clerk.get(response["Location"])
    assert page.status_code == 200
