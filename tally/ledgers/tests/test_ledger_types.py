"""The administrator defines a generic ledger type in the UI (key, name, columns with
header, type, required, choices; the organisation, date and key columns). It works as a
ledger at once; editing it never orphans records silently."""

import datetime as dt

import pytest
from django.urls import reverse

from tally.ledgers.models import GenericRecord, LedgerType
from tally.ledgers.registry import get_ledger

from .sheets import workbook_sheets, xlsx
from .steps import latest_batch, records, upload, upload_and_commit

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

STARS = [
    {"header": "组织编码", "key": "org", "type": "org", "required": True, "in_key": True},
    {
        "header": "星级类别",
        "key": "star",
        "type": "choice",
        "required": True,
        "in_key": True,
        "choices": "党建星、服务星、文明星",
        "example": "服务星",
    },
    {"header": "承诺内容", "key": "content", "type": "text", "required": True, "in_key": True},
    {"header": "承诺日期", "key": "date", "type": "date", "required": True},
    {
        "header": "完成情况",
        "key": "status",
        "type": "choice",
        "choices": "未完成、已完成",
        "help": "年底前填写",
    },
]


def form_data(columns, *, initial=0, name="双十星", key="double_ten_stars", **fields) -> dict:
    """What the browser sends: the columns, then two empty rows (whose type selects
    still show their first choice)."""
    columns = [*columns, {"type": "text"}, {"type": "text"}]
    data = {
        "name": name,
        "key": key,
        "description": "",
        "org_column": "",
        "date_column": "",
        "active": "on",
        "columns-TOTAL_FORMS": str(len(columns)),
        "columns-INITIAL_FORMS": str(initial),
        "columns-MIN_NUM_FORMS": "0",
        "columns-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for index, column in enumerate(columns):
        for name_, value in column.items():
            if value is True:
                value = "on"
            if value is not False:
                data[f"columns-{index}-{name_}"] = value
    return {k: v for k, v in data.items() if v is not None}


def define(client, columns=STARS, **fields):
    return client.post(reverse("ledgers:type_new"), form_data(columns, **fields), **EN)


def edit(client, ledger_type, columns, **fields):
    data = form_data(
        columns,
        initial=len(ledger_type.columns),
        name=ledger_type.name,
        key=ledger_type.key,
        **fields,
    )
    return client.post(reverse("ledgers:type_edit", args=[ledger_type.pk]), data, **EN)


def all_errors(response) -> str:
    context = response.context
    parts = [str(context["form"].errors), str(context["formset"].non_form_errors())]
    parts += [str(form.errors) for form in context["formset"]]
    return " ".join(parts)


@pytest.fixture
def admin(login, world):
    return login("admin")


@pytest.mark.parametrize("persona", ["office", "clerk", "sibling_clerk", "leader", "member"])
def test_it_lets_only_administrators_define_ledgers(login, world, persona):
    client = login(persona)
    assert client.get(reverse("ledgers:types")).status_code == 403
    assert client.get(reverse("ledgers:type_new")).status_code == 403
    assert client.post(reverse("ledgers:type_new"), form_data(STARS)).status_code == 403
    assert not LedgerType.objects.filter(key="double_ten_stars").exists()


def test_it_lists_the_shipped_types(admin):
    page = admin.get(reverse("ledgers:types"))
    keys = [t.key for t in page.context["types"]]
    assert {"events", "briefings", "env_facilities"} <= set(keys)


def test_it_defines_a_ledger_that_works_at_once(admin, login):
    """JOURNEYS.md journey 6: 双十星 defined in the UI, its template downloaded, a file
    imported by a street's clerk, the records listed."""
    response = define(admin)
    assert response.status_code == 302, all_errors(response)
    stars = LedgerType.objects.get(key="double_ten_stars")
    assert stars.natural_key == ["org", "star", "content"]
    assert (stars.org_column, stars.date_column) == ("org", "date")
    assert stars.columns[1]["choices"] == ["党建星", "服务星", "文明星"]
    assert stars.created_by.username == "admin"
    clerk = login("clerk")
    template = clerk.get(reverse("ledgers:template", args=["double_ten_stars"]))
    sheets = workbook_sheets(template.content)
    rows = next(iter(sheets.values()))
    assert rows[0] == ["组织编码", "星级类别", "承诺内容", "承诺日期", "完成情况"]
    rows.append(["Z-A-1", "服务星", "为独居老人修理水龙头", "2023-06-01", "已完成"])
    rows.append(["Z-A-2", "党建星", "每月主题党日", "2023年6月5日", ""])
    upload_and_commit(clerk, "double_ten_stars", "stars.xlsx", xlsx(rows))
    listed = clerk.get(reverse("ledgers:list", args=["double_ten_stars"]))
    contents = sorted(cells[2] for _, cells in listed.context["rows"])
    assert contents == ["为独居老人修理水龙头", "每月主题党日"]
    assert records("double_ten_stars").get(data__star="服务星").date == dt.date(2023, 6, 1)


@pytest.mark.parametrize(
    ("fields", "columns", "message"),
    [
        ({"key": "Stars"}, STARS, "Use lower-case letters, digits and underscores"),
        ({"key": "orgs"}, STARS, "“orgs” is the key of a built-in page or ledger."),
        ({"key": "types"}, STARS, "“types” is the key of a built-in page or ledger."),
        ({"key": "events"}, STARS, "Ledger type with this Key already exists."),
        ({}, [*STARS, {**STARS[2], "header": "内容"}], "Two columns have the key “content”."),
        ({}, [*STARS, {**STARS[2], "key": "content2"}], "Two columns have the header “承诺内容”."),
        ({}, [{**STARS[0], "key": "Org"}, *STARS[1:]], "Use lower-case letters, digits"),
        ({}, [STARS[0], {**STARS[1], "choices": ""}, *STARS[2:]], "List the choices"),
        ({}, [{**STARS[0], "header": "序号"}, *STARS[1:]], "is read as a serial-number column"),
        ({}, STARS[1:], "Add a column of type “organisation code”"),
        (
            {},
            [*STARS, {"header": "结对组织", "key": "partner", "type": "org"}],
            "There are several columns of type “organisation code”",
        ),
        ({"org_column": "date"}, STARS, "“承诺日期” is not a column of type “organisation code”."),
        ({"date_column": "when"}, STARS, "No column is called “when”."),
        (
            {},
            [{**c, "in_key": False} for c in STARS],
            "Tick “Identifies a record” for the columns that tell one record from another.",
        ),
        ({}, [], "Add at least one column."),
    ],
)
def test_it_explains_what_is_wrong_with_a_definition(admin, fields, columns, message):
    count = LedgerType.objects.count()
    response = define(admin, columns, **fields)
    assert response.status_code == 200
    assert message in all_errors(response)
    assert LedgerType.objects.count() == count


@pytest.fixture
def stars(admin, login):
    assert define(admin).status_code == 302
    stars = LedgerType.objects.get(key="double_ten_stars")
    rows = [
        ["组织编码", "星级类别", "承诺内容", "承诺日期", "完成情况"],
        ["Z-A-1", "服务星", "修理水龙头", "2023-06-01", "已完成"],
        ["Z-A-2", "党建星", "主题党日", "2023-06-05", ""],
    ]
    upload_and_commit(login("clerk"), "double_ten_stars", "stars.xlsx", xlsx(rows))
    return stars


def as_rows(ledger_type):
    return [
        {
            **{k: v for k, v in column.items() if k not in ("choices",)},
            "in_key": column["key"] in ledger_type.natural_key,
            "choices": "、".join(column.get("choices") or []),
        }
        for column in ledger_type.columns
    ]


def test_it_adds_a_column_to_a_ledger_with_records(admin, stars):
    columns = [*as_rows(stars), {"header": "备注", "key": "note", "type": "text"}]
    response = edit(admin, stars, columns)
    assert response.status_code == 302, all_errors(response)
    stars.refresh_from_db()
    assert [c["header"] for c in stars.columns][-1] == "备注"
    assert get_ledger("double_ten_stars").column("note").header == "备注"


def test_it_refuses_to_remove_a_column_that_holds_data(admin, stars):
    columns = as_rows(stars)
    columns[4]["DELETE"] = True
    response = edit(admin, stars, columns)
    assert response.status_code == 200
    assert "“完成情况” holds data in 1 records: it cannot be removed." in all_errors(response)
    stars.refresh_from_db()
    assert len(stars.columns) == 5


def test_it_removes_a_column_that_holds_no_data(admin, stars):
    GenericRecord.objects.filter(ledger_type=stars).update(data={})  # start from blanks
    stars_records = list(GenericRecord.objects.filter(ledger_type=stars))
    for record in stars_records:
        record.data = {"org": record.org.code, "star": "服务星", "content": f"x{record.pk}"}
        record.save()
    columns = as_rows(stars)
    columns[4]["DELETE"] = True
    response = edit(admin, stars, columns)
    assert response.status_code == 302, all_errors(response)
    stars.refresh_from_db()
    assert [c["key"] for c in stars.columns] == ["org", "star", "content", "date"]


def test_it_refuses_to_change_the_type_of_a_column_that_holds_data(admin, stars):
    columns = as_rows(stars)
    columns[2]["type"] = "int"
    response = edit(admin, stars, columns)
    assert "“承诺内容” holds data in 2 records: its type cannot change." in all_errors(response)


def test_it_refuses_to_drop_a_choice_in_use(admin, stars):
    columns = as_rows(stars)
    columns[1]["choices"] = "党建星、文明星"
    response = edit(admin, stars, columns)
    assert "“服务星” is the 星级类别 of 1 records: it cannot be dropped." in all_errors(response)
    columns[1]["choices"] = "党建星、服务星"  # 文明星 is unused: fine
    assert edit(admin, stars, columns).status_code == 302


def test_it_refuses_to_require_a_column_left_blank(admin, stars):
    columns = as_rows(stars)
    columns[4]["required"] = True
    response = edit(admin, stars, columns)
    assert "“完成情况” is blank in 1 records" in all_errors(response)


def test_it_refuses_to_change_the_organisation_column_of_a_ledger_with_records(admin, stars):
    columns = [*as_rows(stars), {"header": "结对组织", "key": "partner", "type": "org"}]
    response = edit(admin, stars, columns, org_column="partner")
    assert "The organisation column cannot change while the ledger has records." in all_errors(
        response
    )


def test_it_rekeys_the_records_when_the_key_columns_change(admin, stars, login):
    columns = as_rows(stars)
    columns[1]["in_key"] = False  # now keyed by organisation and content
    response = edit(admin, stars, columns)
    assert response.status_code == 302, all_errors(response)
    keys = set(records("double_ten_stars").values_list("natural_key", flat=True))
    assert keys == {"Z-A-1|修理水龙头", "Z-A-2|主题党日"}
    clerk = login("clerk")
    data = xlsx(
        [
            ["组织编码", "星级类别", "承诺内容", "承诺日期"],
            ["Z-A-1", "文明星", "修理水龙头", "2023-06-01"],
        ]
    )
    upload(clerk, "double_ten_stars", "again.xlsx", data)
    assert latest_batch("double_ten_stars").counts["changed"] == 1


def test_it_refuses_key_columns_that_would_not_tell_records_apart(admin, stars):
    GenericRecord.objects.filter(ledger_type=stars).update(date=dt.date(2023, 6, 1))
    for record in GenericRecord.objects.filter(ledger_type=stars):
        record.data = {**record.data, "date": "2023-06-01"}
        record.save()
    columns = as_rows(stars)
    for column in columns:
        column["in_key"] = column["key"] == "date"
    response = edit(admin, stars, columns)
    assert response.status_code == 200
    assert "would have the same key" in all_errors(response)
    stars.refresh_from_db()
    assert stars.natural_key == ["org", "star", "content"]


def test_it_keeps_the_key_of_an_existing_type(admin, stars):
    data = form_data(as_rows(stars), initial=5, name="双十星争创", key="renamed")
    response = admin.post(reverse("ledgers:type_edit", args=[stars.pk]), data)
    assert response.status_code == 302, all_errors(response)
    stars.refresh_from_db()
    assert (stars.key, stars.name) == ("double_ten_stars", "双十星争创")


def test_it_hides_a_deactivated_ledger(admin, stars, login):
    response = edit(admin, stars, as_rows(stars), active="")
    assert response.status_code == 302, all_errors(response)
    assert login("clerk").get(reverse("ledgers:list", args=["double_ten_stars"])).status_code == 404
    assert GenericRecord.objects.filter(ledger_type=stars).count() == 2


def test_it_shows_the_form_of_an_existing_type(admin, stars):
    page = admin.get(reverse("ledgers:type_edit", args=[stars.pk]))
    assert page.status_code == 200
    formset = page.context["formset"]
    assert [form.initial.get("header") for form in formset][:5] == [
        "组织编码",
        "星级类别",
        "承诺内容",
        "承诺日期",
        "完成情况",
    ]
    assert formset.forms[1].initial["choices"] == "党建星、服务星、文明星"
    assert len(formset.forms) == 9  # four empty rows to add columns
    assert reverse("ledgers:template", args=["double_ten_stars"]) in page.content.decode()


# --- in Chinese alone ---------------------------------------------------------------------

CHINESE_ONLY = [
    {"header": "组织编码", "type": "org", "in_key": True},
    {"header": "星级类别", "type": "choice", "in_key": True, "choices": "党建星、服务星"},
    {"header": "承诺内容", "type": "text", "in_key": True},
    {"header": "承诺日期", "type": "date", "required": True},
    {"header": "完成情况", "type": "text"},
]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("星级类别", "xingji_leibie"),
        ("成交额(亿元)", "chengjiao_e_yiyuan"),
        ("双十星争创", "shuangshi_xingzheng_chuang"),
        ("重庆", "chongqing"),  # a heteronym read as in its word
        ("2023年度目标", "c_2023_niandu_mubiao"),
        ("ABC项目", "abc_xiangmu"),
        ("！！", "column"),
    ],
)
def test_it_makes_a_key_from_a_chinese_name(name, key):
    from tally.ledgers.type_forms import key_from

    assert key_from(name) == key


def test_it_defines_a_ledger_in_chinese_alone(admin, login):
    # The key of the ledger and of every column was required, in English; a column that
    # identifies a record but was not ticked required refused the save.
    response = define(admin, CHINESE_ONLY, name="双十星争创", key="")
    assert response.status_code == 302, all_errors(response)
    stars = LedgerType.objects.get(name="双十星争创")
    assert stars.key == "shuangshi_xingzheng_chuang"
    assert [c["key"] for c in stars.columns] == [
        "zuzhi_bianma",
        "xingji_leibie",
        "chengnuo_neirong",
        "chengnuo_riqi",
        "wancheng_qingkuang",
    ]
    assert [c["required"] for c in stars.columns] == [True, True, True, True, False]
    assert stars.natural_key == ["zuzhi_bianma", "xingji_leibie", "chengnuo_neirong"]
    assert (stars.org_column, stars.date_column) == ("zuzhi_bianma", "chengnuo_riqi")
    page = admin.get(reverse("ledgers:type_edit", args=[stars.pk])).content.decode()
    assert 'value="xingji_leibie"' in page  # shown for editing
    template = login("clerk").get(reverse("ledgers:template", args=[stars.key]))
    assert next(iter(workbook_sheets(template.content).values()))[0][:2] == ["组织编码", "星级类别"]


def test_it_keeps_derived_keys_apart(admin):
    columns = [*CHINESE_ONLY, {"header": "完成情况！", "type": "text"}]
    assert define(admin, columns, name="双十星争创", key="").status_code == 302
    assert define(admin, CHINESE_ONLY, name="双十星争创", key="").status_code == 302
    first, second = LedgerType.objects.filter(name="双十星争创").order_by("pk")
    assert [c["key"] for c in first.columns][-2:] == ["wancheng_qingkuang", "wancheng_qingkuang_2"]
    assert second.key == "shuangshi_xingzheng_chuang_2"


def test_it_offers_the_key_it_would_make_while_the_header_is_typed(admin):
    response = admin.get(reverse("ledgers:type_key"), {"name": "星级类别"})
    assert response.json() == {"key": "xingji_leibie"}
    ledger = admin.get(reverse("ledgers:type_key"), {"name": "2023考核", "of": "ledger"})
    assert ledger.json() == {"key": "l_2023_kaohe"}


def test_it_marks_what_is_required_on_the_editor(admin):
    page = admin.get(reverse("ledgers:type_new"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert '名称 <span class="text-danger">*</span>' in text
    assert "键名 <span" not in text  # made from the name when left empty
    assert "（此时为必填）" in text
