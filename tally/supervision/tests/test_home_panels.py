"""Home panels: a clerk sees her tasks in red and yellow, the problems to rectify, the
reports due and her unread reminders; the office sees last week's bulletin draft, the
late and missing units, the red tasks and the overdue problems."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tally.supervision import services
from tally.supervision.bulletins import draft_bulletin, previous_week
from tally.supervision.lights import refresh_task_lights
from tally.supervision.models import Inspection, Notification, Problem, Task

from .factories import make_task

TODAY = dt.datetime(2023, 7, 4, 1, 0, tzinfo=dt.UTC)


def panel(response, template):
    return next((p for p in response.context["panels"] if p.template == template), None)


@pytest.fixture
def setting(world):
    with time_machine.travel(TODAY, tick=False):
        red = make_task(world.street_a, "DB-R", name="红灯事项", deadline=dt.date(2023, 6, 30))
        make_task(
            world.village_a, "DB-Y", name="黄灯事项", deadline=dt.date(2023, 7, 8), progress=95
        )
        make_task(
            world.street_a, "DB-G", name="绿灯事项", deadline=dt.date(2023, 12, 31), progress=60
        )
        make_task(world.street_b, "DB-B", name="乙街道红灯", deadline=dt.date(2023, 6, 1))
        refresh_task_lights(Task.objects.all())
        inspection = Inspection.objects.create(
            number="JC-1", kind="现场督办", date=dt.date(2023, 6, 1), org=world.department
        )
        Problem.objects.create(
            number="P-1",
            inspection=inspection,
            unit=world.street_a,
            description="台账不全",
            found_on=dt.date(2023, 6, 1),
            deadline=dt.date(2023, 7, 1),
        )
        services.declare_obligation(
            {
                "ledger_key": "weekly_filings",
                "name": "我的这7天",
                "frequency": "weekly",
                "due_day": 7,
                "unit_kinds": [],
                "starts_on": dt.date(2023, 6, 19),
                "active": True,
            },
            by=world.users["office"],
            units=[world.street_a, world.street_b],
        )
        draft_bulletin(previous_week(dt.date(2023, 7, 4)))
        Notification.objects.create(org=world.street_a, key="k", title="督查提醒", body="逾期1项")
    return red


def test_it_shows_a_clerk_what_is_due_from_her_street(world, login, setting):
    with time_machine.travel(TODAY, tick=False):
        response = login("clerk").get(reverse("home"))
    unit = panel(response, "supervision/panels/unit.html")
    assert unit.context["counts"] == {"red": 1, "yellow": 1}
    assert [t.number for t in unit.context["tasks"]] == ["DB-R", "DB-Y"]
    assert [p.number for p in unit.context["problems"]] == ["P-1"]
    assert {r.period for r in unit.context["reports"]} == {"2023-W25", "2023-W26", "2023-W27"}
    reminders = panel(response, "supervision/panels/notifications.html")
    assert reminders.context["count"] == 1
    assert panel(response, "supervision/panels/office.html") is None
    assert "乙街道红灯" not in response.content.decode()


def test_it_shows_the_office_the_bulletin_draft_and_what_is_late(world, login, setting):
    with time_machine.travel(TODAY, tick=False):
        response = login("office").get(reverse("home"))
    office = panel(response, "supervision/panels/office.html")
    assert office.context["bulletin"].week == "2023-W26"
    assert office.context["red"] == 2 and office.context["overdue"] == 1
    reporting = panel(response, "supervision/panels/reporting.html")
    assert reporting.context["counts"] == {"late": 0, "missing": 4}  # W25 and W26, A and B
    assert panel(response, "supervision/panels/unit.html") is None
