"""Commit: all or nothing, in one transaction, with bulk writes; checked again against
the database as it is at commit time. A file with errors offers an error workbook."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tally.ledgers.generic import GenericLedger
from tally.ledgers.models import ImportBatch, LedgerType
from tally.lib.idcard import make_id_number
from tally.lib.masking import mask_id_number

from .sheets import TALKS, event_rows, first_sheet, xlsx, zip_entry
from .steps import commit, files_under, latest_batch, records, snapshot, upload, upload_and_commit

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def clerk(login, world, events_type):
    return login("clerk")


def events(n, start=0) -> bytes:
    return xlsx(event_rows(*[(f"活动{i}", TALKS, "Z-A-1", "2023-03-15") for i in range(start, n)]))


def test_it_writes_nothing_when_the_commit_fails_half_way(clerk, monkeypatch):
    upload_and_commit(clerk, "events", "first.xlsx", events(3))
    before = snapshot("events")
    changed = xlsx(
        event_rows(
            ("活动0", "专题培训", "Z-A-1", "2023-03-15"),  # changed
            ("新活动", TALKS, "Z-A-1", "2023-03-16"),  # new: written before the changes
        )
    )
    upload(clerk, "events", "second.xlsx", changed)
    batch = latest_batch("events")

    def fail(self, objects, batch, fields):
        raise RuntimeError("disk full")

    monkeypatch.setattr(GenericLedger, "save_changed", fail)
    with pytest.raises(RuntimeError):
        commit(clerk, batch)
    assert snapshot("events") == before
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW


def test_it_writes_in_bulk(clerk):
    def queries_to_commit(data):
        upload(clerk, "events", "file.xlsx", data)
        batch = latest_batch("events")
        with CaptureQueriesContext(connection) as queries:
            commit(clerk, batch)
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.COMMITTED
        return len(queries)

    few = queries_to_commit(events(10))
    many = queries_to_commit(events(1010, start=10))
    # Row by row would be a thousand more; SQLite allows 999 variables a statement, so an
    # insert of 1,000 records takes about ten statements.
    assert many - few < 20, (few, many)


def test_it_checks_the_file_again_when_committing(clerk, world):
    upload(clerk, "events", "file.xlsx", events(2))
    batch = latest_batch("events")
    assert batch.error_count == 0
    user = world.users["clerk"]
    user.org = world.street_b  # moved to another street since the preview
    user.save()
    commit(clerk, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW
    assert batch.error_count == 2
    assert records("events").count() == 0


def test_it_commits_only_once(clerk):
    upload(clerk, "events", "file.xlsx", events(2))
    batch = latest_batch("events")
    commit(clerk, batch)
    response = clerk.post(
        reverse("ledgers:batch_commit", args=["events", batch.pk]), follow=True, **EN
    )
    assert "Only a checked file without errors can be imported." in response.content.decode()
    assert records("events").count() == 2
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.COMMITTED


def test_it_discards_a_preview_and_its_file(clerk, media):
    upload(clerk, "events", "file.xlsx", events(2))
    batch = latest_batch("events")
    assert len(files_under(media)) == 1
    response = clerk.post(reverse("ledgers:batch_discard", args=["events", batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DISCARDED
    assert files_under(media) == []
    commit(clerk, batch)
    assert records("events").count() == 0


def test_it_keeps_the_file_encrypted(clerk, media):
    data = events(2)
    upload(clerk, "events", "file.xlsx", data)
    (kept,) = files_under(media)
    assert kept.suffix == ".enc" and kept.read_bytes() != data
    assert "活动0".encode() not in kept.read_bytes()


def bad_file() -> bytes:
    return xlsx(
        [
            ["2023年活动台账"],
            ["序号", *event_rows()[0]],
            [1, "活动一", TALKS, "Z-A-1", "2023-03-15"],
            [2, "活动二", "座谈", "Z-A-1", "2023-02-30"],
            [3, "活动三", TALKS, "Z-X", "2023-03-15"],
        ]
    )


def test_it_offers_the_rows_with_errors_as_a_workbook(clerk):
    upload(clerk, "events", "bad.xlsx", bad_file(), **EN)
    batch = latest_batch("events")
    response = clerk.get(reverse("ledgers:batch_errors", args=["events", batch.pk]), **EN)
    assert response.status_code == 200
    rows = first_sheet(response.content)
    assert rows[0] == ["Row", "序号", "活动名称", "活动类别", "组织编码", "活动日期", "Reasons"]
    assert [row[:6] for row in rows[1:]] == [
        [4, 2, "活动二", "座谈", "Z-A-1", "2023-02-30"],
        [5, 3, "活动三", TALKS, "Z-X", "2023-03-15"],
    ]
    assert rows[1][6].startswith("活动类别：“座谈” is not one of the choices")
    assert "；活动日期：The date “2023-02-30” does not exist" in rows[1][6]
    assert rows[2][6] == "组织编码：No organisation has the code “Z-X”."
    assert highlighted_cells(response.content) == {"D2", "F2", "E3"}


def highlighted_cells(data: bytes) -> set[str]:
    """The cells whose style has the error fill."""
    styles = zip_entry(data, "xl/styles.xml")
    fills = re.findall(r"<fill>(.*?)</fill>", styles, re.DOTALL)
    error_fill = next(i for i, fill in enumerate(fills) if "F8CBAD" in fill)
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.DOTALL).group(1)
    styles_with_fill = {
        i for i, xf in enumerate(re.findall(r"<xf [^>]*>", xfs)) if f'fillId="{error_fill}"' in xf
    }
    sheet = zip_entry(data, "xl/worksheets/sheet1.xml")
    return {
        ref
        for ref, style in re.findall(r'<c r="([A-Z]+\d+)" s="(\d+)"', sheet)
        if int(style) in styles_with_fill
    }


def test_it_has_no_error_workbook_for_a_clean_file(clerk):
    upload(clerk, "events", "good.xlsx", events(2))
    batch = latest_batch("events")
    assert clerk.get(reverse("ledgers:batch_errors", args=["events", batch.pk])).status_code == 404


def test_it_keeps_the_error_workbook_from_other_streets(clerk, login):
    upload(clerk, "events", "bad.xlsx", bad_file())
    batch = latest_batch("events")
    url = reverse("ledgers:batch_errors", args=["events", batch.pk])
    assert login("sibling_clerk").get(url).status_code == 404


def test_it_masks_personal_numbers_in_an_error_workbook_for_everyone(clerk, login, world):
    LedgerType.objects.create(
        key="duty",
        name="值班",
        columns=[
            {"key": "person", "header": "身份证号", "type": "person", "required": True},
            {"key": "org", "header": "组织编码", "type": "org", "required": True},
            {"key": "date", "header": "值班日期", "type": "date", "required": True},
        ],
        natural_key=["person", "date"],
        org_column="org",
        date_column="date",
    )
    number = make_id_number("420303", dt.date(1990, 1, 2), 7, "女")
    data = xlsx([["身份证号", "组织编码", "值班日期"], [number, "Z-A-1", "2023-06-01"]])
    upload(clerk, "duty", "duty.xlsx", data)
    batch = latest_batch("duty")
    url = reverse("ledgers:batch_errors", args=["duty", batch.pk])
    assert first_sheet(clerk.get(url).content)[1][1] == mask_id_number(number)
    assert first_sheet(login("admin").get(url).content)[1][1] == mask_id_number(number)


def analyses(action) -> list[str]:
    """The ANALYZE statements run while `action` runs."""
    with CaptureQueriesContext(connection) as queries:
        action()
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]


def test_a_large_import_leaves_the_planner_statistics_of_its_table(clerk):
    """Without them SQLite planned the next import's look-up of existing records as a cross
    product of its key lists (a re-import of 100,000 rows at 153 rows/s)."""
    assert analyses(lambda: upload_and_commit(clerk, "events", "small.xlsx", events(10))) == []
    large = analyses(lambda: upload_and_commit(clerk, "events", "large.xlsx", events(1100, 10)))
    assert large == ['ANALYZE "ledgers_genericrecord"']
    assert records("events").count() == 1100
    if connection.vendor == "sqlite":  # there the statistics are rows of a table
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'ledgers_genericrecord'")
            assert cursor.fetchone()[0] > 0
