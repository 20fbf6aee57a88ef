"""The task workflow through its pages: the office registers and assigns (立项 → 交办), the
lead unit files progress with attachments, the office marks done and closes (办结 → 销号);
every step is history. Bad input is refused in plain words and nothing is written."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from PIL import Image

from conftest import make_user
from tally.supervision.models import Attachment, ProgressReport, Task, TaskEvent

from .factories import register

TODAY = dt.datetime(2023, 7, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def monday():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def task(world):
    return register(
        world.users["office"],
        world.street_a,
        partners=[world.street_b],
        start_date=dt.date(2023, 1, 1),
        deadline=dt.date(2023, 12, 31),
    )


def url(name, *args):
    return reverse(f"supervision:{name}", args=args)


def progress_data(**extra):
    return {"reported_on": "2023-07-01", "percent": "55", "done": "完成主体封顶"} | extra


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_it_registers_and_assigns_a_task_with_its_history(world, login):
    response = login("office").post(
        url("task_new"),
        {
            "number": "DB2023-001",
            "name": "新能源汽车产业园建设",
            "source": "党工委会议",
            "lead_unit": world.street_a.pk,
            "partners": [world.department.pk],
            "start_date": "2023-01-01",
            "deadline": "2023-12-31",
            "milestones": "2023-06-30 50 主体封顶",
            "assign": "1",
        },
    )
    task = Task.objects.get(number="DB2023-001")
    assert response.status_code == 302 and response["Location"] == url("task_detail", task.pk)
    assert task.assigned and list(task.partners.all()) == [world.department]
    assert task.milestones.get().percent == Decimal(50)
    kinds = set(task.events.values_list("kind", flat=True))
    assert kinds == {TaskEvent.Kind.REGISTERED, TaskEvent.Kind.ASSIGNED}
    # expected 50% by 30 June, nothing reported: 50 points behind on 3 July.
    assert task.light == "red" and task.light_changes.count() == 1


def test_it_shows_a_registered_task_to_its_units_only_once_assigned(world, login):
    task = register(world.users["office"], world.street_a)
    Task.objects.filter(pk=task.pk).update(assigned=False)
    clerk = login("clerk")
    assert clerk.get(url("task_detail", task.pk)).status_code == 404
    login("office").post(url("task_assign", task.pk))
    assert clerk.get(url("task_detail", task.pk)).status_code == 200


def test_it_refuses_a_deadline_before_the_start(world, login):
    response = login("office").post(
        url("task_new"),
        {
            "number": "DB2023-009",
            "name": "倒排的事项",
            "source": "领导批示",
            "lead_unit": world.street_a.pk,
            "start_date": "2023-05-01",
            "deadline": "2023-04-01",
        },
    )
    assert response.status_code == 200
    assert "完成时限早于开始日期" in response.content.decode()
    assert not Task.objects.exists()


def test_it_lets_the_lead_unit_file_progress_with_an_attachment(world, login, task, media):
    data = progress_data(files=[io.BytesIO(png_bytes())])
    data["files"][0].name = "现场照片.png"
    response = login("clerk").post(url("task_progress", task.pk), data)
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.progress == Decimal(55) and task.status == "推进中"
    assert task.last_report_on == dt.date(2023, 7, 1)
    report = ProgressReport.objects.get()
    attachment = report.attachments.get()
    assert (attachment.name, attachment.content_type) == ("现场照片.png", "image/png")
    assert task.events.filter(kind=TaskEvent.Kind.PROGRESS).count() == 1
    download = login("sibling_clerk").get(url("attachment", attachment.pk))
    assert download.status_code == 200  # street B cooperates: it reads the task
    assert "attachment;" in download["Content-Disposition"]
    outsider = make_user("outsider", "unit", world.department)
    client = login("clerk")
    client.force_login(outsider)
    assert client.get(url("attachment", attachment.pk)).status_code == 404


def test_it_gives_a_cooperating_unit_no_progress_form(world, login, task):
    client = login("sibling_clerk")
    assert client.get(url("task_detail", task.pk)).status_code == 200
    assert client.get(url("task_progress", task.pk)).status_code == 404
    assert client.post(url("task_progress", task.pk), progress_data()).status_code == 404
    assert not ProgressReport.objects.exists()


def test_it_hides_another_units_task_from_a_clerk(world, login):
    task = register(world.users["office"], world.street_b)
    client = login("clerk")
    assert client.get(url("task_detail", task.pk)).status_code == 404
    assert client.post(url("task_progress", task.pk), progress_data()).status_code == 404
    task.refresh_from_db()
    assert task.progress == 0 and not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (progress_data(percent="120"), "0"),
        (progress_data(reported_on="2023-07-04"), "未来"),
        (progress_data(reported_on="2022-12-31"), "开始之前"),
        (progress_data(done=""), ""),
    ],
)
def test_it_refuses_bad_progress_and_writes_nothing(world, login, task, data, reason):
    response = login("clerk").post(url("task_progress", task.pk), data)
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not ProgressReport.objects.exists()
    task.refresh_from_db()
    assert task.progress == 0


def test_it_refuses_a_lower_progress_without_a_reason(world, login, task):
    client = login("clerk")
    client.post(url("task_progress", task.pk), progress_data(percent="60"))
    response = client.post(url("task_progress", task.pk), progress_data(percent="40"))
    assert response.status_code == 200 and "原因" in response.content.decode()
    assert ProgressReport.objects.count() == 1
    client.post(url("task_progress", task.pk), progress_data(percent="40", reason="重新核定工程量"))
    task.refresh_from_db()
    assert task.progress == Decimal(40) and ProgressReport.objects.count() == 2


def test_it_refuses_an_attachment_that_is_not_what_it_claims(world, login, task, media):
    fake = io.BytesIO(b"<html><script>alert(1)</script></html>")
    fake.name = "照片.jpg"
    response = login("clerk").post(url("task_progress", task.pk), progress_data(files=[fake]))
    assert response.status_code == 200 and "照片.jpg" in response.content.decode()
    assert not ProgressReport.objects.exists() and not Attachment.objects.exists()


def test_it_marks_done_and_closes_with_history(world, login, task):
    office = login("office")
    assert office.post(url("task_close", task.pk)).status_code == 302
    task.refresh_from_db()
    assert task.status == "未启动"  # not done yet: closing is refused
    office.post(url("task_done", task.pk), {"note": "验收合格"})
    office.post(url("task_close", task.pk))
    task.refresh_from_db()
    assert task.status == "已销号" and task.done_on == task.closed_on == dt.date(2023, 7, 3)
    assert task.light == "green"
    kinds = list(task.events.order_by("at", "id").values_list("kind", flat=True))
    assert kinds[-2:] == [TaskEvent.Kind.DONE, TaskEvent.Kind.CLOSED]
    refused = login("clerk").post(url("task_progress", task.pk), progress_data())
    assert "已销号" in refused.content.decode() and not ProgressReport.objects.exists()


def test_it_keeps_the_workflow_to_the_office(world, login, task):
    for name in ("task_done", "task_close", "task_reopen", "task_assign"):
        assert login("clerk").post(url(name, task.pk)).status_code == 403
    task.refresh_from_db()
    assert task.status == "未启动"
