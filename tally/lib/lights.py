"""Lights (亮灯) of supervised work: tasks, construction projects, rectification problems.

Work is expected to progress linearly from its start to its deadline, or along its
milestones. The light compares the reported progress with that expectation on a given day
(DOMAIN.md "Lights", FORMATS.md "Supervision conventions"):

- green: done, or on schedule (lagging by no more than `yellow_lag` points);
- yellow: lagging by more than `yellow_lag` points, or due within `due_soon_days` days and
  not done, or not started `not_started_yellow_days` after its start;
- red: past its deadline and not done, lagging by more than `red_lag` points, or not started
  `not_started_red_days` after its start.

The rules are data (an administrator changes them); `LightRules.from_json` reads them from
wherever a deployment keeps them. Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from itertools import pairwise

GREEN = "green"
YELLOW = "yellow"
RED = "red"
LIGHTS = (GREEN, YELLOW, RED)
# Worst first: lists sort red before yellow before green.
SEVERITY = {RED: 0, YELLOW: 1, GREEN: 2}

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class LightRules:
    yellow_lag: Decimal = Decimal(10)  # points behind the expected progress
    red_lag: Decimal = Decimal(30)
    due_soon_days: int = 7
    not_started_yellow_days: int = 31  # "not started in the planned month"
    not_started_red_days: int = 92  # "three months late"

    def __post_init__(self):
        if not (0 <= self.yellow_lag <= self.red_lag <= HUNDRED):
            raise ValueError("lags must satisfy 0 ≤ yellow ≤ red ≤ 100")
        if min(self.due_soon_days, self.not_started_yellow_days, self.not_started_red_days) < 0:
            raise ValueError("day counts cannot be negative")
        if self.not_started_yellow_days > self.not_started_red_days:
            raise ValueError("the not-started yellow limit must come before the red one")

    def to_json(self) -> str:
        return json.dumps({k: str(v) for k, v in asdict(self).items()}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> LightRules:
        """The stored rules; the defaults for anything missing or unreadable."""
        try:
            stored = json.loads(text) if text else {}
        except ValueError:
            stored = {}
        if not isinstance(stored, dict):
            stored = {}
        values = {}
        for spec in fields(cls):
            if spec.name in stored:
                kind = Decimal if spec.type in ("Decimal", Decimal) else int
                try:
                    values[spec.name] = kind(str(stored[spec.name]))
                except (ValueError, ArithmeticError):
                    continue
        try:
            return cls(**values)
        except ValueError:
            return cls()


DEFAULT_RULES = LightRules()


def expected_progress(
    start: dt.date,
    deadline: dt.date,
    day: dt.date,
    milestones: list[tuple[dt.date, Decimal]] | None = None,
) -> Decimal:
    """The progress (0–100) expected on `day`: linear from 0 at `start` to 100 at
    `deadline`, or piecewise linear through the milestones (date, percent) when given."""
    points = [(start, Decimal(0)), *sorted(milestones or []), (deadline, HUNDRED)]
    if day <= points[0][0]:
        return Decimal(0)
    for (left_day, left_pct), (right_day, right_pct) in pairwise(points):
        if day <= right_day:
            span = (right_day - left_day).days
            if span <= 0:
                return Decimal(right_pct)
            share = Decimal((day - left_day).days) / Decimal(span)
            return Decimal(left_pct) + (Decimal(right_pct) - Decimal(left_pct)) * share
    return HUNDRED


def light_for(
    *,
    progress: Decimal | int | None,
    start: dt.date,
    deadline: dt.date,
    day: dt.date,
    done: bool = False,
    milestones: list[tuple[dt.date, Decimal]] | None = None,
    rules: LightRules = DEFAULT_RULES,
) -> str:
    """The light of one piece of work on `day` (see the module's docstring)."""
    if done:
        return GREEN
    if day > deadline:
        return RED
    reported = Decimal(progress or 0)
    lag = expected_progress(start, deadline, day, milestones) - reported
    days_since_start = (day - start).days
    if lag > rules.red_lag:
        return RED
    if reported <= 0 and days_since_start > rules.not_started_red_days:
        return RED
    if lag > rules.yellow_lag:
        return YELLOW
    if reported <= 0 and days_since_start > rules.not_started_yellow_days:
        return YELLOW
    if (deadline - day).days <= rules.due_soon_days and reported < HUNDRED:
        return YELLOW
    return GREEN


def lag_points(
    progress: Decimal | int | None,
    start: dt.date,
    deadline: dt.date,
    day: dt.date,
    milestones: list[tuple[dt.date, Decimal]] | None = None,
) -> Decimal:
    """Points behind (positive) or ahead (negative) of the expected progress."""
    expected = expected_progress(start, deadline, day, milestones)
    return (expected - Decimal(progress or 0)).quantize(Decimal("0.1"))
