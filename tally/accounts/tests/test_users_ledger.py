"""The `users` ledger: 80 clerks from one sheet, with the framework's template, preview,
errors and export; one-time passwords downloaded once; bad rows write nothing."""

import pytest
from django.urls import reverse

from tally.accounts.models import InitialPasswords, Role, SecurityEvent, User
from tally.ledgers.models import ImportBatch
from tally.ledgers.tests.sheets import first_sheet, xlsx
from tally.ledgers.tests.steps import commit, latest_batch, upload, upload_and_commit

HEADERS = ["用户名", "姓名", "角色", "所属组织编码", "手机号", "可查看个人信息"]


def sheet(*rows) -> bytes:
    return xlsx([HEADERS, *[list(row) for row in rows]])


GOOD = sheet(
    ("wangfang", "王芳", "单位填报员", "Z-A", "13800001234", "否"),
    ("lidong", "李东", "党工委办公室", "Z-D1", "", "是"),
    ("zhangshuji", "张书记", "领导", "Z", "", ""),
)


def test_it_creates_accounts_from_a_sheet_with_passwords_to_download_once(world, login):
    admin = login("admin")
    batch = upload_and_commit(admin, "users", "用户.xlsx", GOOD)
    assert batch.counts["new"] == 3
    wang = User.objects.get(username="wangfang")
    assert (wang.role, wang.org, wang.phone, wang.must_change_password) == (
        Role.UNIT,
        world.street_a,
        "13800001234",
        True,
    )
    assert User.objects.get(username="lidong").can_view_pii
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ACCOUNT).count() == 3

    listing = admin.get(reverse("accounts:list")).content.decode()
    sheet_ = InitialPasswords.objects.get(owner=world.users["admin"])
    assert "下载初始密码" in listing
    url = reverse("accounts:initial_passwords", args=[sheet_.pk])
    rows = first_sheet(admin.post(url).content)
    assert rows[0] == ["用户名", "姓名", "初始密码"]
    passwords = {row[0]: row[2] for row in rows[1:]}
    assert User.objects.get(username="wangfang").check_password(passwords["wangfang"])
    # Once only: the sealed copy is gone.
    assert admin.post(url).status_code == 404
    assert bytes(InitialPasswords.objects.get(pk=sheet_.pk).sealed) == b""


def test_it_changes_nothing_on_a_second_import_of_the_same_file(world, login):
    admin = login("admin")
    upload_and_commit(admin, "users", "用户.xlsx", GOOD)
    upload(admin, "users", "用户.xlsx", GOOD)
    batch = latest_batch("users")
    assert batch.counts["unchanged"] == 3 and batch.counts["new"] == 0


def test_it_changes_a_role_by_a_sheet(world, login):
    admin = login("admin")
    batch = upload_and_commit(
        admin, "users", "改.xlsx", sheet(("clerk", "clerk", "领导", "Z", "", "否"))
    )
    assert batch.counts["changed"] == 1
    assert User.objects.get(username="clerk").role == Role.LEADER


def test_it_exports_phones_masked(world, login):
    admin = login("admin")
    upload_and_commit(admin, "users", "用户.xlsx", GOOD)
    rows = first_sheet(admin.get(reverse("ledgers:export", args=["users"])).content)
    assert rows[0][:6] == HEADERS
    wang = next(row for row in rows if row[0] == "wangfang")
    assert wang[2] == "单位填报员" and wang[4] == "138****1234"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (("x1", "甲", "超级管理员", "Z-A", "", ""), "超级管理员"),
        (("x2", "乙", "单位填报员", "NO-SUCH", "", ""), "NO-SUCH"),
        (("CLERK", "丙", "单位填报员", "Z-A", "", ""), "已被使用"),
        (("bad name", "丁", "单位填报员", "Z-A", "", ""), "不能有空格"),
        (("x3", "戊", "单位填报员", "Z-A", "12345", ""), "12345"),
    ],
    ids=["unknown-role", "unknown-org", "taken-other-case", "space", "phone"],
)
def test_it_refuses_bad_rows_and_writes_nothing(world, login, row, reason):
    admin = login("admin")
    before = User.objects.count()
    good = ("ok1", "好", "单位填报员", "Z-A", "", "")
    upload(admin, "users", "坏.xlsx", sheet(good, row))
    batch = latest_batch("users")
    assert batch.error_count == 1
    error = batch.errors[0]
    assert error["line"] == 3 and reason in (error["message"] + error["value"])
    commit(admin, batch)
    assert User.objects.count() == before
    assert not InitialPasswords.objects.exists()


def test_it_refuses_a_user_name_twice_in_one_file(world, login):
    admin = login("admin")
    upload(
        admin,
        "users",
        "重复.xlsx",
        sheet(("dup", "甲", "党员", "Z-A-2", "", ""), ("dup", "乙", "党员", "Z-A-2", "", "")),
    )
    batch = latest_batch("users")
    assert batch.error_count == 1 and batch.errors[0]["line"] == 3
    assert not User.objects.filter(username="dup").exists()


def test_it_lets_only_the_administrator_import_accounts(world, login):
    response = upload(login("office"), "users", "用户.xlsx", GOOD)
    assert response.status_code in (403, 404)
    assert not ImportBatch.objects.filter(ledger_key="users").exists()
