"""The metric engine: a metric's value for an organisation's subtree and a period, its text,
and the rows behind it.

A ledger metric is one aggregate query over its rows (never a Python loop over rows); a
derived metric combines the values of its inputs, each computed once per call. The
figures of an organisation's children come from one grouped query per ledger metric.

Several figures at once (a report, the metric index, a dashboard) are prefetched: the
ledger metrics that read the same rows (one ledger, one organisation field, one date
range) are answered by one query with an aggregate per metric, each with its own filter
(`COUNT(*) FILTER (WHERE …)`), so a report's cost follows the ledgers it reads, not the
number of its figures (bench/metrics_bench.py: the half-year report, 80 → 54 queries).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Substr

from tally.lib.periods import Period
from tally.lib.queries import in_dates, is_json_path
from tally.orgs.models import Org

from . import freshness, registry
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
    inputs: list[Input] = field(default_factory=list)  # what a derived metric combines
    # The rows behind a ledger metric, built when first asked for: building a queryset
    # for each of a report's 70 ledger figures cost more than reading them from the cache.
    rows_of: Callable[[], QuerySet] | None = None

    @cached_property
    def rows(self) -> QuerySet | None:
        return self.rows_of() if self.rows_of is not None else None

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
    """Several metrics at once; inputs shared between derived metrics are computed once,
    and ledger metrics over the same rows in one query."""
    computation = Computation(org, period)
    computation.prefetch(keys)
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

    # A ledger metric's value is also kept in the cache, under the tokens that the
    # database changes on every write to the tables its query reads (freshness.py): a
    # page asked again before they changed costs one query, and one written since is
    # never stale.

    @cached_property
    def versions(self) -> freshness.Versions:
        return freshness.data_versions()

    def _cache_parts(self, metric: LedgerMetric, period: Period) -> tuple:
        raise NotImplementedError

    def _version_of(self, metric: LedgerMetric, period: Period) -> str | None:
        return self.versions.of(tables_of(metric, lambda: self._rows_of(metric, period)))

    def _remembered(self, metric: LedgerMetric, period: Period, compute):
        version = self._version_of(metric, period)
        return freshness.remember(self._cache_parts(metric, period), compute, version)

    def prefetch(self, keys, period: Period | None = None) -> None:
        """Compute at once the ledger metrics behind `keys` (over `period`, default the
        computation's own), grouped by the rows they read, one query per group; the
        values are then cached for `value()`. Unknown keys are skipped (the caller's
        `result()` reports them)."""
        pending = {}
        for key in keys:
            try:
                metric = registry.get(key)
            except registry.UnknownMetric:
                continue
            for leaf, leaf_period in self._ledger_leaves(metric, period or self.period):
                if (leaf.key, leaf_period.label) not in self._values:
                    pending[(leaf.key, leaf_period.label)] = (leaf, leaf_period)
        pending = self._recall(pending)
        for group in shared_row_groups(pending.values(), self._rows_of):
            if len(group) > 1:
                computed = self._aggregate_together(group)
                self._values.update(computed)
                self._keep(group, computed)
            else:
                self.value(*group[0])

    def _recall(self, pending: dict) -> dict:
        """Fill in the cached values of `pending`; what is left to compute."""
        pairs = list(pending.items())
        items = [
            (self._cache_parts(metric, period), self._version_of(metric, period))
            for _, (metric, period) in pairs
        ]
        left = {}
        for (slot, pair), value in zip(pairs, freshness.recall_many(items), strict=True):
            if value is freshness.MISSING:
                left[slot] = pair
            else:
                self._values[slot] = value
        return left

    def _keep(self, group, computed: dict) -> None:
        freshness.keep_many(
            {
                (
                    self._cache_parts(metric, period),
                    self._version_of(metric, period),
                ): computed[(metric.key, period.label)]
                for metric, period in group
            }
        )

    def _ledger_leaves(self, metric: Metric, period: Period, path=()):
        """The (ledger metric, period) pairs a metric's value comes from. A metric that
        depends on itself (at any period) is not followed: `value()` refuses it."""
        if metric.key in path:
            return
        if isinstance(metric, LedgerMetric):
            yield metric, period
            return
        for item in metric.inputs(period):
            try:
                yield from self._ledger_leaves(
                    registry.get(item.key), item.period, (*path, metric.key)
                )
            except registry.UnknownMetric:
                continue

    def _rows_of(self, metric: LedgerMetric, period: Period) -> QuerySet:
        raise NotImplementedError

    def _aggregate_together(self, group: list[tuple[LedgerMetric, Period]]) -> dict:
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
            org = self.org
            return MetricResult(
                metric, org, period, value, rows_of=lambda: ledger_rows(metric, org, period)
            )
        return MetricResult(metric, self.org, period, value, inputs=metric.inputs(period))

    def _compute(self, metric: Metric, period: Period):
        if isinstance(metric, LedgerMetric):
            return self._remembered(
                metric,
                period,
                lambda: aggregate_value(metric, self._rows_of(metric, period)),
            )
        values = {
            item.name: self.value(registry.get(item.key), item.period)
            for item in metric.inputs(period)
        }
        return metric.combine(values, period)

    def _rows_of(self, metric: LedgerMetric, period: Period) -> QuerySet:
        return ledger_rows(metric, self.org, period)

    def _cache_parts(self, metric: LedgerMetric, period: Period) -> tuple:
        return ("org", self.org.pk, self.org.path, metric.key, period.label)

    def _aggregate_together(self, group):
        rows = shared_rows(group[0][0], self.org, group[0][1])
        found = rows.order_by().aggregate(
            **{f"m{i}": filtered_aggregate(metric, rows) for i, (metric, _) in enumerate(group)}
        )
        return {
            (metric.key, period.label): value_or_empty(metric, found[f"m{i}"])
            for i, (metric, period) in enumerate(group)
        }


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


# --- the tables a ledger metric reads ------------------------------------------------------

# {metric key: (metric, tables)}: compiling a metric's query to find its tables costs a
# few tenths of a millisecond, every request. The metric object is kept beside its
# tables, so a redefined metric (an administrator's, reloaded) is looked at afresh.
_TABLES: dict[str, tuple[LedgerMetric, frozenset[str]]] = {}


def tables_of(metric: LedgerMetric, rows: Callable[[], QuerySet]) -> frozenset[str]:
    """The tables behind a ledger metric's value: those its rows' query reads (whatever
    the organisation or period: they change the conditions, not the tables), and the
    organisation tree, which a subtree is read from."""
    known = _TABLES.get(metric.key)
    if known is None or known[0] is not metric:
        tables = freshness.tables_read(rows()) | {Org._meta.db_table}
        known = _TABLES[metric.key] = (metric, tables)
    return known[1]


# --- ledger metrics that read the same rows ------------------------------------------------


def shared_rows(metric: LedgerMetric, org: Org, period: Period) -> QuerySet:
    """The rows a group of ledger metrics reads, before each metric's own filter."""
    return ledger_rows(replace(metric, where=None), org, period)


def rows_signature(metric: LedgerMetric, period: Period):
    """What decides the rows a ledger metric reads before its own filter: metrics with the
    same signature can be aggregated in one query. None: the metric is computed alone
    (custom rows, or rows that a join may repeat, which need COUNT DISTINCT)."""
    if metric.rows is not None:
        return None
    if metric.queryset is not None and _builtin_ledger(metric.ledger) is not None:
        base = ("queryset", id(metric.queryset))
    else:
        base = ("ledger", metric.ledger, metric.queryset is None)
    dates = metric.date_bounds(period)
    date_path = date_field_of(metric) if dates != (None, None) else None
    return (base, org_field_of(metric), date_path, dates)


def shared_row_groups(pairs, rows_of) -> list[list[tuple[LedgerMetric, Period]]]:
    """(metric, period) pairs grouped by the rows they read; a pair that cannot share its
    query is a group of its own."""
    groups: dict = {}
    for metric, period in pairs:
        signature = rows_signature(metric, period)
        if signature is None or not shareable(metric, rows_of(metric, period)):
            signature = ("alone", metric.key, period.label)
        groups.setdefault(signature, []).append((metric, period))
    return list(groups.values())


def shareable(metric: LedgerMetric, rows: QuerySet) -> bool:
    """Whether the metric can be one aggregate among others over shared rows: only when
    what it aggregates and its filter follow forward foreign keys. Across a multi-valued
    relation (an inspection's units) the join would repeat the rows of every aggregate
    of the query, and a filter that is a subquery in WHERE would be a join there."""
    if may_repeat_rows(rows):
        return False
    paths = [*filter_paths(metric.where), *([metric.field] if metric.field else [])]
    return all(single_valued_lookup(rows.model, path) for path in paths)


def filter_paths(where: Q | None):
    """The model paths a filter reads: its lookups and the fields its F() values name."""
    if where is None:
        return
    for child in where.children:
        if isinstance(child, Q):
            yield from filter_paths(child)
            continue
        if not isinstance(child, tuple):
            yield None  # an expression (Exists, …): not judged, so not shared
            continue
        lookup, value = child
        yield lookup
        if isinstance(value, F):
            yield value.name


def single_valued_lookup(model, lookup: str | None) -> bool:
    """Whether a lookup (org__kind__in) crosses only forward foreign keys before it
    reaches a plain field or a lookup name."""
    if lookup is None:
        return False
    for part in lookup.split("__"):
        try:
            model_field = model._meta.get_field(part)
        except Exception:
            return True  # a lookup name (in, lte) or a transform: no further join
        if not model_field.is_relation:
            return True
        if not (model_field.many_to_one or model_field.one_to_one) or model_field.auto_created:
            return False
        model = model_field.related_model
    return True


def filtered_aggregate(metric: LedgerMetric, rows: QuerySet):
    """The metric's aggregate over the shared rows, restricted to its own filter. The
    filter's joins are outer joins (Django promotes them), so they drop no row of the
    other metrics' aggregates."""
    expression = aggregate_expression(metric, rows)
    if metric.where is not None:
        expression.filter = metric.where
    return expression


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


def value_or_empty(metric: LedgerMetric, value):
    return empty_value(metric) if value is None else value


def aggregate_value(metric: LedgerMetric, rows: QuerySet):
    """One aggregate query; an empty set gives 0."""
    value = rows.order_by().aggregate(value=aggregate_expression(metric, rows))["value"]
    return value_or_empty(metric, value)


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
    computation = ChildComputation(org, children)
    computation.prefetch([key], period)
    values = computation.value(metric, period)
    return [ChildFigure(child, values[child.path], metric.unit) for child in children]


class ChildComputation(CachedValues):
    """Values for every child of one organisation, {child path: value}: one grouped query
    per ledger metric, whatever the number of children or rows."""

    def __init__(self, org: Org, children: list[Org]):
        super().__init__()
        self.org, self.children = org, children

    def _compute(self, metric: Metric, period: Period) -> dict[str, Any]:
        if isinstance(metric, LedgerMetric):
            return self._remembered(metric, period, lambda: self._grouped(metric, period))
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
        rows = self._rows_of(metric, period).order_by()
        found = self._by_child(rows, org_field_of(metric), value=aggregate_expression(metric, rows))
        return self._per_child(metric, {path: row["value"] for path, row in found.items()})

    def _rows_of(self, metric: LedgerMetric, period: Period) -> QuerySet:
        return ledger_rows(metric, self.org, period)

    @cached_property
    def _children_signature(self) -> str:
        listed = ",".join(f"{child.pk}:{child.path}" for child in self.children)
        return hashlib.sha256(listed.encode()).hexdigest()[:16]

    def _cache_parts(self, metric: LedgerMetric, period: Period) -> tuple:
        return ("children", self.org.pk, self._children_signature, metric.key, period.label)

    def _aggregate_together(self, group):
        first, period = group[0]
        rows = shared_rows(first, self.org, period).order_by()
        aggregates = {
            f"m{i}": filtered_aggregate(metric, rows) for i, (metric, _) in enumerate(group)
        }
        found = self._by_child(rows, org_field_of(first), **aggregates)
        return {
            (metric.key, period.label): self._per_child(
                metric, {path: row[f"m{i}"] for path, row in found.items()}
            )
            for i, (metric, period) in enumerate(group)
        }

    def _by_child(self, rows: QuerySet, org_field: str, **aggregates) -> dict[str, dict]:
        """{child path: {aggregate name: value}}, one query grouped by the branch of the
        tree a row's organisation lies in (its path cut at the children's depth)."""
        prefix_length = len(self.org.path) + Org.steplen
        grouped = (
            rows.annotate(_child=Substr(org_path(org_field), 1, prefix_length))
            .values("_child")
            .annotate(**aggregates)
        )
        return {row.pop("_child"): row for row in grouped}

    def _per_child(self, metric: LedgerMetric, found: dict) -> dict[str, Any]:
        return {
            child.path: value_or_empty(metric, found.get(child.path)) for child in self.children
        }
