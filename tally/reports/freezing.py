"""Freezing a published version's evidence: every figure it shows (and every input of a
derived figure), with its value, definition, breakdown by child organisation and — for a
ledger metric — the rows behind it, their ids and displayed (masked) cells.

The rows are what a reader of the published report may ask about a year later: "which 51
projects?". They are kept as they were shown, so a record changed or deleted since does
not change the answer; comparing them with today's rows says what changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from itertools import islice

from tally.ledgers.registry import get_ledger
from tally.lib.periods import Period, parse_period
from tally.metrics import registry
from tally.metrics.descriptions import describe
from tally.metrics.engine import Computation, MetricResult, children_figures
from tally.metrics.formatting import json_value
from tally.orgs.models import Org

from .document import figure_keys
from .models import FrozenFigure, FrozenRow, PublishedVersion

CHUNK = 2000


def cell_json(value):
    """A displayed cell as JSON keeps it: dates as ISO text, decimals as text."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def chunks(iterable, size: int):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def with_relations(ledger, rows):
    """The rows with the records their displayed cells name (an organisation, a person)
    fetched in the same query, and many-to-many cells in one more: a metric's rows
    function need not have asked for them, and 18,000 rows must not cost 18,000 queries."""
    model = rows.model
    single, multi = [], []
    names = {f.name for f in model._meta.get_fields()}
    for column in ledger.columns:
        if column.model_field not in names:  # a cell kept in JSON (generic ledgers)
            continue
        model_field = model._meta.get_field(column.model_field)
        if model_field.many_to_one or model_field.one_to_one:
            single.append(model_field.name)
        elif model_field.many_to_many:
            multi.append(model_field.name)
    if single:
        rows = rows.select_related(*single)
    return rows.prefetch_related(*multi) if multi else rows


def displayed_rows(result: MetricResult):
    """(ledger, headers, iterator of (record id, cells)) of the rows behind a figure,
    masked as on every page, in id order."""
    ledger = get_ledger(result.metric.ledger)
    headers = [column.header for column in ledger.listed_columns]

    def rows():
        ordered = with_relations(ledger, result.rows).order_by("pk")
        for chunk in chunks(ordered.iterator(chunk_size=CHUNK), CHUNK):
            ledger.prepare_output(chunk)
            for obj in chunk:
                yield obj.pk, [cell_json(cell) for cell in ledger.display_cells(obj)]

    return ledger, headers, rows()


def cells_of(result: MetricResult, ids) -> dict[int, list]:
    """The displayed cells of some of the rows behind a figure, by record id."""
    ledger = get_ledger(result.metric.ledger)
    found = {}
    for chunk in chunks(sorted(ids), CHUNK):
        objects = list(with_relations(ledger, result.rows).filter(pk__in=chunk).order_by("pk"))
        ledger.prepare_output(objects)
        for obj in objects:
            found[obj.pk] = [cell_json(cell) for cell in ledger.display_cells(obj)]
    return found


class Digest:
    def __init__(self):
        self._hash = hashlib.sha256()

    def add(self, record_id: int, cells: list) -> None:
        self._hash.update(json.dumps([record_id, cells], ensure_ascii=False).encode())

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def freeze_evidence(version: PublishedVersion, document: dict, org: Org) -> int:
    """Freeze every figure of the document and every input behind them; the number of
    figures frozen."""
    computation = Computation(org, parse_period(document["period"]["label"]))
    pending = [(key, parse_period(label)) for key, label in figure_keys(document)]
    done: set[tuple[str, str]] = set()
    while pending:
        key, period = pending.pop(0)
        if (key, period.label) in done:
            continue
        done.add((key, period.label))
        result = computation.result(registry.get(key), period)
        freeze_figure(version, result)
        pending.extend((item.key, item.period) for item in result.inputs)
    return len(done)


def freeze_figure(version: PublishedVersion, result: MetricResult) -> FrozenFigure:
    metric = result.metric
    figure = FrozenFigure.objects.create(
        version=version,
        key=metric.key,
        period=result.period.label,
        label=str(metric.label),
        unit=metric.unit,
        value=json_value(result.value),
        text=result.text,
        definition=describe(metric),
        breakdown=breakdown_of(metric.key, result.org, result.period),
        inputs=[input_of(item) for item in result.inputs],
    )
    if result.rows is not None:
        freeze_rows(figure, result)
    return figure


def input_of(item) -> dict:
    label = str(registry.get(item.key).label)
    return {"key": item.key, "period": item.period.label, "label": label}


def breakdown_of(key: str, org: Org, period: Period) -> list[dict]:
    return [
        {
            "code": child.org.code,
            "name": child.org.name,
            "value": json_value(child.value),
            "text": child.text,
        }
        for child in children_figures(key, org, period)
    ]


def freeze_rows(figure: FrozenFigure, result: MetricResult) -> None:
    ledger, headers, rows = displayed_rows(result)
    digest, position = Digest(), 0
    for chunk in chunks(rows, CHUNK):
        frozen = []
        for record_id, cells in chunk:
            digest.add(record_id, cells)
            frozen.append(
                FrozenRow(figure=figure, position=position, record_id=record_id, cells=cells)
            )
            position += 1
        FrozenRow.objects.bulk_create(frozen, batch_size=CHUNK)
    figure.ledger = ledger.key
    figure.columns = headers
    figure.row_count = position
    figure.rows_digest = digest.hexdigest()
    figure.save(update_fields=["ledger", "columns", "row_count", "rows_digest"])
