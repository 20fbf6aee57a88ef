"""Real clerks' files, in every format, read right: title rows with merged cells, a 序号
column, blank rows, 小计 and 合计 rows, full-width digits, dates typed four ways,
numbers as text with thousands separators, √ and 是/否. The preview says what was
skipped."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from .sheets import csv_bytes, first_sheet, ods, xlsx
from .steps import commit, latest_batch, records, upload

HEADERS = [
    "序号",
    "承诺内容",
    "组织编码",
    "承诺日期",
    "投入资金(元)",
    "参与人数",
    "是否完成",
    "备注",
]
TITLE = "2023年上半年承诺践诺台账"
SUBTITLE = "填报单位：甲街道党工委　　填报日期：2023年7月3日"
FIXTURE_XLS = Path(__file__).parent / "files" / "clerk.xls"


def clerk_rows(second_date) -> list[list]:
    return [
        [TITLE],
        [SUBTITLE],
        HEADERS,
        [1, "修缮村活动室", "Ｚ－Ａ－１", "2023.6.30", "1,234.50", "１２", "√", "已验收"],
        [2, "走访慰问困难党员", "Z-A-2", second_date, 800, 3, "否", ""],
        [],
        [3, "组织义诊", "Z-A", "2023年6月30日", "2,000", 15, "是", ""],
        ["小计", "", "", "", 4034.5, 30, "", ""],
        ["合计", "", "", "", 4034.5, 30, "", ""],
    ]


def as_text(rows):
    return [[v.isoformat() if isinstance(v, dt.date) else v for v in row] for row in rows]


def clerk_xlsx() -> bytes:
    merges = [(0, 0, 0, 7, TITLE), (1, 0, 1, 7, SUBTITLE)]
    rows = clerk_rows(dt.date(2023, 5, 4))
    return xlsx([[], [], *rows[2:]], merges=merges)


def clerk_xlsx_with_serial_date() -> bytes:
    rows = clerk_rows(45050)  # Excel's serial number of 2023-05-04
    return xlsx(rows)


def clerk_ods() -> bytes:
    return ods(clerk_rows(dt.date(2023, 5, 4)), spans={(0, 0): 8, (1, 0): 8})


def clerk_csv(encoding, delimiter=",") -> bytes:
    return csv_bytes(
        as_text(clerk_rows(dt.date(2023, 5, 4))), encoding=encoding, delimiter=delimiter
    )


FILES = {
    "clerk.xlsx": clerk_xlsx,
    "serial.xlsx": clerk_xlsx_with_serial_date,
    "clerk.xls": FIXTURE_XLS.read_bytes,
    "clerk.ods": clerk_ods,
    "utf8.csv": lambda: clerk_csv("utf-8"),
    "bom.csv": lambda: clerk_csv("utf-8-sig"),
    "wps.csv": lambda: clerk_csv("gb18030"),
    "unicode.txt": lambda: clerk_csv("utf-16", delimiter="\t"),
}


@pytest.mark.parametrize("name", list(FILES))
def test_it_reads_a_clerks_file(name, pledges_type, world, login):
    clerk = login("clerk")
    response = upload(clerk, "pledges", name, FILES[name]())
    assert response.status_code == 302, response.context["form"].errors
    batch = latest_batch("pledges")
    assert batch.errors == []
    assert batch.counts == {
        "rows": 3,
        "new": 3,
        "changed": 0,
        "unchanged": 0,
        "errors": 0,
        "skipped": 2,
    }
    assert [s["line"] for s in batch.skipped] == [8, 9]
    commit(clerk, batch)
    stored = {r.data["content"]: r for r in records("pledges")}
    repaired = stored["修缮村活动室"]
    assert repaired.org == world.village_a
    assert repaired.date == dt.date(2023, 6, 30)
    assert repaired.data == {
        "org": "Z-A-1",
        "content": "修缮村活动室",
        "date": "2023-06-30",
        "amount": "1234.50",
        "people": 12,
        "done": True,
    }
    visit = stored["走访慰问困难党员"]
    assert (visit.date, Decimal(visit.data["amount"]), visit.data["done"]) == (
        dt.date(2023, 5, 4),
        Decimal("800"),
        False,
    )
    assert stored["组织义诊"].data["amount"] == "2000.00"


def test_it_tells_in_the_preview_what_it_skipped(pledges_type, world, login):
    clerk = login("clerk")
    # The reasons are stored in the language of the upload.
    upload(clerk, "pledges", "clerk.xlsx", clerk_xlsx(), HTTP_ACCEPT_LANGUAGE="en")
    batch = latest_batch("pledges")
    page = clerk.get(
        reverse("ledgers:batch", args=["pledges", batch.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    assert "Row 8: a total row (合计/小计)" in text
    assert "Row 9: a total row (合计/小计)" in text
    assert "Unknown column “备注” was ignored." in text
    assert "1 blank rows were skipped." in text


def test_it_accepts_english_keys_as_headers_in_any_order(pledges_type, world, login):
    clerk = login("clerk")
    data = csv_bytes([["date", "people", "content", "org"], ["2023-03-01", "5", "植树", "Z-A-1"]])
    upload(clerk, "pledges", "keys.csv", data)
    batch = latest_batch("pledges")
    assert batch.counts["new"] == 1 and batch.errors == []


def test_it_skips_the_template_example_row_left_in(pledges_type, world, login):
    clerk = login("clerk")
    template = clerk.get(reverse("ledgers:template", args=["pledges"])).content
    rows = first_sheet(template)
    rows.append(["Z-A-1", "打扫卫生", "2023-04-01", "", "", "", ""])
    upload(clerk, "pledges", "filled.xlsx", xlsx(rows))
    batch = latest_batch("pledges")
    assert batch.counts["new"] == 1
    assert [s["line"] for s in batch.skipped] == [2]
