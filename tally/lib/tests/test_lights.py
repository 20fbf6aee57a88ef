"""Lights at their boundaries (DOMAIN.md "Lights"; FORMATS.md "Supervision conventions")."""

import datetime as dt
from decimal import Decimal

import pytest

from tally.lib.lights import (
    GREEN,
    RED,
    YELLOW,
    LightRules,
    expected_progress,
    lag_points,
    light_for,
)

START = dt.date(2023, 1, 1)
DEADLINE = dt.date(2023, 12, 31)  # 364 days: day 182 (2 July) is exactly 50 %
HALF_DAY = dt.date(2023, 7, 2)


def light(progress, day, **extra):
    return light_for(progress=progress, start=START, deadline=DEADLINE, day=day, **extra)


def test_it_expects_linear_progress_from_start_to_deadline():
    assert expected_progress(START, DEADLINE, START) == 0
    assert expected_progress(START, DEADLINE, HALF_DAY) == 50
    assert expected_progress(START, DEADLINE, DEADLINE) == 100
    assert expected_progress(START, DEADLINE, dt.date(2024, 3, 1)) == 100
    assert expected_progress(START, DEADLINE, dt.date(2022, 12, 1)) == 0


def test_it_expects_progress_along_milestones():
    milestones = [(dt.date(2023, 3, 1), Decimal(80))]
    # 59 days to 1 March: 80 % there, then linear to 100 % at the deadline.
    assert expected_progress(START, DEADLINE, dt.date(2023, 3, 1), milestones) == 80
    assert expected_progress(START, DEADLINE, dt.date(2023, 1, 30), milestones) > 39
    assert expected_progress(START, DEADLINE, DEADLINE, milestones) == 100


@pytest.mark.parametrize(
    ("progress", "expected"),
    [(50, GREEN), (40, GREEN), (Decimal("39.9"), YELLOW), (20, YELLOW), (Decimal("19.9"), RED)],
)
def test_it_lights_by_the_points_behind_expected_progress(progress, expected):
    assert light(progress, HALF_DAY) == expected


def test_it_is_green_when_done_even_past_the_deadline():
    assert light(100, dt.date(2024, 2, 1), done=True) == GREEN


def test_it_is_red_past_the_deadline_when_not_done():
    assert light(99, dt.date(2024, 1, 1)) == RED
    assert light(99, DEADLINE) == YELLOW  # the deadline day itself is not past it


def test_it_is_yellow_within_seven_days_of_the_deadline():
    assert light(99, dt.date(2023, 12, 24)) == YELLOW
    assert light(99, dt.date(2023, 12, 23)) == GREEN


def test_it_lights_work_not_started_after_a_month_and_three_months():
    short = {"start": START, "deadline": dt.date(2030, 1, 1)}  # lag stays small
    assert light_for(progress=0, day=dt.date(2023, 2, 1), **short) == GREEN
    assert light_for(progress=0, day=dt.date(2023, 2, 2), **short) == YELLOW
    assert light_for(progress=0, day=dt.date(2023, 4, 3), **short) == YELLOW
    assert light_for(progress=0, day=dt.date(2023, 4, 4), **short) == RED


def test_it_follows_changed_thresholds():
    strict = LightRules(yellow_lag=Decimal(5), red_lag=Decimal(15))
    assert light(44, HALF_DAY, rules=strict) == YELLOW
    assert light(34, HALF_DAY, rules=strict) == RED


def test_it_reads_rules_back_from_their_json_and_defaults_what_is_missing():
    rules = LightRules(yellow_lag=Decimal(8), due_soon_days=3)
    assert LightRules.from_json(rules.to_json()) == rules
    assert LightRules.from_json('{"red_lag": "25"}') == LightRules(red_lag=Decimal(25))
    assert LightRules.from_json("not json") == LightRules()
    assert LightRules.from_json('{"yellow_lag": "50", "red_lag": "20"}') == LightRules()


def test_it_refuses_inconsistent_rules():
    with pytest.raises(ValueError):
        LightRules(yellow_lag=Decimal(40), red_lag=Decimal(30))


def test_it_measures_points_behind_and_ahead():
    assert lag_points(40, START, DEADLINE, HALF_DAY) == Decimal("10.0")
    assert lag_points(60, START, DEADLINE, HALF_DAY) == Decimal("-10.0")
