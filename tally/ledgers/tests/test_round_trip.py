"""Export is in the template's own format: export → import changes nothing, an edited
export updates exactly the edited rows, and importing the same file twice changes
nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from tally.accounts.models import SecurityEvent
from tally.ledgers.models import LedgerType
from tally.lib.masking import UNMASKED_ID_PATTERN, mask_id_number

from .sheets import TALKS, event_rows, first_sheet, xlsx, zip_entry
from .steps import (
    commit,
    latest_batch,
    make_member,
    records,
    snapshot,
    upload,
    upload_and_commit,
)

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def clerk(login, world):
    return login("clerk")


def events_file() -> bytes:
    return xlsx(
        event_rows(
            ("大家谈第一期", TALKS, "Z-A", dt.date(2023, 3, 15)),
            ("经验交流会", "工作经验交流座谈会", "Z-A-1", "2023-04-02"),
            ("+86 热线宣传", "主题活动", "Z-A-2", "2023/5/6"),
        )
    )


def export(client, key, query="") -> bytes:
    response = client.get(reverse("ledgers:export", args=[key]) + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def test_it_changes_nothing_when_an_export_is_imported_again(clerk, events_type):
    upload_and_commit(clerk, "events", "events.xlsx", events_file())
    before = snapshot("events")
    upload(clerk, "events", "export.xlsx", export(clerk, "events"))
    batch = latest_batch("events")
    assert batch.counts == {
        "rows": 3,
        "new": 0,
        "changed": 0,
        "unchanged": 3,
        "errors": 0,
        "skipped": 0,
    }
    commit(clerk, batch)
    assert snapshot("events") == before


def test_it_changes_nothing_when_the_same_file_is_imported_twice(clerk, events_type):
    first = upload_and_commit(clerk, "events", "events.xlsx", events_file())
    assert first.counts["new"] == 3
    before = snapshot("events")
    second = upload_and_commit(clerk, "events", "events.xlsx", events_file())
    assert (second.counts["new"], second.counts["changed"], second.counts["unchanged"]) == (0, 0, 3)
    assert snapshot("events") == before


def test_it_round_trips_numbers_yes_no_and_choices(clerk, pledges_type):
    rows = [
        ["组织编码", "承诺内容", "承诺日期", "投入资金(元)", "参与人数", "是否完成", "星级类别"],
        ["Z-A-1", "修缮", "2023-06-30", "1,234.50", "12", "√", "服务星"],
        ["Z-A-1", "植树", "2023-03-12", "", "", "否", ""],
        ["Z-A-2", "-1 号楼清扫", "2023-04-01", "0.5", "0", "", "党建星"],
    ]
    upload_and_commit(clerk, "pledges", "pledges.xlsx", xlsx(rows))
    before = snapshot("pledges")
    upload(clerk, "pledges", "export.xlsx", export(clerk, "pledges"))
    batch = latest_batch("pledges")
    assert (batch.counts["unchanged"], batch.counts["changed"], batch.errors) == (3, 0, [])
    commit(clerk, batch)
    assert snapshot("pledges") == before


def test_it_updates_the_rows_edited_in_an_export(clerk, events_type):
    upload_and_commit(clerk, "events", "events.xlsx", events_file())
    rows = first_sheet(export(clerk, "events"))
    edited = next(row for row in rows if row[0] == "经验交流会")
    edited[1] = "专题培训"
    upload(clerk, "events", "edited.xlsx", xlsx(rows))
    batch = latest_batch("events")
    assert (batch.counts["changed"], batch.counts["unchanged"]) == (1, 2)
    assert batch.changes == [
        {
            "line": rows.index(edited) + 1,
            "diffs": [{"column": "活动类别", "old": "工作经验交流座谈会", "new": "专题培训"}],
        }
    ]
    page = clerk.get(reverse("ledgers:batch", args=["events", batch.pk])).content.decode()
    assert "工作经验交流座谈会" in page and "专题培训" in page
    commit(clerk, batch)
    stored = records("events").get(data__name="经验交流会")
    assert stored.data["category"] == "专题培训"
    assert stored.batch_id == batch.pk
    assert records("events").exclude(batch=batch).count() == 2


def test_it_exports_only_the_filtered_rows(clerk, events_type):
    upload_and_commit(clerk, "events", "events.xlsx", events_file())
    rows = first_sheet(export(clerk, "events", "?org=Z-A-1"))
    assert [row[0] for row in rows[1:]] == ["经验交流会"]
    rows = first_sheet(export(clerk, "events", "?q=热线"))
    assert [row[0] for row in rows[1:]] == ["'+86 热线宣传"]  # neutralised, see below
    rows = first_sheet(export(clerk, "events", "?start=2023-04-01&end=2023-12-31"))
    assert sorted(row[0] for row in rows[1:]) == ["'+86 热线宣传", "经验交流会"]


def test_it_exports_only_the_users_subtree_and_records_the_export(login, world, events_type):
    clerk = login("clerk")
    upload_and_commit(clerk, "events", "events.xlsx", events_file())
    sibling = login("sibling_clerk")
    assert first_sheet(export(sibling, "events"))[1:] == []
    event = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).latest("at")
    assert "ledger=events rows=0 unmasked=no" in event.detail
    assert event.user == world.users["sibling_clerk"]


def test_it_neutralises_cells_a_spreadsheet_would_run(clerk, events_type, world):
    upload_and_commit(clerk, "events", "events.xlsx", events_file())
    record = records("events").get(data__name="大家谈第一期")
    for index, text in enumerate(['=HYPERLINK("http://x")', "@SUM(1)", "\tcmd", "\rcmd"]):
        copy = records("events").get(pk=record.pk)
        copy.pk = None
        copy.data = {**record.data, "name": text}
        copy.natural_key = f"x{index}"
        copy.save()
    data = export(clerk, "events")
    names = [row[0] for row in first_sheet(data)[1:]]
    assert '\'=HYPERLINK("http://x")' in names
    assert "'@SUM(1)" in names
    assert "'\tcmd" in names and "'\rcmd" in names
    assert "'+86 热线宣传" in names
    assert "<f>" not in zip_entry(data, "xl/worksheets/sheet1.xml")


def person_type(key, natural_key):
    return LedgerType.objects.create(
        key=key,
        name=key,
        columns=[
            {"key": "org", "header": "组织编码", "type": "org", "required": True},
            {"key": "date", "header": "值班日期", "type": "date", "required": True},
            {"key": "person", "header": "身份证号", "type": "person", "required": True},
            {"key": "note", "header": "备注", "type": "text"},
        ],
        natural_key=natural_key,
        org_column="org",
        date_column="date",
    )


def test_it_masks_people_in_exports_and_keeps_them_on_the_way_back(clerk, world):
    person_type("roster", ["org", "date"])
    members = [make_member(world.village_a, seq) for seq in (1, 2)]
    rows = [["组织编码", "值班日期", "身份证号", "备注"]] + [
        ["Z-A-1", f"2023-06-0{i + 1}", m.id_number, ""] for i, m in enumerate(members)
    ]
    upload_and_commit(clerk, "roster", "roster.xlsx", xlsx(rows))
    before = snapshot("roster")
    data = export(clerk, "roster")
    exported = first_sheet(data)
    assert [row[2] for row in exported[1:]] == [mask_id_number(m.id_number) for m in members][::-1]
    assert not UNMASKED_ID_PATTERN.search(zip_entry(data, "xl/worksheets/sheet1.xml"))
    exported[1][3] = "调班"
    upload(clerk, "roster", "export.xlsx", xlsx(exported))
    batch = latest_batch("roster")
    assert (batch.counts["changed"], batch.counts["unchanged"], batch.errors) == (1, 1, [])
    commit(clerk, batch)
    after = {r.date: r.data for r in records("roster")}
    assert {d["person"] for d in after.values()} == {m.pk for m in members}
    unchanged = [row for row in snapshot("roster") if row in before]
    assert len(unchanged) == 1


def test_it_explains_that_a_masked_number_cannot_identify_a_record(clerk, world):
    person_type("duty", ["person", "date"])
    member = make_member(world.village_a, 1)
    rows = [
        ["组织编码", "值班日期", "身份证号", "备注"],
        ["Z-A-1", "2023-06-01", member.id_number, ""],
    ]
    upload_and_commit(clerk, "duty", "duty.xlsx", xlsx(rows))
    upload(clerk, "duty", "export.xlsx", export(clerk, "duty"), HTTP_ACCEPT_LANGUAGE="en")
    batch = latest_batch("duty")
    assert [(e["line"], e["column"], e["message"]) for e in batch.errors] == [
        (
            2,
            "身份证号",
            "The number is masked (it has *): type it in full, or start from an unmasked export.",
        )
    ]


def test_it_exports_unmasked_only_with_a_reason_and_records_it(login, world):
    person_type("duty", ["person", "date"])
    member = make_member(world.village_a, 1)
    clerk = login("clerk")
    rows = [
        ["组织编码", "值班日期", "身份证号", "备注"],
        ["Z-A-1", "2023-06-01", member.id_number, ""],
    ]
    upload_and_commit(clerk, "duty", "duty.xlsx", xlsx(rows))
    url = reverse("ledgers:export_unmasked", args=["duty"])
    assert clerk.get(url).status_code == 403
    office = login("office")
    assert office.get(url).status_code == 200
    refused = office.post(url, {"reason": ""})
    assert (
        refused.status_code == 200
        and SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).count() == 0
    )
    response = office.post(url, {"reason": "核对换届名单"})
    assert first_sheet(response.content)[1][2] == member.id_number
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.EXPORT)
    assert "unmasked=yes" in event.detail and "reason=核对换届名单" in event.detail
    # the unmasked export round-trips by the number itself
    upload(clerk, "duty", "full.xlsx", response.content)
    assert latest_batch("duty").counts["unchanged"] == 1
