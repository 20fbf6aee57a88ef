"""Lights at their boundaries on frozen dates, a threshold change, and the light history:
one row per change, with its date."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from tally.lib.lights import LightRules
from tally.supervision.lights import (
    current_light_rules,
    lights_on,
    problems_with_light,
    refresh_task_lights,
    save_light_rules,
)
from tally.supervision.models import LightChange, Problem, Task

from .factories import make_task

# A 100-day task: expected progress is one point a day.
START = dt.date(2023, 3, 1)
DEADLINE = START + dt.timedelta(days=100)


def light_of(task, day):
    refresh_task_lights(Task.objects.filter(pk=task.pk), day=day)
    task.refresh_from_db()
    return task.light


@pytest.fixture
def task(world):
    return make_task(world.street_a, start_date=START, deadline=DEADLINE, progress=Decimal(40))


@pytest.mark.parametrize(
    ("days", "light"),
    [
        (50, "green"),  # expected 50, at 40: 10 behind is still on schedule
        (51, "yellow"),  # 11 behind
        (70, "yellow"),  # 30 behind
        (71, "red"),  # 31 behind
    ],
)
def test_it_lights_by_points_behind_the_expected_progress(task, days, light):
    assert light_of(task, START + dt.timedelta(days=days)) == light


def test_it_lights_yellow_within_seven_days_of_the_deadline_and_red_after_it(world):
    task = make_task(world.street_a, start_date=START, deadline=DEADLINE, progress=Decimal(95))
    assert light_of(task, DEADLINE - dt.timedelta(days=8)) == "green"
    assert light_of(task, DEADLINE - dt.timedelta(days=7)) == "yellow"
    assert light_of(task, DEADLINE) == "yellow"
    assert light_of(task, DEADLINE + dt.timedelta(days=1)) == "red"


def test_it_keeps_a_done_task_green_after_its_deadline(world):
    task = make_task(world.street_a, start_date=START, deadline=DEADLINE, status="已完成")
    assert light_of(task, DEADLINE + dt.timedelta(days=30)) == "green"


def test_it_follows_the_milestones_instead_of_a_straight_line(world):
    task = make_task(world.street_a, start_date=START, deadline=DEADLINE, progress=Decimal(20))
    task.milestones.create(date=START + dt.timedelta(days=50), percent=Decimal(20))
    # A straight line expects 50 by day 50 (30 behind: yellow); the milestone expects 20.
    assert light_of(task, START + dt.timedelta(days=50)) == "green"


def test_it_applies_a_threshold_change_at_once_and_keeps_it(task):
    day = START + dt.timedelta(days=55)  # 15 points behind
    with time_machine.travel(dt.datetime(2023, 4, 25, 9, 0, tzinfo=dt.UTC), tick=False):
        assert light_of(task, None) == "yellow"
        changed = save_light_rules(LightRules(yellow_lag=Decimal(20)))
    assert changed == 1
    task.refresh_from_db()
    assert (task.light, task.light_on) == ("green", day)
    assert current_light_rules().yellow_lag == Decimal(20)


def test_it_keeps_a_history_row_per_change_with_its_date(task):
    days = [START + dt.timedelta(days=n) for n in (40, 45, 55, 60, 75)]
    for day in days:
        light_of(task, day)
    history = list(
        LightChange.objects.filter(task=task).order_by("on").values_list("on", "light", "previous")
    )
    assert history == [
        (days[0], "green", ""),
        (days[2], "yellow", "green"),
        (days[4], "red", "yellow"),
    ]
    assert lights_on([task.pk], days[3]) == {task.pk: "yellow"}
    assert lights_on([task.pk], days[0] - dt.timedelta(days=1)) == {}


def test_it_keeps_one_row_a_day_when_the_light_changes_back_the_same_day(task):
    day = START + dt.timedelta(days=55)
    light_of(task, START + dt.timedelta(days=40))  # green
    assert light_of(task, day) == "yellow"
    Task.objects.filter(pk=task.pk).update(progress=Decimal(50))
    assert light_of(task, day) == "green"
    assert list(LightChange.objects.filter(task=task).values_list("light", flat=True)) == ["green"]


def test_it_lights_problems_by_their_deadline(world):
    from tally.supervision.models import Inspection

    inspection = Inspection.objects.create(
        number="JC-1", kind="现场督办", date=dt.date(2023, 3, 1), org=world.root
    )
    deadline = dt.date(2023, 4, 15)
    common = {"inspection": inspection, "unit": world.street_a, "found_on": dt.date(2023, 3, 1)}
    Problem.objects.create(number="P1", description="甲", deadline=deadline, **common)
    Problem.objects.create(
        number="P2",
        description="乙",
        deadline=deadline,
        status="已整改",
        rectified_on=dt.date(2023, 4, 1),
        **common,
    )

    def lights(day):
        rows = problems_with_light(Problem.objects.order_by("number"), day=day)
        return [p.light for p in rows]

    assert lights(dt.date(2023, 4, 7)) == ["green", "green"]
    assert lights(dt.date(2023, 4, 8)) == ["yellow", "green"]
    assert lights(dt.date(2023, 4, 15)) == ["yellow", "green"]
    assert lights(dt.date(2023, 4, 16)) == ["red", "green"]
