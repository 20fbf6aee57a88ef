"""The start-up check of metric declarations: a metric that names a ledger, a field or a
metric that does not exist is an error when Django starts (`manage.py check`, runserver,
migrate), never a figure that silently reads 0."""

from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, JSONField, Q

from tally.ledgers.models import GenericRecord
from tally.ledgers.registry import builtin_ledgers, shipped_generic_columns
from tally.lib.periods import parse_period

from . import registry
from .definitions import LedgerMetric, Metric

# Any period: a derived metric's inputs are the same keys whatever the period.
SAMPLE_PERIOD = parse_period("2023H1")


def check_metric_declarations(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    metrics = registry.builtin_metrics()
    known = {metric.key for metric in metrics}
    problems = []
    for metric in metrics:
        problems += problems_of(metric, known)
    return problems


def problems_of(metric: Metric, known: set[str]) -> list[checks.CheckMessage]:
    if metric.is_derived:
        return [
            checks.Error(
                f"metric {metric.key!r} is computed from the unknown metric {item.key!r}",
                id="metrics.E003",
                obj=metric,
            )
            for item in metric.inputs(SAMPLE_PERIOD)
            if item.key not in known
        ]
    if isinstance(metric, LedgerMetric):
        return ledger_metric_problems(metric)
    return []


def ledger_metric_problems(metric: LedgerMetric) -> list[checks.CheckMessage]:
    ledger = next((ledger for ledger in builtin_ledgers() if ledger.key == metric.ledger), None)
    columns = shipped_generic_columns(metric.ledger)
    if ledger is None and columns is None:
        message = f"metric {metric.key!r} names the unknown ledger {metric.ledger!r}"
        return [checks.Error(message, id="metrics.E001", obj=metric)]
    rows = metric.queryset() if metric.queryset is not None else None
    model = rows.model if rows is not None else (ledger.model if ledger else GenericRecord)
    named = (
        {*rows.query.annotations, *rows.query._filtered_relations} if rows is not None else set()
    )
    unknown = [
        path
        for path in paths_of(metric)
        if path.split("__")[0] not in named and not resolves(model, path, columns)
    ]
    return [
        checks.Error(
            f"metric {metric.key!r} names the unknown field {path!r} of the ledger "
            f"{metric.ledger!r}",
            id="metrics.E002",
            obj=metric,
        )
        for path in unknown
    ]


def paths_of(metric: LedgerMetric) -> list[str]:
    """The model paths a declaration names (a custom metric's own rows function filters
    its rows itself: only its aggregated field is checked)."""
    paths = [metric.field] if metric.field else []
    if metric.rows is None:
        paths += [p for p in (metric.date, metric.org_field) if p]
        paths += where_paths(metric.where)
    return paths


def where_paths(where: Q | None) -> list[str]:
    if where is None:
        return []
    paths = []
    for child in where.children:
        if isinstance(child, Q):
            paths += where_paths(child)
            continue
        path, value = child
        paths.append(path)
        if isinstance(value, F):
            paths.append(value.name)
    return paths


def resolves(model, path: str, json_keys: frozenset[str] | None = None) -> bool:
    """Whether `path` (fields, relations, then lookups or transforms) exists on `model`.
    Inside a JSON field the first key must be one of `json_keys` (a generic ledger's
    columns) when they are known."""
    field = None
    parts = path.split("__")
    for index, part in enumerate(parts):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return field is not None and all(is_lookup(field, rest) for rest in parts[index:])
        if isinstance(field, JSONField):
            rest = parts[index + 1 :]
            return bool(rest) and (json_keys is None or rest[0] in json_keys)
        if field.is_relation:
            model = field.related_model
    return True


def is_lookup(field, name: str) -> bool:
    return field.get_lookup(name) is not None or field.get_transform(name) is not None
