"""Every row is checked: types, dates, required cells, choices, codes that must exist,
check digits, duplicates inside the file. Each error has its row, its column and a reason
a clerk can act on; a file with any error writes nothing."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tally.ledgers import declarations as d
from tally.ledgers.declarations import Column, Ref
from tally.ledgers.ledger import Ledger
from tally.ledgers.models import GenericRecord, ImportBatch, LedgerType
from tally.ledgers.registry import _BUILTIN, register
from tally.lib.idcard import make_id_number
from tally.lib.masking import UNMASKED_ID_PATTERN
from tally.orgs.models import OrgKind
from tally.party.models import Member

from .sheets import TALKS, csv_bytes, event_rows, xlsx
from .steps import latest_batch, make_member, records, upload

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PLEDGE_HEADERS = [
    "组织编码",
    "承诺内容",
    "承诺日期",
    "投入资金(元)",
    "参与人数",
    "是否完成",
    "星级类别",
]


def pledge_file(*rows) -> bytes:
    return csv_bytes([PLEDGE_HEADERS, *rows])


def check(client, key, data, name="file.csv") -> ImportBatch:
    response = upload(client, key, name, data, **EN)
    assert response.status_code == 302, response.context["form"].errors
    return latest_batch(key)


def errors_of(batch) -> list[tuple]:
    return [(e["line"], e["column"], e["message"]) for e in batch.errors]


@pytest.fixture
def clerk(login, world):
    return login("clerk")


def test_it_reports_each_bad_cell_with_its_row_column_and_reason(clerk, pledges_type):
    batch = check(
        clerk,
        "pledges",
        pledge_file(
            ["Z-A-1", "修缮", "2023-06-30", "12,5", "3", "是", "服务星"],
            ["Z-A-1", "植树", "2023-13-01", "10", "三", "是", "服务星"],
            ["Z-A-1", "义诊", "2023-02-30", "10", "3", "也许", "五星"],
            ["Z-A-1", "", "2023-06-30", "10", "3", "是", "服务星"],
            ["Z-A-1", "讲座", "June 30", "10", "2.5", "是", ""],
        ),
    )
    assert errors_of(batch) == [
        (2, "投入资金(元)", "“12,5” is not a number: write a number such as 1234.5 or 1,234.5."),
        (3, "承诺日期", "The date “2023-13-01” does not exist: check the year, month and day."),
        (3, "参与人数", "“三” is not a whole number: write a number such as 12 or 1,200."),
        (4, "承诺日期", "The date “2023-02-30” does not exist: check the year, month and day."),
        (4, "是否完成", "“也许” is not a yes-or-no answer: write “是” or “否”."),
        (4, "星级类别", "“五星” is not one of the choices: 党建星、服务星."),
        (5, "承诺内容", "This column is required."),
        (6, "承诺日期", "Cannot read the date “June 30”: write it as 2023-06-30 or 2023年6月30日."),
        (6, "参与人数", "“2.5” is not a whole number: write a number such as 12 or 1,200."),
    ]
    assert batch.counts["errors"] == 5 and batch.counts["new"] == 0
    assert records("pledges").count() == 0


def test_it_refuses_to_commit_a_file_with_errors(clerk, pledges_type):
    batch = check(
        clerk,
        "pledges",
        pledge_file(
            ["Z-A-1", "修缮", "2023-06-30", "10", "3", "是", ""],
            ["Z-A-1", "植树", "not a date", "10", "3", "是", ""],
        ),
    )
    assert batch.counts["new"] == 1 and batch.counts["errors"] == 1
    response = clerk.post(f"/ledgers/pledges/batches/{batch.pk}/commit/", **EN)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW
    assert records("pledges").count() == 0
    page = clerk.get(f"/ledgers/pledges/batches/{batch.pk}/", **EN).content.decode()
    assert "Import now" not in page
    assert "Download the rows with errors" in page


def test_it_names_an_organisation_code_that_does_not_exist(clerk, pledges_type):
    batch = check(clerk, "pledges", pledge_file(["Z-X-9", "修缮", "2023-06-30", "", "", "", ""]))
    assert errors_of(batch) == [(2, "组织编码", "No organisation has the code “Z-X-9”.")]


def test_it_keeps_out_rows_of_a_sibling_street(clerk, pledges_type, world):
    batch = check(
        clerk,
        "pledges",
        pledge_file(
            ["Z-A-1", "修缮", "2023-06-30", "", "", "", ""],
            ["Z-B-1", "植树", "2023-06-30", "", "", "", ""],
        ),
    )
    assert errors_of(batch) == [
        (3, "组织编码", "“乙一村党支部” is outside the organisations you may change.")
    ]
    assert records("pledges").count() == 0


def test_it_will_not_overwrite_a_record_of_another_street(login, world):
    """briefings are keyed by 期号 alone: a clerk of street A uploading street B's issue
    number would change B's record."""
    sibling = login("sibling_clerk")
    data = csv_bytes([["期号", "标题", "印发日期"], ["2023年第1期", "乙街专刊", "2023-02-10"]])
    check(sibling, "briefings", data)
    sibling.post(f"/ledgers/briefings/batches/{latest_batch().pk}/commit/")
    assert records("briefings").get().org == world.street_b
    clerk = login("clerk")
    data = csv_bytes([["期号", "标题", "印发日期"], ["2023年第1期", "甲街专刊", "2023-02-11"]])
    batch = check(clerk, "briefings", data)
    assert errors_of(batch) == [(2, "", "This row cannot be imported by your account.")]
    assert records("briefings").get().data["title"] == "乙街专刊"


def test_it_gives_a_blank_organisation_the_uploaders_own(clerk, world):
    data = csv_bytes([["期号", "标题", "印发日期", "组织编码"], ["1", "专刊", "2023-02-10", ""]])
    batch = check(clerk, "briefings", data)
    clerk.post(f"/ledgers/briefings/batches/{batch.pk}/commit/")
    assert records("briefings").get().org == world.street_a


def test_it_reports_duplicates_inside_the_file(clerk, pledges_type):
    batch = check(
        clerk,
        "pledges",
        pledge_file(
            ["Z-A-1", "修缮", "2023-06-30", "", "", "", ""],
            ["Z-A-2", "修缮", "2023-06-30", "", "", "", ""],
            ["Ｚ－Ａ－１", "修缮", "2023-07-01", "", "", "", ""],
        ),
    )
    assert errors_of(batch) == [
        (4, "", "Same 组织编码、承诺内容 as row 2: a record may appear only once.")
    ]


def test_it_refuses_a_file_without_a_required_column(clerk, pledges_type, media):
    data = csv_bytes([["组织编码", "投入资金(元)", "备注"], ["Z-A-1", "10", "x"]])
    response = upload(clerk, "pledges", "short.csv", data, **EN)
    message = " ".join(response.context["form"].errors["file"])
    assert "Required columns are missing: 承诺内容、承诺日期." in message
    assert "Unknown column “备注” was ignored." in message
    assert not ImportBatch.objects.exists()
    assert list(media.rglob("*.enc")) == []


def test_it_refuses_a_file_naming_a_column_twice(clerk, pledges_type):
    data = csv_bytes(
        [[*PLEDGE_HEADERS, "content"], ["Z-A-1", "修缮", "2023-06-30", "", "", "", "", "x"]]
    )
    response = upload(clerk, "pledges", "twice.csv", data, **EN)
    assert "The column “承诺内容” appears twice." in response.context["form"].errors["file"][0]


def test_it_checks_credit_code_check_digits(clerk):
    data = csv_bytes(
        [
            ["合同编号", "统一社会信用代码", "登记日期", "成交额(亿元)"],
            ["HT-1", "91350100M000100Y43", "2023-05-20", "0.35"],
            ["HT-2", "91350100M000100Y44", "2023-05-20", "0.35"],
        ]
    )
    batch = check(clerk, "tech_contracts", data)
    assert errors_of(batch) == [
        (
            3,
            "统一社会信用代码",
            "The unified social credit code does not add up: its last character would have to "
            "be 3. Look for a mistyped character.",
        )
    ]


@pytest.fixture
def duty_type(db) -> LedgerType:
    """A generic ledger with a person column: a member found by 身份证号."""
    return LedgerType.objects.create(
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


def test_it_finds_a_person_by_id_number_and_never_shows_it(clerk, duty_type, world):
    member = make_member(world.village_a, 1)
    unknown = make_id_number("420303", dt.date(1990, 1, 2), 7, "女")
    mistyped = member.id_number[:-1] + ("0" if member.id_number[-1] != "0" else "1")
    batch = check(
        clerk,
        "duty",
        csv_bytes(
            [
                ["身份证号", "组织编码", "值班日期"],
                [member.id_number, "Z-A-1", "2023-06-01"],
                [unknown, "Z-A-1", "2023-06-02"],
                [mistyped, "Z-A-1", "2023-06-03"],
            ]
        ),
    )
    lines = errors_of(batch)
    assert [(line, column) for line, column, _ in lines] == [(3, "身份证号"), (4, "身份证号")]
    assert lines[0][2].startswith("No party member has the code “420")
    assert "does not add up" in lines[1][2]
    stored = str(batch.errors) + str(batch.changes) + str(batch.notes)
    assert not UNMASKED_ID_PATTERN.search(stored), stored
    page = clerk.get(f"/ledgers/duty/batches/{batch.pk}/").content.decode()
    assert member.id_number not in page and unknown not in page


def test_it_reads_dates_the_way_clerks_type_them(clerk, pledges_type):
    typed = ["2023-06-30", "2023/6/30", "2023年6月30日", "2023.6.30", "20230630", 45107]
    rows = [[*PLEDGE_HEADERS]] + [
        ["Z-A-1", f"承诺{i}", value, "", "", "", ""] for i, value in enumerate(typed)
    ]
    batch = check(clerk, "pledges", xlsx(rows), name="dates.xlsx")
    assert batch.errors == []
    clerk.post(f"/ledgers/pledges/batches/{batch.pk}/commit/")
    assert set(records("pledges").values_list("date", flat=True)) == {dt.date(2023, 6, 30)}


def test_it_treats_a_blank_cell_as_empty_not_as_an_error(clerk, events_type):
    data = xlsx(event_rows(("大家谈", TALKS, "Z-A", "2023-03-15"), (None, None, None, None)))
    batch = check(clerk, "events", data, name="events.xlsx")
    assert batch.counts["new"] == 1 and batch.errors == []


def test_it_stores_a_blank_cell_as_the_fields_default_where_it_cannot_be_null(db):
    """A blank 是否干部 is 否 and a blank 工作单位 is "", not a database error."""
    ledger = Ledger(
        key="test_members",
        model=Member,
        columns=[
            Column("是否干部", "is_cadre", d.BOOL),
            Column("工作单位", "employer", d.TEXT),
            Column("入党日期", "join_date", d.DATE),
            Column("居住社区编码", "residence", d.ORG),
        ],
    )
    blanks = [ledger.blank_value(column) for column in ledger.columns]
    assert blanks == [False, "", None, None]


class RecordLedger(Ledger):
    """A test-only ledger over GenericRecord whose first column names another record
    by its code (a REF, like a project or task number) and whose organisation column
    takes villages only."""

    key = "test_records"
    name = "test"
    model = GenericRecord
    columns = [
        Column("台账", "ledger_type", d.REF, required=True, ref=Ref("ledgers.LedgerType", "key")),
        Column("村编码", "org", d.ORG, required=True, org_kinds=(OrgKind.VILLAGE,)),
        Column("编号", "natural_key", d.TEXT, required=True),
    ]
    natural_key = ("ledger_type", "natural_key")


@pytest.fixture
def record_ledger(db):
    ledger = register(RecordLedger())
    yield ledger
    del _BUILTIN[ledger.key]


def test_it_resolves_codes_of_other_records_in_one_query(clerk, record_ledger, events_type):
    def check_rows(n):
        rows = [["台账", "村编码", "编号"]] + [
            ["events" if i % 3 else "nope", "Z-A-1", f"N{i}"] for i in range(n)
        ]
        with CaptureQueriesContext(connection) as queries:
            batch = check(clerk, "test_records", csv_bytes(rows))
        lookups = [q for q in queries if 'FROM "ledgers_ledgertype"' in q["sql"]]
        return batch, len(lookups)

    batch, few = check_rows(6)
    assert errors_of(batch)[0] == (2, "台账", "No 台账 has the code “nope”.")
    assert batch.counts["new"] == 4
    _, many = check_rows(60)
    assert few == many


def test_it_limits_an_organisation_column_to_its_kinds(clerk, record_ledger, events_type):
    rows = [["台账", "村编码", "编号"], ["events", "Z-A-2", "N1"]]
    batch = check(clerk, "test_records", csv_bytes(rows))
    assert errors_of(batch) == [
        (2, "村编码", "“甲二社区党委” is a 社区党组织; this column takes only: 村党组织.")
    ]
