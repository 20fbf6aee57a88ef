"""A metric's definition in plain words, for the metric page: the declared `description`
when there is one, else a sentence built from the declaration itself (so a metric an
administrator defines explains itself too)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from . import registry
from .definitions import (
    COUNT,
    FLOW,
    SUM,
    TO_DATE,
    YEAR_TO_DATE,
    Ahead,
    Completion,
    DoubleHalf,
    LedgerMetric,
    Metric,
    Rate,
    TimeProgress,
    YearOnYear,
)


def describe(metric: Metric) -> str:
    if metric.description:
        return str(metric.description)
    if isinstance(metric, LedgerMetric):
        return describe_ledger_metric(metric)
    return describe_derived(metric)


def _ledger(key: str):
    from tally.ledgers.registry import get_ledger

    try:
        return get_ledger(key)
    except LookupError:
        return None


def header_of(ledger, path: str | None) -> str:
    """The Chinese column header behind a model path (data__amount → 成交额(亿元))."""
    if not path:
        return ""
    if ledger is None:
        return path
    date_column = getattr(ledger, "date_column", None)
    if path == "date" and date_column:
        path = date_column
    key = path.removeprefix("data__")
    for column in ledger.columns:
        if key in (column.key, column.model_field):
            return column.header
    return path


def conditions_of(ledger, where: Q | None) -> str:
    """“活动类别 = 能力作风建设大家谈” for the simple conditions of a Q."""
    if where is None:
        return ""
    parts = []
    for child in where.children:
        if isinstance(child, tuple):
            path, value = child
            parts.append(f"{header_of(ledger, path)} = {value}")
        else:
            parts.append(_("a further condition"))
    joiner = _(" and ") if where.connector == Q.AND else _(" or ")
    text = joiner.join(parts)
    return _("not (%(conditions)s)") % {"conditions": text} if where.negated else text


def describe_ledger_metric(metric: LedgerMetric) -> str:
    ledger = _ledger(metric.ledger)
    names = {
        "ledger": str(ledger.name) if ledger is not None else metric.ledger,
        "column": header_of(ledger, metric.field),
    }
    if metric.rows is not None:
        return _("Computed from the ledger “%(ledger)s” by a rule of its own.") % names
    if metric.aggregate == COUNT:
        what = _("The number of rows of the ledger “%(ledger)s”") % names
    elif metric.aggregate == SUM:
        what = _("The sum of “%(column)s” over the rows of the ledger “%(ledger)s”") % names
    else:
        what = _("The number of different “%(column)s” among the rows of the ledger “%(ledger)s”")
        what %= names
    pieces = [what, _("in the organisation and everything below it")]
    conditions = conditions_of(ledger, metric.where)
    if conditions:
        pieces.append(_("where %(conditions)s") % {"conditions": conditions})
    date = {"date": header_of(ledger, metric.date or (ledger and ledger.date_field))}
    if metric.mode == FLOW:
        pieces.append(_("whose “%(date)s” falls inside the period") % date)
    elif metric.mode == TO_DATE:
        pieces.append(_("whose “%(date)s” is on or before the period's last day") % date)
    elif metric.mode == YEAR_TO_DATE:
        pieces.append(_("whose “%(date)s” is between 1 January and the period's last day") % date)
    return _(", ").join(pieces) + _(".")


def label_of(key: str) -> str:
    try:
        return str(registry.get(key).label)
    except registry.UnknownMetric:
        return key


def describe_derived(metric) -> str:
    if isinstance(metric, Rate):
        names = {"part": label_of(metric.numerator), "whole": label_of(metric.denominator)}
        return (
            _("“%(part)s” divided by “%(whole)s”, in percent; no figure when “%(whole)s” is zero.")
            % names
        )
    if isinstance(metric, YearOnYear):
        return _(
            "Growth of “%(base)s” against the same period of the year before, in percent: "
            "(this year − last year) / last year; no figure when last year's value is zero "
            "or negative."
        ) % {"base": label_of(metric.base)}
    if isinstance(metric, Completion):
        names = {"actual": label_of(metric.actual), "target": label_of(metric.target)}
        return _("“%(actual)s” as a percentage of “%(target)s”.") % names
    if isinstance(metric, TimeProgress):
        if metric.by == "days":
            return _("Days elapsed in the year / days in the year, in percent.")
        return _("Months elapsed in the year / 12, in percent.")
    if isinstance(metric, Ahead):
        return _(
            "“%(completion)s” minus the time progress, in percentage points (negative when behind)."
        ) % {"completion": label_of(metric.completion)}
    if isinstance(metric, DoubleHalf):
        return _(
            "Yes when “%(completion)s” reaches 50%% at the end of June (half the time, half "
            "the task); before the end of June, yes once reached, otherwise no figure yet."
        ) % {"completion": label_of(metric.completion)}
    inputs = "、".join(f"“{label_of(key)}”" for key in getattr(metric, "input_keys", ()))
    if inputs:
        return _("Computed from %(inputs)s.") % {"inputs": inputs}
    return _("Computed by a rule of its own.")
