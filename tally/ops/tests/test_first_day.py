"""docs/operations.md, "第一天 First day", step by step on an EMPTY database (no demo): the
first administrator, the office's own tree, users and members from real files, and the
first clerk's first login. Every command run here is one the section names."""

import datetime as dt
import re
from pathlib import Path

import pytest
import xlsxwriter
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tally.accounts.models import InitialPasswords, Role, User
from tally.ledgers.tests.sheets import first_sheet
from tally.lib.idcard import make_id_number
from tally.orgs.models import Org
from tally.party.models import Member

ADMIN_PASSWORD = "Qs!first-day-2024"
DOC = Path(settings.BASE_DIR) / "docs" / "operations.md"


def first_day_section() -> str:
    text = DOC.read_text()
    return text.split("## 第一天 First day")[1].split("\n## ")[0]


def manage(*args):
    """A command as the section writes it (`.venv/bin/python manage.py …`), run here."""
    shown = [Path(a).name if "/" in a else a for a in args if a != "--noinput"]
    line = "manage.py " + " ".join(shown)
    assert line in first_day_section(), f"docs/operations.md does not say: {line}"
    call_command(*args)


def workbook(path: Path, rows: list[list]) -> str:
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    return str(path)


@pytest.fixture
def office(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_it_sets_up_an_office_from_an_empty_database(db, office, monkeypatch):
    assert not Org.objects.exists() and not User.objects.exists()
    keys = re.findall(r"print\(secrets\.(token_\w+)\((\d+)\)\)", first_day_section())
    assert ("token_hex", "32") in keys  # TALLY_DATA_KEY, as settings.py wants it

    # 3. the first administrator
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "admin@qs.example.cn")
    manage("createsuperuser", "--username", "admin", "--noinput")
    assert User.objects.get(username="admin").role == Role.ADMIN

    # 4. the tree: the template names the columns the file fills in
    manage("ledger_template", "orgs", str(office / "组织.xlsx"))
    assert first_sheet((office / "组织.xlsx").read_bytes())[0][:4] == [
        "组织编码", "组织名称", "上级组织编码", "组织类别",
    ]  # fmt: skip
    workbook(
        office / "组织.xlsx",
        [
            ["组织编码", "组织名称", "上级组织编码", "组织类别"],
            ["QS", "青山经开区党工委", "", "党工委"],
            ["QS-DC", "东城街道党工委", "QS", "街道党工委"],
            ["QS-DC-01", "东城一社区党委", "QS-DC", "社区党组织"],
            ["QS-ZS", "招商局", "QS", "机关部门"],
        ],
    )
    manage("import_ledger", "orgs", str(office / "组织.xlsx"))
    assert Org.objects.count() == 4

    # 5. the users, one sheet
    manage("ledger_template", "users", str(office / "用户.xlsx"))
    workbook(
        office / "用户.xlsx",
        [
            ["用户名", "姓名", "角色", "所属组织编码", "手机号", "可查看个人信息"],
            ["wangfang", "王芳", "单位填报员", "QS-DC", "13800001234", "否"],
            ["liming", "李明", "党工委办公室", "QS-ZS", "", "是"],
            ["zhang", "张书记", "领导", "QS", "", "否"],
        ],
    )
    manage("import_ledger", "users", str(office / "用户.xlsx"))
    assert User.objects.get(username="wangfang").org.code == "QS-DC"

    # 6. a ledger: the members
    manage("ledger_template", "members", str(office / "党员.xlsx"))
    id_number = make_id_number("420303", dt.date(1985, 5, 20), 7, "男")
    workbook(
        office / "党员.xlsx",
        [
            ["姓名", "身份证号", "所在党组织编码", "人员类别", "入党日期"],
            ["陈志强", id_number, "QS-DC-01", "正式党员", "2010-07-01"],
        ],
    )
    manage("import_ledger", "members", str(office / "党员.xlsx"))
    assert Member.objects.get().org.code == "QS-DC-01"

    # The administrator downloads the one-time passwords once …
    admin = Client()
    assert admin.post(reverse("login"), {"username": "admin", "password": ADMIN_PASSWORD})
    sheet = InitialPasswords.objects.get()
    rows = first_sheet(admin.post(reverse("accounts:initial_passwords", args=[sheet.pk])).content)
    password = {row[0]: row[2] for row in rows[1:]}["wangfang"]

    # … and 王芳 logs in, changes it, and lands on her home page.
    clerk = Client()
    clerk.post(reverse("login"), {"username": "wangfang", "password": password})
    assert clerk.get("/")["Location"] == reverse("password_change")
    new = "Df#2024-wangfang"
    response = clerk.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": new, "new_password2": new},
    )
    assert response["Location"] == reverse("home")
    assert clerk.get("/").status_code == 200


def test_it_asks_which_administrator_when_there_are_two(db, office, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", ADMIN_PASSWORD)
    for name in ("admin", "admin2"):
        call_command("createsuperuser", "--username", name, "--email", "a@b.cn", "--noinput")
    path = workbook(office / "组织.xlsx", [["组织编码", "组织名称", "上级组织编码", "组织类别"],
                                         ["QS", "青山经开区党工委", "", "党工委"]])  # fmt: skip
    with pytest.raises(CommandError, match="admin、admin2"):
        call_command("import_ledger", "orgs", path)
    assert not Org.objects.exists()
    call_command("import_ledger", "orgs", path, "--as", "admin2")
    assert Org.objects.count() == 1
