"""The template a clerk downloads: the canonical headers, an example row, dropdowns for
choice columns and a notes sheet, from the declaration alone; on the web and from
`manage.py ledger_template KEY OUT.xlsx`."""

import io
import re
from urllib.parse import unquote

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from tally.ledgers.registry import all_ledgers, get_ledger

from .sheets import TALKS, workbook_sheets, zip_entry

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
EVENT_HEADERS = ["活动名称", "活动类别", "组织编码", "活动日期"]


def download(client, key) -> bytes:
    response = client.get(reverse("ledgers:template", args=[key]), **EN)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    disposition = unquote(response["Content-Disposition"])
    assert disposition.startswith("attachment;") and "导入模板.xlsx" in disposition
    return response.content


def validations(data: bytes) -> list[tuple[str, str]]:
    """(cell range, list source) of each dropdown on the first sheet."""
    xml = zip_entry(data, "xl/worksheets/sheet1.xml")
    return re.findall(
        r'<dataValidation type="list"[^>]*sqref="([^"]+)"[^>]*>\s*<formula1>([^<]+)</formula1>',
        xml,
    )


def test_it_gives_the_canonical_headers_and_an_example_row(login, events_type):
    data = download(login("clerk"), "events")
    sheets = workbook_sheets(data)
    first = next(iter(sheets.values()))
    assert first[0] == EVENT_HEADERS
    assert first[1] == ["能力作风建设大家谈（第一期）", TALKS, "QS-BM-DCS", "2023-03-15"]
    assert next(iter(sheets)) == "活动"


def test_it_offers_dropdowns_for_choice_columns(login, events_type):
    data = download(login("clerk"), "events")
    assert validations(data)[0] == ("B2:B5001", "choices!$B$1:$B$5")
    choices = workbook_sheets(data)["choices"]
    assert [row[1] for row in choices] == [
        TALKS,
        "工作经验交流座谈会",
        "专题培训",
        "主题活动",
        "其他",
    ]
    assert 'name="choices"' in zip_entry(data, "xl/workbook.xml")
    assert re.search(
        r'<sheet name="choices" sheetId="\d+" state="hidden"', zip_entry(data, "xl/workbook.xml")
    )


def test_it_offers_yes_and_no_for_a_yes_no_column(login, pledges_type):
    data = download(login("clerk"), "pledges")
    assert ("F2:F5001", "choices!$F$1:$F$2") in validations(data)
    assert [row[5] for row in workbook_sheets(data)["choices"][:2]] == ["是", "否"]


def test_it_describes_each_column_on_a_notes_sheet(login, events_type):
    notes = workbook_sheets(download(login("clerk"), "events"))["Notes"]
    assert notes[0] == ["Column", "Type", "Required", "Choices", "Explanation"]
    assert notes[1][:3] == ["活动名称", "text", "yes"]
    assert notes[2][:4] == [
        "活动类别",
        "one of the choices",
        "yes",
        f"{TALKS}、工作经验交流座谈会、专题培训、主题活动、其他",
    ]
    assert notes[4][:2] == ["活动日期", "date"]
    # The English keys a file may also use as headers are not shown to a clerk.
    assert not any(cell in ("name", "category", "org") for row in notes for cell in row)
    assert any("2023年6月30日" in str(row[0]) for row in notes[6:])


def test_it_writes_the_same_template_from_the_command_line(events_type, tmp_path, login):
    out = tmp_path / "events.xlsx"
    stdout = io.StringIO()
    with translation.override("en"):
        call_command("ledger_template", "events", str(out), "--as", "clerk", stdout=stdout)
    assert "Template of 活动 written to" in stdout.getvalue()
    command_sheets = workbook_sheets(out.read_bytes())
    web_sheets = workbook_sheets(download(login("clerk"), "events"))
    assert command_sheets == web_sheets


def test_it_names_an_unknown_ledger(tmp_path, db):
    with translation.override("en"), pytest.raises(CommandError, match="No ledger has the key"):
        call_command("ledger_template", "nope", str(tmp_path / "x.xlsx"))
    assert not (tmp_path / "x.xlsx").exists()


def test_it_answers_404_for_an_unknown_ledger(login):
    assert login("clerk").get(reverse("ledgers:template", args=["nope"])).status_code == 404


def test_it_builds_a_template_for_every_ledger(login, db):
    admin = login("admin")
    for ledger in all_ledgers():
        sheets = workbook_sheets(download(admin, ledger.key))
        first = next(iter(sheets.values()))
        assert first[0] == [c.header for c in ledger.columns], ledger.key


ORG_SHEET = "Organisation codes"
STREET_A = [
    ["Z-A", "甲街道党工委", "Street party working committee", ""],
    ["Z-A-1", "甲一村党支部", "Village party organisation", "甲街道党工委"],
    ["Z-A-2", "甲二社区党委", "Community party organisation", "甲街道党工委"],
    ["Z-A-2-1", "甲二小区党支部", "Residential-compound party branch", "甲二社区党委"],
    ["Z-A-9", "甲街某公司党支部", "Non-public enterprise or social organisation", "甲街道党工委"],
]


def test_it_lists_the_clerks_organisations_and_offers_their_codes(login, events_type):
    data = download(login("clerk"), "events")
    sheets = workbook_sheets(data)
    assert sheets[ORG_SHEET][0] == ["Organisation code", "Name", "Kind", "Belongs to"]
    assert sheets[ORG_SHEET][1:] == STREET_A  # nothing of street B or above her street
    assert ("C2:C5001", "choices!$C$1:$C$5") in validations(data)
    assert [row[2] for row in sheets["choices"][:5]] == [row[0] for row in STREET_A]


def test_it_offers_only_the_kinds_an_organisation_column_allows(login, world):
    data = download(login("clerk"), "members")
    residence = next(i for i, c in enumerate(get_ledger("members").columns) if c.key == "residence")
    letter = chr(ord("A") + residence)
    assert (f"{letter}2:{letter}5001", f"choices!${letter}$1:${letter}$1") in validations(data)
    assert workbook_sheets(data)["choices"][0][residence] == "Z-A-2"


def test_it_lists_without_a_dropdown_when_there_are_too_many(login, events_type, monkeypatch):
    monkeypatch.setattr("tally.ledgers.excel.ORG_DROPDOWN_LIMIT", 4)
    data = download(login("clerk"), "events")
    assert validations(data) == [("B2:B5001", "choices!$B$1:$B$5")]  # 活动类别 only
    assert len(workbook_sheets(data)[ORG_SHEET]) == 6


def test_it_adds_no_organisation_sheet_to_a_ledger_without_an_organisation_column(login, world):
    assert ORG_SHEET not in workbook_sheets(download(login("clerk"), "training_attendance"))
