"""Metric declarations: the contract between the engine and every app's metrics.py.

A metric is a stable key (DOMAIN.md's table), a label, a unit and a definition. Two families:

- ledger metrics count, sum or count distinct values of a ledger's rows, filtered, in an
  organisation's subtree, by a date against the period (FLOW, TO_DATE, YEAR_TO_DATE,
  ANY_TIME); `custom` ones bring their own rows function (stocks "as of the period's end");
- derived metrics combine other metrics' values: rate, share, formula, YoY, target
  completion, time progress, points ahead of time progress, "double half".

Declarations are plain data; the engine (engine.py) turns them into queries. Apps register
them at import time with `tally.metrics.registry.register(*metrics)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tally.lib.periods import Period, half_period

# Date modes of ledger metrics.
FLOW = "flow"  # the row's date falls inside the period
TO_DATE = "to_date"  # on or before the period's last day ("by the end of P")
YEAR_TO_DATE = "year_to_date"  # from 1 January of the period's year to its last day
ANY_TIME = "any"  # no date filter
MODES = (FLOW, TO_DATE, YEAR_TO_DATE, ANY_TIME)

# Aggregates of ledger metrics.
COUNT = "count"
SUM = "sum"
DISTINCT = "distinct"

# Units with their own formatting rules (formatting.py).
PERCENT = "%"
POINTS = "个百分点"
NO_UNIT = ""

# Where "double half" is judged: the end of June of the period's year.
MID_YEAR_MONTH, MID_YEAR_DAY = 6, 30


class MetricError(Exception):
    """A declaration that cannot work: a programming error, raised at declaration time
    when it can be seen then."""


@dataclass(frozen=True)
class Input:
    """One value a derived metric needs: metric `key` over `period`, known as `name`."""

    name: str
    key: str
    period: Period


@dataclass(frozen=True, eq=False)
class Metric:
    key: str
    label: Any
    unit: str
    description: Any = ""

    kind = ""

    def __post_init__(self):
        if not self.key or "." not in self.key or self.key != self.key.strip():
            raise MetricError(f"metric key {self.key!r} must look like 'ledger.figure'")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.key}>"

    @property
    def is_derived(self) -> bool:
        return False


# --- ledger metrics ------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class LedgerMetric(Metric):
    """count / total / distinct / custom over the rows of one ledger."""

    ledger: str = ""
    aggregate: str = COUNT
    field: str | None = None  # the model path summed or counted distinct
    where: Q | None = None
    date: str | None = None  # model path of the date; None: the ledger's date field
    mode: str = FLOW
    org_field: str | None = None  # model path of the owning Org; None: the ledger's
    queryset: Callable[[], QuerySet] | None = None  # the base rows; None: the ledger's
    rows: Callable[[Any, Period], QuerySet] | None = None  # custom: (org, period) -> rows

    def __post_init__(self):
        super().__post_init__()
        if not self.ledger:
            raise MetricError(f"{self.key}: a ledger metric names its ledger")
        if self.aggregate not in (COUNT, SUM, DISTINCT):
            raise MetricError(f"{self.key}: unknown aggregate {self.aggregate!r}")
        if self.aggregate != COUNT and not self.field:
            raise MetricError(f"{self.key}: a {self.aggregate} needs the field it aggregates")
        if self.mode not in MODES:
            raise MetricError(f"{self.key}: unknown date mode {self.mode!r}")

    @property
    def kind(self) -> str:
        return "custom" if self.rows else self.aggregate

    def date_bounds(self, period: Period) -> tuple[dt.date | None, dt.date | None]:
        """The inclusive date range a row's date must fall in (None: unbounded)."""
        if self.mode == FLOW:
            return period.start, period.end
        if self.mode == TO_DATE:
            return None, period.end
        if self.mode == YEAR_TO_DATE:
            return period.year_start, period.end
        return None, None


def _as_q(where: Q | Mapping | None) -> Q | None:
    if where is None or isinstance(where, Q):
        return where
    if isinstance(where, Mapping):
        return Q(**where)
    raise MetricError(f"`where` must be a Q or a dict, not {type(where).__name__}")


def ledger_metric(
    key,
    label,
    unit,
    *,
    ledger,
    aggregate=COUNT,
    field=None,
    where=None,
    date=None,
    mode=FLOW,
    org_field=None,
    queryset=None,
    description="",
) -> LedgerMetric:
    """The rows of `ledger` (in the organisation's subtree, `where` holds, the date at
    `date` — the ledger's own date by default — against the period by `mode`),
    aggregated: COUNT rows, SUM `field` (0 when there are none), or count the DISTINCT
    non-empty values of `field`."""
    return LedgerMetric(
        key,
        label,
        unit,
        description,
        ledger=ledger,
        aggregate=aggregate,
        field=field,
        where=_as_q(where),
        date=date,
        mode=mode,
        org_field=org_field,
        queryset=queryset,
    )


# Shorthands every app's metrics.py reads well with: count(...), total(..., field=...).
count = partial(ledger_metric, aggregate=COUNT)
total = partial(ledger_metric, aggregate=SUM)
distinct = partial(ledger_metric, aggregate=DISTINCT)


def custom(
    key, label, unit, *, ledger, rows, aggregate=COUNT, org_field=None, description=""
) -> LedgerMetric:
    """Rows from a function `(org, period) -> QuerySet` that filters the organisation's
    subtree and the dates itself (e.g. a stock taken from history rows); `aggregate` is
    "count", ("sum", field) or ("distinct", field)."""
    if not callable(rows):
        raise MetricError(f"{key}: `rows` must be a function (org, period) -> QuerySet")
    kind, field_path = (aggregate, None) if isinstance(aggregate, str) else aggregate
    return LedgerMetric(
        key,
        label,
        unit,
        description,
        ledger=ledger,
        aggregate=kind,
        field=field_path,
        mode=ANY_TIME,
        org_field=org_field,
        rows=rows,
    )


def generic_rows(ledger_key: str) -> Callable[[], QuerySet]:
    """The base rows of a generic (admin-defined) ledger, for `queryset=`."""

    def rows() -> QuerySet:
        from tally.ledgers.models import GenericRecord

        return (
            GenericRecord.objects.filter(ledger_type__key=ledger_key)
            .select_related("org")
            .order_by("-date", "-id")
        )

    return rows


# --- derived metrics -----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class DerivedMetric(Metric):
    """A value computed from other metrics' values; it has no rows of its own."""

    kind = "formula"

    @property
    def is_derived(self) -> bool:
        return True

    def inputs(self, period: Period) -> list[Input]:
        raise NotImplementedError

    def combine(self, values: dict[str, Any], period: Period) -> Any:
        """The value from the inputs' values ({input name: value}); None when it cannot
        be computed (a zero base, a missing input)."""
        raise NotImplementedError

    def explained(self, label_of: Callable[[str], str]) -> str:
        """The definition in plain words, naming the inputs by `label_of(key)` (the
        metric page's text when the declaration has no description)."""
        return _("Computed by a rule of its own.")


def percent_of(part, whole) -> Decimal | None:
    """part / whole × 100; None when either is missing or the whole is zero."""
    if part is None or whole is None or whole == 0:
        return None
    return Decimal(part) * 100 / Decimal(whole)


@dataclass(frozen=True, eq=False)
class Rate(DerivedMetric):
    numerator: str = ""
    denominator: str = ""
    kind = "rate"

    def inputs(self, period):
        return [
            Input("numerator", self.numerator, period),
            Input("denominator", self.denominator, period),
        ]

    def combine(self, values, period):
        return percent_of(values["numerator"], values["denominator"])

    def explained(self, label_of):
        names = {"part": label_of(self.numerator), "whole": label_of(self.denominator)}
        return (
            _("“%(part)s” divided by “%(whole)s”, in percent; no figure when “%(whole)s” is zero.")
            % names
        )


@dataclass(frozen=True, eq=False)
class Formula(DerivedMetric):
    input_keys: tuple[str, ...] = ()
    fn: Callable[[dict, Period], Any] | None = None

    def inputs(self, period):
        return [Input(key, key, period) for key in self.input_keys]

    def combine(self, values, period):
        return self.fn(values, period)

    def explained(self, label_of):
        if not self.input_keys:
            return super().explained(label_of)
        inputs = "、".join(f"“{label_of(key)}”" for key in self.input_keys)
        return _("Computed from %(inputs)s.") % {"inputs": inputs}


@dataclass(frozen=True, eq=False)
class YearOnYear(DerivedMetric):
    base: str = ""
    kind = "yoy"

    def inputs(self, period):
        return [
            Input("this_year", self.base, period),
            Input("last_year", self.base, period.same_period_last_year()),
        ]

    def combine(self, values, period):
        now, before = values["this_year"], values["last_year"]
        # A growth rate over a zero or negative base says nothing: no figure.
        if now is None or before is None or before <= 0:
            return None
        return (Decimal(now) - Decimal(before)) * 100 / abs(Decimal(before))

    def explained(self, label_of):
        return _(
            "Growth of “%(base)s” against the same period of the year before, in percent: "
            "(this year − last year) / last year; no figure when last year's value is zero "
            "or negative."
        ) % {"base": label_of(self.base)}


@dataclass(frozen=True, eq=False)
class Completion(DerivedMetric):
    actual: str = ""
    target: str = ""
    kind = "completion"

    def inputs(self, period):
        return [Input("actual", self.actual, period), Input("target", self.target, period)]

    def combine(self, values, period):
        if values["target"] is not None and values["target"] < 0:
            return None
        return percent_of(values["actual"], values["target"])

    def explained(self, label_of):
        names = {"actual": label_of(self.actual), "target": label_of(self.target)}
        return _("“%(actual)s” as a percentage of “%(target)s”.") % names


@dataclass(frozen=True, eq=False)
class TimeProgress(DerivedMetric):
    """序时进度: months elapsed / 12 (monthly indicators) or days elapsed / days in the
    year (day-dated work), in percent."""

    by: str = "months"
    kind = "time_progress"

    def inputs(self, period):
        return []

    def combine(self, values, period):
        return time_progress_percent(period, self.by)

    def explained(self, label_of):
        if self.by == "days":
            return _("Days elapsed in the year / days in the year, in percent.")
        return _("Months elapsed in the year / 12, in percent.")


def time_progress_percent(period: Period, by: str = "months") -> Decimal:
    share = period.time_progress_days if by == "days" else period.time_progress_months
    return share * 100


@dataclass(frozen=True, eq=False)
class Ahead(DerivedMetric):
    """超(慢)序时进度: completion minus time progress, in percentage points (negative
    when behind)."""

    completion: str = ""
    by: str = "months"
    kind = "ahead"

    def inputs(self, period):
        return [Input("completion", self.completion, period)]

    def combine(self, values, period):
        if values["completion"] is None:
            return None
        return Decimal(values["completion"]) - time_progress_percent(period, self.by)

    def explained(self, label_of):
        return _(
            "“%(completion)s” minus the time progress, in percentage points (negative when behind)."
        ) % {"completion": label_of(self.completion)}


@dataclass(frozen=True, eq=False)
class DoubleHalf(DerivedMetric):
    """双过半: completion ≥ 50% at the end of June of the period's year.

    A period ending on or after 30 June is judged on the completion at 30 June (the
    first half-year). A period ending earlier is True when completion has already
    reached 50% ("提前实现"), else None: mid-year has not come, nothing is decided yet.
    """

    completion: str = ""
    kind = "double_half"

    def judged_period(self, period: Period) -> Period:
        if period.end >= dt.date(period.year, MID_YEAR_MONTH, MID_YEAR_DAY):
            return half_period(period.year, 1)
        return period

    def inputs(self, period):
        return [Input("completion", self.completion, self.judged_period(period))]

    def combine(self, values, period):
        completion = values["completion"]
        if completion is None:
            return None
        reached = completion >= 50
        mid_year_passed = self.judged_period(period) is not period
        return reached if (reached or mid_year_passed) else None

    def explained(self, label_of):
        return _(
            "Yes when “%(completion)s” reaches 50%% at the end of June (half the time, half "
            "the task); before the end of June, yes once reached, otherwise no figure yet."
        ) % {"completion": label_of(self.completion)}


def rate(key, label, *, numerator, denominator, unit=PERCENT, description="") -> Rate:
    """numerator / denominator × 100 (None, shown "—", when the denominator is 0)."""
    return Rate(key, label, unit, description, numerator=numerator, denominator=denominator)


def share(key, label, *, part, whole, unit=PERCENT, description="") -> Rate:
    """占比: part / whole × 100."""
    return Rate(key, label, unit, description, numerator=part, denominator=whole)


def formula(key, label, unit, *, inputs, fn, description="") -> Formula:
    """Anything else: `fn(values, period)` with values {input key: value or None}."""
    if not callable(fn):
        raise MetricError(f"{key}: `fn` must be a function (values, period) -> value")
    return Formula(key, label, unit, description, input_keys=tuple(inputs), fn=fn)


def yoy(key, label, base_key, *, description="") -> YearOnYear:
    """同比增长: (base in P − base in the same period last year) / |last year| × 100;
    None when last year's value is 0, negative or missing."""
    return YearOnYear(key, label, PERCENT, description, base=base_key)


def completion(key, label, actual_key, target_key, *, description="") -> Completion:
    """目标完成率: actual / target × 100."""
    return Completion(key, label, PERCENT, description, actual=actual_key, target=target_key)


def time_progress(key, label, *, by="months", description="") -> TimeProgress:
    """序时进度 in percent: months elapsed / 12 (by="days": days elapsed / days in the year)."""
    return TimeProgress(key, label, PERCENT, description, by=by)


def ahead(key, label, completion_key, *, by="months", description="") -> Ahead:
    """超序时进度: completion − time progress, in percentage points."""
    return Ahead(key, label, POINTS, description, completion=completion_key, by=by)


def double_half(key, label, completion_key, *, description="") -> DoubleHalf:
    """双过半: True / False (None before mid-year when not yet reached)."""
    return DoubleHalf(key, label, NO_UNIT, description, completion=completion_key)
