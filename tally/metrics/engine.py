"""The metric engine: a metric's value for an organisation's subtree and a period, its text,
and the rows behind it.

A ledger metric is one aggregate query over its rows (never a Python loop over rows); a
derived metric combines the values of its inputs, each computed once per call. The
figures of an organisation's children come from one grouped query per ledger metric.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Substr

from tally.lib.periods import Period
from tally.lib.queries import in_dates, is_json_path
from tally.orgs.models import Org

from . import registry
from .definitions import COUNT, PERCENT, SUM, Input, LedgerMetric, Metric, MetricError, generic_rows
from .formatting import format_value

# JSON cells hold decimals as strings; they are summed as numbers with this precision.
JSON_DECIMAL = DecimalField(max_digits=30, decimal_places=6)


@dataclass
class MetricResult:
    metric: Metric
    org: Org
    period: Period
    value: Any  # int | Decimal | bool | None
    rows: QuerySet | None = None  # the rows behind a ledger metric
    inputs: list[Input] = field(default_factory=list)  # what a derived metric combines

    @property
    def key(self) -> str:
        return self.metric.key

    @property
    def label(self):
        return self.metric.label

    @property
    def unit(self) -> str:
        return self.metric.unit

    @property
    def text(self) -> str:
        return format_value(self.value, self.metric.unit)

    @property
    def unit_suffix(self) -> str:
        """The unit to write after the text: none for "%", which the text carries."""
        return unit_suffix(self.metric.unit)

    @property
    def ledger_key(self) -> str | None:
        return getattr(self.metric, "ledger", None) or None


def compute(key: str, org: Org, period: Period) -> MetricResult:
    """The metric `key` for `org`'s subtree over `period`. UnknownMetric for a bad key."""
    return Computation(org, period).result(registry.get(key))


def compute_many(keys, org: Org, period: Period) -> dict[str, MetricResult]:
    """Several metrics at once; inputs shared between derived metrics are computed once."""
    computation = Computation(org, period)
    return {key: computation.result(registry.get(key)) for key in keys}


class CachedValues:
    """Values cached by (metric key, period) within one call, so an input shared by
    several derived metrics is computed once; a metric that depends on itself, at any
    period, is refused instead of recursing for ever."""

    def __init__(self):
        self._values: dict[tuple[str, str], Any] = {}
        self._computing: set[str] = set()

    def value(self, metric: Metric, period: Period):
        slot = (metric.key, period.label)
        if slot not in self._values:
            if metric.key in self._computing:
                raise MetricError(f"{metric.key} depends on itself")
            self._computing.add(metric.key)
            try:
                self._values[slot] = self._compute(metric, period)
            finally:
                self._computing.discard(metric.key)
        return self._values[slot]

    def _compute(self, metric: Metric, period: Period):
        raise NotImplementedError


class Computation(CachedValues):
    """Values for one organisation's subtree."""

    def __init__(self, org: Org, period: Period):
        super().__init__()
        self.org, self.period = org, period

    def result(self, metric: Metric, period: Period | None = None) -> MetricResult:
        """The metric over `period` (default: the computation's own, e.g. another one for
        a year-on-year input)."""
        period = period or self.period
        value = self.value(metric, period)
        if isinstance(metric, LedgerMetric):
            rows = ledger_rows(metric, self.org, period)
            return MetricResult(metric, self.org, period, value, rows=rows)
        return MetricResult(metric, self.org, period, value, inputs=metric.inputs(period))

    def _compute(self, metric: Metric, period: Period):
        if isinstance(metric, LedgerMetric):
            return aggregate_value(metric, ledger_rows(metric, self.org, period))
        values = {
            item.name: self.value(registry.get(item.key), item.period)
            for item in metric.inputs(period)
        }
        return metric.combine(values, period)


# --- the rows behind a ledger metric -------------------------------------------------------


def _builtin_ledger(key: str):
    from tally.ledgers.registry import builtin_ledgers

    return next((ledger for ledger in builtin_ledgers() if ledger.key == key), None)


def _base_rows(metric: LedgerMetric) -> QuerySet:
    if metric.queryset is not None:
        return metric.queryset()
    ledger = _builtin_ledger(metric.ledger)
    if ledger is not None:
        return ledger.get_queryset()
    # A generic ledger: found through its type's key, so no query to load the type.
    return generic_rows(metric.ledger)()


def org_field_of(metric: LedgerMetric) -> str:
    """The model path to the owning organisation ("" when the rows are organisations)."""
    if metric.org_field is not None:
        return metric.org_field
    ledger = _builtin_ledger(metric.ledger)
    return ledger.org_field if ledger is not None else "org"


def date_field_of(metric: LedgerMetric) -> str | None:
    if metric.date:
        return metric.date
    ledger = _builtin_ledger(metric.ledger)
    return ledger.date_field if ledger is not None else "date"


def org_path(org_field: str) -> str:
    return f"{org_field}__path" if org_field else "path"


def ledger_rows(metric: LedgerMetric, org: Org, period: Period) -> QuerySet:
    """The rows behind the figure: filtered, in the subtree, dated against the period."""
    if metric.rows is not None:
        return metric.rows(org, period)
    rows = _base_rows(metric)
    if metric.where is not None:
        rows = rows.filter(metric.where)
    rows = rows.filter(subtree_rows(rows.model, org_field_of(metric), org))
    start, end = metric.date_bounds(period)
    if start is None and end is None:
        return rows
    path = date_field_of(metric)
    if not path:
        raise MetricError(f"{metric.key}: the ledger has no date; say which date to use")
    return in_dates(rows, path, start, end)


def subtree_rows(model, org_field: str, org: Org) -> Q:
    """The rows of `org`'s subtree. Below a root, by the subtree's organisation ids (the
    rows are found by their organisation's index: a community reads its own rows). For a
    root, whose subtree is nearly always every organisation, as "an organisation, not one
    outside this tree": the database then reads the rows it must count anyway, in index
    order, instead of probing them organisation by organisation (SQLite, city scale:
    training.person_times for the city 3.2 s → 0.2 s). Only through single-valued
    relations: a negated filter across a multi-valued one would mean something else."""
    if org.depth > 1 or not org_field or not single_valued(model, org_field):
        return org.subtree_filter(org_field)
    outside = Org.objects.exclude(path__startswith=org.path).values("pk")
    return Q(**{f"{org_field}__isnull": False}) & ~Q(**{f"{org_field}__in": outside})


def single_valued(model, path: str) -> bool:
    """Whether every step of the model path is a forward foreign key."""
    for part in path.split("__"):
        try:
            model_field = model._meta.get_field(part)
        except Exception:
            return False
        if not (model_field.many_to_one or model_field.one_to_one) or model_field.auto_created:
            return False
        model = model_field.related_model
    return True


# --- aggregation -------------------------------------------------------------------------


def aggregate_expression(metric: LedgerMetric, rows: QuerySet):
    model = rows.model
    if metric.aggregate == COUNT:
        # distinct only when a join may repeat a row (a filter across a many-to-many or
        # a reverse relation): COUNT(DISTINCT id) sorts every id, the city's half a
        # million attendance rows in 1.8 s of its 2 s on SQLite (bench/metrics_bench.py).
        return Count("pk", distinct=may_repeat_rows(rows))
    json = is_json_path(model, metric.field)
    if metric.aggregate == SUM:
        summed = Cast(KT(metric.field), JSON_DECIMAL) if json else F(metric.field)
        return Sum(summed)
    return Count(KT(metric.field) if json else metric.field, distinct=True)


def may_repeat_rows(rows: QuerySet) -> bool:
    """Whether the query joins anything but forward foreign keys (which give each row at
    most one partner, so cannot repeat it)."""
    for join in rows.query.alias_map.values():
        field = getattr(join, "join_field", None)
        if field is None:
            continue  # the base table
        if not (getattr(field, "many_to_one", False) or getattr(field, "one_to_one", False)):
            return True
        if getattr(field, "auto_created", False) and not getattr(field, "concrete", True):
            return True  # a reverse one-to-one or a relation object, not the key itself
    return False


def empty_value(metric: LedgerMetric):
    return Decimal(0) if metric.aggregate == SUM else 0


def aggregate_value(metric: LedgerMetric, rows: QuerySet):
    """One aggregate query; an empty set gives 0."""
    value = rows.order_by().aggregate(value=aggregate_expression(metric, rows))["value"]
    return empty_value(metric) if value is None else value


def unit_suffix(unit: str) -> str:
    return "" if unit == PERCENT else unit


# --- the children of an organisation, side by side ---------------------------------------


@dataclass
class ChildFigure:
    org: Org
    value: Any
    unit: str

    @property
    def text(self) -> str:
        return format_value(self.value, self.unit)


def children_figures(key: str, org: Org, period: Period) -> list[ChildFigure]:
    """The metric for each active child of `org`, in the tree's order."""
    metric = registry.get(key)
    children = list(Org.objects.get_children(org).filter(active=True))
    if not children:
        return []
    values = ChildComputation(org, children).value(metric, period)
    return [ChildFigure(child, values[child.path], metric.unit) for child in children]


class ChildComputation(CachedValues):
    """Values for every child of one organisation, {child path: value}: one grouped query
    per ledger metric, whatever the number of children or rows."""

    def __init__(self, org: Org, children: list[Org]):
        super().__init__()
        self.org, self.children = org, children

    def _compute(self, metric: Metric, period: Period) -> dict[str, Any]:
        if isinstance(metric, LedgerMetric):
            return self._grouped(metric, period)
        by_input = {
            item.name: self.value(registry.get(item.key), item.period)
            for item in metric.inputs(period)
        }
        return {
            child.path: metric.combine(
                {name: values[child.path] for name, values in by_input.items()}, period
            )
            for child in self.children
        }

    def _grouped(self, metric: LedgerMetric, period: Period) -> dict[str, Any]:
        rows = ledger_rows(metric, self.org, period).order_by()
        prefix_length = len(self.org.path) + Org.steplen
        grouped = (
            rows.annotate(_child=Substr(org_path(org_field_of(metric)), 1, prefix_length))
            .values("_child")
            .annotate(value=aggregate_expression(metric, rows))
            .values_list("_child", "value")
        )
        found = {path: value for path, value in grouped if value is not None}
        return {child.path: found.get(child.path, empty_value(metric)) for child in self.children}
