"""我的这7天: units file their week (a future week, another unit's filing: refused); the
bulletin of a week lists late and missing units with their lights and a ranking; a past
bulletin does not change after later edits; it is public once published, as a web page
and a Word file; `manage.py weekly_bulletin` writes both."""

import datetime as dt
import io

import docx
import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tally.lib.periods import parse_period
from tally.supervision import services
from tally.supervision.bulletins import draft_bulletin, publish_bulletin, published_bulletins
from tally.supervision.lights import refresh_task_lights
from tally.supervision.models import Bulletin, Task, WeeklyFiling

from .factories import import_sheet, make_task, messages_of

W27 = parse_period("2023-W27")  # 3–9 July 2023
FILING = ["单位编码", "周次", "本周工作", "下周计划", "提交时间"]


def at(day, hour=9):
    return time_machine.travel(dt.datetime(2023, 7, day, hour, 0, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def departments(world):
    """Three units owe their week: streets A and B, and the department."""
    with at(3):
        services.declare_obligation(
            {
                "ledger_key": "weekly_filings",
                "name": "我的这7天",
                "frequency": "weekly",
                "due_day": 7,
                "unit_kinds": [],
                "starts_on": W27.start,
                "active": True,
            },
            by=world.users["office"],
            units=[world.street_a, world.street_b, world.department],
        )
    return [world.street_a, world.street_b, world.department]


@pytest.fixture
def lit_tasks(world):
    """Street B's task is green in week 26 and red by the end of week 27."""
    task = make_task(
        world.street_b, "DB-B1", start_date=dt.date(2023, 1, 1), deadline=dt.date(2023, 7, 5)
    )
    Task.objects.filter(pk=task.pk).update(progress=90)
    refresh_task_lights(Task.objects.all(), day=dt.date(2023, 6, 20))
    refresh_task_lights(Task.objects.all(), day=dt.date(2023, 7, 9))
    return task


def test_it_files_a_week_from_the_page_and_keeps_the_first_date(world, login, departments):
    data = {"unit": world.street_a.code, "week": "2023-W27", "done": "走访企业5家"}
    with at(7):
        assert login("clerk").post(reverse("supervision:filing_form"), data).status_code == 302
    with at(11):  # a new day, a new session
        again = login("clerk").post(
            reverse("supervision:filing_form"), data | {"done": "走访企业6家"}
        )
        assert again["Location"] == reverse("supervision:filing_form")
    filing = WeeklyFiling.objects.get()
    assert (filing.done, filing.submitted_on) == ("走访企业6家", dt.date(2023, 7, 7))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"week": "2023-W28"}, "尚未到来"),
        ({"unit": "Z-B"}, "只能选择本组织及其下级组织"),
        ({"done": ""}, ""),
    ],
)
def test_it_refuses_a_bad_filing_and_writes_nothing(world, login, departments, data, reason):
    post = {"unit": world.street_a.code, "week": "2023-W27", "done": "工作"} | data
    with at(5):
        response = login("clerk").post(reverse("supervision:filing_form"), post)
    assert response.status_code == 200 and reason in response.content.decode()
    assert not WeeklyFiling.objects.exists()


def test_it_refuses_an_imported_filing_for_a_future_week_or_another_unit(world, english):
    rows = [
        ["Z-A", "2023-W28", "工作", "", "2023-07-05"],
        ["Z-B", "2023-W27", "工作", "", "2023-07-05"],
    ]
    with at(5):
        batch = import_sheet("weekly_filings", FILING, rows, world.users["clerk"])
    text = " ".join(messages_of(batch))
    assert batch.error_count == 2 and "has not come yet" in text
    assert not WeeklyFiling.objects.exists()


def test_it_writes_a_bulletin_with_late_and_missing_units(world, departments, lit_tasks):
    WeeklyFiling.objects.create(
        unit=world.street_a,
        week="2023-W27",
        done="走访企业，电话13912345678",
        submitted_on=dt.date(2023, 7, 9),
    )
    WeeklyFiling.objects.create(
        unit=world.department,
        week="2023-W27",
        done="签约2个项目",
        submitted_on=dt.date(2023, 7, 10),
    )
    with at(10, 0):  # Monday 8:00 Beijing time
        bulletin = draft_bulletin(W27)
    summary = bulletin.snapshot["summary"]
    assert (summary["on_time"], summary["late"], summary["missing"]) == (1, 1, 1)
    assert summary["turned_red"] == 1
    rows = {row["code"]: row for row in bulletin.snapshot["units"]}
    assert rows["Z-A"]["state"] == "按时" and rows["Z-A"]["rank"] == 1
    assert rows["Z-D1"]["state"] == "迟报" and rows["Z-B"]["state"] == "未报"
    assert rows["Z-B"]["lights"]["red"] == 1 and rows["Z-B"]["last_week"]["green"] == 1
    assert rows["Z-B"]["changes"] == [
        {"number": "DB-B1", "name": lit_tasks.name, "from": "green", "to": "red"}
    ]
    assert "13912345678" not in str(bulletin.snapshot)  # typed into a filing: masked


def test_it_keeps_a_published_bulletin_as_it_was(world, departments, login):
    WeeklyFiling.objects.create(
        unit=world.street_a, week="2023-W27", done="原来的内容", submitted_on=dt.date(2023, 7, 9)
    )
    with at(10):
        bulletin = draft_bulletin(W27)
        publish_bulletin(bulletin, by=world.users["office"], note="本周整体较好")
    WeeklyFiling.objects.filter(unit=world.street_a).update(done="后来改过的内容")
    WeeklyFiling.objects.create(
        unit=world.street_b, week="2023-W27", done="补报", submitted_on=dt.date(2023, 7, 12)
    )
    with at(12):
        response = login("office").post(reverse("supervision:bulletin_draft", args=["2023-W27"]))
    assert response.status_code == 302
    page = Client().get(reverse("supervision:bulletin_public", args=["2023-W27"])).content.decode()
    assert "原来的内容" in page and "后来改过的内容" not in page and "补报" not in page
    assert "本周整体较好" in page
    assert Bulletin.objects.get().snapshot["summary"]["missing"] == 2
    assert list(published_bulletins()) == [bulletin]
    showcase = Client().get(reverse("showcase:index")).content.decode()
    assert reverse("supervision:bulletin_public", args=["2023-W27"]) in showcase


def test_it_shows_a_draft_to_the_office_only(world, departments, login):
    with at(10):
        draft_bulletin(W27)
    public = reverse("supervision:bulletin_public", args=["2023-W27"])
    assert Client().get(public).status_code == 404
    staff = reverse("supervision:bulletin_detail", args=["2023-W27"])
    assert login("office").get(staff).status_code == 200
    assert login("clerk").get(staff).status_code == 404


def test_it_writes_the_bulletin_from_the_command_line(world, departments, tmp_path):
    WeeklyFiling.objects.create(
        unit=world.street_a, week="2023-W27", done="走访企业5家", submitted_on=dt.date(2023, 7, 9)
    )
    html, word = tmp_path / "b.html", tmp_path / "b.docx"
    with at(10):
        call_command("weekly_bulletin", "2023-W27", "-o", str(html), stdout=io.StringIO())
        call_command(
            "weekly_bulletin", "2023-W27", "--format", "docx", "-o", str(word), stdout=io.StringIO()
        )
    text = html.read_text(encoding="utf-8")
    assert "“我的这7天”工作晾晒（2023年第27周）" in text and "走访企业5家" in text
    document = docx.Document(str(word))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "工作晾晒〔2023〕第27期" in body and "走访企业5家" in body
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "甲街道党工委" in cells and "未报" in cells
