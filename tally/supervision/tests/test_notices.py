"""Notices: plating tasks issues a numbered 挂牌督办通知; numbers run per year and kind
without gaps, also under concurrent issue; the Word file has FORMATS.md's format, is
stored, and generating it again gives the same bytes; `render_notice` writes it."""

import datetime as dt
import io
import re
import threading
from pathlib import Path

import docx
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.urls import reverse

from tally.supervision import services
from tally.supervision.documents import notice_docx
from tally.supervision.models import Notice, NoticeKind, Task, TaskEvent

from .factories import import_sheet, messages_of, register

NOTICE = ["通知编号", "类别", "印发日期", "涉及事项编号"]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2023, 7, 3, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def tasks(world, media):
    office = world.users["office"]
    return [
        register(office, world.street_a, "DB2023-001", name="新能源汽车产业园建设"),
        register(
            office, world.street_b, "DB2023-002", name="老旧小区改造", requirement="9月底完工"
        ),
        register(office, world.department, "DB2023-003", name="招商引资签约"),
    ]


def test_it_plates_tasks_and_issues_a_numbered_notice_from_the_page(world, login, tasks):
    response = login("office").post(
        reverse("supervision:task_plate"),
        {"tasks": [tasks[0].pk, tasks[1].pk], "issued_on": "2023-07-03"},
    )
    notice = Notice.objects.get()
    assert response["Location"] == reverse("supervision:notice_detail", args=[notice.pk])
    assert (notice.kind, notice.number) == (NoticeKind.LISTED, "〔2023〕第1期")
    assert notice.title == "关于对“新能源汽车产业园建设”等2项重点工作实行挂牌督办的通知"
    listed = Task.objects.filter(level="挂牌督办", plated_on=dt.date(2023, 7, 3))
    assert set(listed) == {tasks[0], tasks[1]}
    assert tasks[0].events.filter(kind=TaskEvent.Kind.NOTICE).exists()
    assert notice.file and len(notice.file_sha256) == 64


def test_it_numbers_per_year_and_kind_and_follows_imported_numbers(world, tasks):
    office = world.users["office"]
    first = services.issue_notice(NoticeKind.SPECIAL, tasks[:1], by=office)
    batch = import_sheet(
        "notices", NOTICE, [["〔2023〕第5期", "专题督办通知", "2023-06-01", "DB2023-002"]], office
    )
    assert batch.error_count == 0, batch.errors
    after_import = services.issue_notice(NoticeKind.SPECIAL, tasks[:1], by=office)
    listed = services.plate_tasks(tasks[2:], by=office)
    next_year = services.issue_notice(
        NoticeKind.SPECIAL, tasks[:1], by=office, issued_on=dt.date(2024, 1, 2)
    )
    assert [first.number, after_import.number] == ["〔2023〕第1期", "〔2023〕第6期"]
    assert listed.number == "〔2023〕第1期"
    assert next_year.number == "〔2024〕第1期"


def test_it_refuses_a_notice_naming_an_unknown_task(world, tasks, english):
    rows = [["〔2023〕第2期", "挂牌督办通知", "2023-06-01", "DB2023-001、DB2023-404"]]
    batch = import_sheet("notices", NOTICE, rows, world.users["office"])
    assert batch.error_count == 1 and "DB2023-404" in " ".join(messages_of(batch))
    assert not Notice.objects.exists()


@pytest.mark.parametrize(
    ("number", "reason"),
    [("2023-7", "〔2023〕第7期"), ("〔2023〕第07期", "leading zeros"), ("〔2022〕第7期", "year")],
)
def test_it_refuses_a_badly_written_number(world, tasks, english, number, reason):
    rows = [[number, "挂牌督办通知", "2023-06-01", "DB2023-001"]]
    batch = import_sheet("notices", NOTICE, rows, world.users["office"])
    assert batch.error_count == 1 and reason in " ".join(messages_of(batch))
    assert not Notice.objects.exists()


def test_it_refuses_to_plate_a_listed_task_and_writes_nothing(world, tasks):
    office = world.users["office"]
    services.plate_tasks(tasks[:1], by=office)
    with pytest.raises(services.SupervisionError):
        services.plate_tasks(tasks[:2], by=office)
    assert Notice.objects.count() == 1
    assert Task.objects.get(pk=tasks[1].pk).plated_on is None


def test_it_writes_the_official_format(world, tasks):
    notice = services.plate_tasks(tasks[:2], by=world.users["office"])
    data = notice.file.read()
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    margins = [section.top_margin, section.left_margin, section.bottom_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 28, 35, 26]
    assert round(section.page_width.mm) == 210
    assert document.settings.odd_and_even_pages_header_footer
    xml = document.element.xml
    text = "\n".join(p.text for p in document.paragraphs)
    assert "督办通知〔2023〕第1期" in text and "各街道党工委，区直各部门：" in text
    assert "2023年7月3日" in text and "9月底完工" in text
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "新能源汽车产业园建设" in cells and "乙街道党工委" in cells
    assert 'w:eastAsia="仿宋_GB2312"' in xml
    footers = "".join(
        s.footer._element.xml + s.even_page_footer._element.xml for s in document.sections
    )
    assert "PAGE" in footers and "—" in footers
    assert notice_docx(notice) == data  # generating again gives the same bytes


def test_it_renders_a_notice_from_the_command_line(world, tasks, tmp_path):
    notice = services.plate_tasks(tasks[:1], by=world.users["office"])
    out = tmp_path / "notice.docx"
    arguments = ("挂牌督办通知", "〔2023〕第1期", "-o", str(out))
    call_command("render_notice", *arguments, stdout=io.StringIO())
    assert out.read_bytes() == Path(notice.file.path).read_bytes()
    with pytest.raises(CommandError):
        call_command("render_notice", "挂牌督办通知", "〔2023〕第9期", "-o", str(out))
    with pytest.raises(CommandError):
        call_command("render_notice", "通报", "〔2023〕第1期", "-o", str(out))


# --- choosing among many tasks -------------------------------------------------------


def ticked_and_shown(response) -> tuple[set[str], set[str]]:
    html = response.content.decode()
    boxes = re.findall(r'<input type="checkbox" name="tasks" value="(\d+)"[^>]*>', html)
    ticked = re.findall(r'<input type="checkbox" name="tasks" value="(\d+)"[^>]*checked', html)
    return set(ticked), set(boxes)


def test_the_form_shows_a_few_tasks_and_finds_the_others(world, login, tasks, monkeypatch):
    """A city has 20,000 open tasks: the form shows the ticked ones and a few others, a
    search finds the rest (ticks kept), and any open task can be chosen."""
    monkeypatch.setattr("tally.supervision.forms.SHOWN_TASKS", 1)
    client = login("office")
    page = reverse("supervision:notice_new")
    response = client.get(page)
    ticked, shown = ticked_and_shown(response)
    assert shown == {str(tasks[0].pk)} and not ticked
    assert response.context["form"].more_tasks  # the page says there are more
    search = {"tasks": [tasks[0].pk], "q": "招商", "search": "1", "title": "关于招商的通知"}
    response = client.post(page, search)
    assert response.status_code == 200 and not Notice.objects.exists()
    ticked, shown = ticked_and_shown(response)
    assert ticked == {str(tasks[0].pk)} and shown == {str(tasks[0].pk), str(tasks[2].pk)}
    assert 'value="关于招商的通知"' in response.content.decode()
    response = client.post(page, {"tasks": [tasks[1].pk, tasks[2].pk], "issued_on": "2023-07-03"})
    notice = Notice.objects.get()
    assert response["Location"] == reverse("supervision:notice_detail", args=[notice.pk])
    assert set(notice.tasks.all()) == {tasks[1], tasks[2]}


def test_the_plate_form_shows_the_lists_selection_ticked(world, login, tasks, monkeypatch):
    monkeypatch.setattr("tally.supervision.forms.SHOWN_TASKS", 1)
    path = reverse("supervision:task_plate") + f"?task={tasks[2].pk}&task=x"
    ticked, shown = ticked_and_shown(login("office").get(path))
    assert ticked == {str(tasks[2].pk)} and shown == {str(tasks[0].pk), str(tasks[2].pk)}


# --- concurrent issue ------------------------------------------------------------------


def in_memory_sqlite() -> bool:
    name = str(connection.settings_dict["NAME"])
    return connection.vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name)


def issue_in_thread(task_pk, office, barrier, outcomes):
    try:
        task = Task.objects.get(pk=task_pk)
        barrier.wait(timeout=10)
        notice = services.issue_notice(NoticeKind.SPECIAL, [task], by=office)
        outcomes.append(notice.number)
    except Exception as error:  # anything else is a failure the test must show
        outcomes.append(repr(error))
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("in_memory_sqlite()", reason="needs a shared database (file or PostgreSQL)")
@pytest.mark.parametrize("attempt", range(3))
def test_it_numbers_simultaneous_notices_without_gap_or_repeat(world, media, attempt):
    office = world.users["office"]
    task = register(office, world.street_a, "DB2023-001")
    threads_count = 4
    barrier, outcomes = threading.Barrier(threads_count), []
    threads = [
        threading.Thread(target=issue_in_thread, args=(task.pk, office, barrier, outcomes))
        for _ in range(threads_count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    expected = [f"〔2023〕第{n}期" for n in range(1, threads_count + 1)]
    assert sorted(outcomes) == sorted(expected), outcomes
    assert sorted(Notice.objects.values_list("number", flat=True)) == sorted(expected)
