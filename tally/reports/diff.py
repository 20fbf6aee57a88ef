"""What changed: between two published versions (which figures, from what to what, and
the rows that made the change), and between a published version and today's data (rows
added, removed or changed since it was published)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tally.lib.periods import parse_period
from tally.metrics import registry
from tally.metrics.engine import Computation

from .freezing import cells_of
from .models import FrozenFigure, PublishedVersion


@dataclass
class RowChanges:
    columns: list[str]
    added: list[tuple[int, list]] = field(default_factory=list)  # (record id, cells)
    removed: list[tuple[int, list]] = field(default_factory=list)
    changed: list[tuple[int, list, list]] = field(default_factory=list)  # (id, before, after)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed)

    def display(self) -> list[dict]:
        """Rows for reports/_rows.html: each marked added, removed, or before/after."""
        added, removed = _("added"), _("removed")
        rows = [{"mark": added, "css": "table-success", "cells": c} for _id, c in self.added]
        rows += [{"mark": removed, "css": "table-danger", "cells": c} for _id, c in self.removed]
        for _id, before, after in self.changed:
            rows.append({"mark": _("before"), "css": "table-warning", "cells": before})
            rows.append({"mark": _("after"), "css": "table-warning", "cells": after})
        return rows


@dataclass
class FigureChange:
    key: str
    period: str
    label: str
    unit: str
    before: str  # the text, "" when the figure was not in that version
    after: str
    rows: RowChanges | None

    @property
    def value_changed(self) -> bool:
        return self.before != self.after


def frozen_rows(figure: FrozenFigure) -> dict[int, list]:
    return dict(figure.rows.order_by("position").values_list("record_id", "cells"))


def row_changes(before: dict[int, list], after: dict[int, list], columns) -> RowChanges:
    changes = RowChanges(list(columns))
    changes.added = [(pk, after[pk]) for pk in sorted(after.keys() - before.keys())]
    changes.removed = [(pk, before[pk]) for pk in sorted(before.keys() - after.keys())]
    changes.changed = [
        (pk, before[pk], after[pk])
        for pk in sorted(before.keys() & after.keys())
        if before[pk] != after[pk]
    ]
    return changes


def compare_versions(old: PublishedVersion, new: PublishedVersion) -> list[FigureChange]:
    """Every figure whose text or rows differ between the versions: those whose value
    changed first, then those whose rows changed under an unchanged value."""
    old_figures = {(f.key, f.period): f for f in old.figures.all()}
    new_figures = {(f.key, f.period): f for f in new.figures.all()}
    changes = []
    for slot in sorted(old_figures.keys() | new_figures.keys()):
        before, after = old_figures.get(slot), new_figures.get(slot)
        text_before = before.text if before else ""
        text_after = after.text if after else ""
        rows = None
        if _rows_differ(before, after):
            rows = row_changes(
                frozen_rows(before) if before and before.has_rows else {},
                frozen_rows(after) if after and after.has_rows else {},
                (after or before).columns,
            )
        if text_before != text_after or rows:
            reference = after or before
            changes.append(
                FigureChange(
                    reference.key,
                    reference.period,
                    reference.label,
                    reference.unit,
                    text_before,
                    text_after,
                    rows,
                )
            )
    return sorted(changes, key=lambda change: not change.value_changed)


def _rows_differ(before: FrozenFigure | None, after: FrozenFigure | None) -> bool:
    has_rows = (before is not None and before.has_rows) or (after is not None and after.has_rows)
    if not has_rows:
        return False
    return (before.rows_digest if before else "") != (after.rows_digest if after else "")


def changes_since(figure: FrozenFigure, version: PublishedVersion) -> RowChanges | None:
    """Today's rows behind the figure against the frozen ones: added, removed, and
    changed (only rows saved since publication can have changed: the others are read
    only to know they still exist). None when the metric is gone or has no rows."""
    if not figure.has_rows:
        return None
    try:
        metric = registry.get(figure.key)
    except registry.UnknownMetric:
        return None
    period = parse_period(figure.period)
    result = Computation(version.publication.org, period).result(metric, period)
    if result.rows is None:
        return None
    frozen = frozen_rows(figure)
    rows = result.rows.order_by()
    current_ids = set(rows.values_list("pk", flat=True))
    touched = current_ids & frozen.keys()
    if _has_field(rows.model, "updated_at"):
        saved_since = rows.filter(updated_at__gt=version.published_at).values_list("pk", flat=True)
        touched &= set(saved_since)
    look_up = (current_ids - frozen.keys()) | touched
    now = cells_of(result, look_up)
    after = {pk: frozen[pk] for pk in current_ids & frozen.keys()} | now
    return row_changes(frozen, after, figure.columns)


def _has_field(model, name: str) -> bool:
    return any(model_field.name == name for model_field in model._meta.get_fields())
