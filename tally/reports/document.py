"""A template resolved for one organisation and one period: the document.

The document is plain data (dicts and lists, JSON as it is), the one thing every renderer
reads — the web page, the Word file, the JSON of `render_report` — and the thing a
published version freezes. So the web page, the Word file and the PDF say the same, and a
published version reads as it read on the day it was published.

    {"template": "half-year", "name": …, "org": {"code", "name"},
     "period": {"label": "2023H1", "name": "2023年上半年"},
     "title": [segments], "subtitle": [segments],
     "blocks": [{"kind": "heading", "level": 1, "line": 3, "segments": [...]},
                {"kind": "paragraph", "line": 5, "segments": [
                    {"text": "举办区级培训班"},
                    {"figure": "training.classes", "period": "2023H1",
                     "value": 16, "value_text": "16", "text": "16个"}, ...]},
                {"kind": "chart", "by": "org", "keys": [...], "title", "unit",
                 "labels": [...], "values": [...], "texts": [...], "progress": [...]|None},
                {"kind": "table", "by": "org", "keys": [...], "title",
                 "header": [...], "rows": [[cell, ...]]}],
     "warnings": ["第12行的段落用到尚未登记的指标 investment.signed.count，已略去。"]}

A block that names a metric the registry does not know (a module not installed yet, a
definition an administrator switched off) is left out with a warning: never a silent blank.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from tally.lib.periods import Period, month_period, range_period
from tally.metrics import registry
from tally.metrics.charts import chart_value
from tally.metrics.definitions import PERCENT, time_progress_percent
from tally.metrics.engine import Computation, MetricResult, children_figures
from tally.metrics.formatting import json_value
from tally.orgs.models import Org

from .language import (
    BY_MONTH,
    BY_ORG,
    BY_STAGE,
    ORG_NAME,
    PERIOD_NAME,
    Block,
    Placeholder,
    parse,
    parse_text,
)

QUARTERS = {1: "一", 2: "二", 3: "三", 4: "四"}


def period_name(period: Period) -> str:
    """The period in words, as a report writes it: 2023年上半年, 2023年6月."""
    year = period.start.year
    if period.kind == "year":
        return _("%(year)d (year)") % {"year": year}
    if period.kind == "half":
        if period.start.month == 1:
            return _("%(year)d, first half") % {"year": year}
        return _("%(year)d, second half") % {"year": year}
    if period.kind == "quarter":
        quarter = (period.start.month - 1) // 3 + 1
        return _("%(year)d, quarter %(quarter)s") % {"year": year, "quarter": QUARTERS[quarter]}
    if period.kind == "month":
        return _("%(year)d, month %(month)d") % {"year": year, "month": period.start.month}
    if period.kind == "week":
        iso_year, week = period.start.isocalendar()[:2]
        return _("%(year)d, week %(week)d") % {"year": iso_year, "week": week}
    names = {"start": date_name(period.start), "end": date_name(period.end)}
    return _("%(start)s to %(end)s") % names


def date_name(day: dt.date) -> str:
    return _("%(year)d-%(month)d-%(day)d (date)") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }


def months_of(period: Period) -> list[Period]:
    """The calendar months a period spans, each cut to the period (a week is one)."""
    months, year, month = [], period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        whole = month_period(year, month)
        start, end = max(whole.start, period.start), min(whole.end, period.end)
        cut = (start, end) != (whole.start, whole.end)
        months.append(range_period(start, end) if cut else whole)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_label(period: Period) -> str:
    return _("month %(month)d (short)") % {"month": period.start.month}


@dataclass
class Template:
    """What a document is built from: a ReportTemplate or an unsaved edit of one."""

    key: str
    name: str
    title: str
    subtitle: str
    source: str


def build_document(template: Template, org: Org, period: Period) -> dict:
    return _Builder(template, org, period).build()


def figure_keys(document: dict) -> list[tuple[str, str]]:
    """(key, period label) of every figure the document shows, once each."""
    found = {}
    for segments in _all_segments(document):
        for segment in segments:
            if "figure" in segment:
                found[(segment["figure"], segment["period"])] = True
    for block in document["blocks"]:
        for key in block.get("keys", ()):
            found[(key, document["period"]["label"])] = True
    return list(found)


def _all_segments(document: dict):
    yield document["title"]
    yield document["subtitle"]
    for block in document["blocks"]:
        if "segments" in block:
            yield block["segments"]
        yield from block.get("rows", ())


def plain_text(segments: list[dict]) -> str:
    return "".join(segment["text"] for segment in segments)


class _Builder:
    def __init__(self, template: Template, org: Org, period: Period):
        self.template, self.org, self.period = template, org, period
        self.known = {metric.key: metric for metric in registry.all_metrics()}
        self.computation = Computation(org, period)
        self.results: dict[tuple[str, str], MetricResult] = {}
        self.warnings: list[str] = []

    def build(self) -> dict:
        parsed = parse(self.template.source)
        # The figures over the document's period at once, a query per ledger's rows.
        self.computation.prefetch(key for key in parsed.metric_keys if key in self.known)
        blocks = []
        for block in parsed.blocks:
            missing = [key for key in block.metric_keys if key not in self.known]
            if missing:
                self.warnings.append(self._omitted(block, missing))
                continue
            blocks.append(self._block(block))
        return {
            "template": self.template.key,
            "name": self.template.name,
            "org": {"code": self.org.code, "name": self.org.name},
            "period": {"label": self.period.label, "name": period_name(self.period)},
            "title": self._inline(self.template.title, 0),
            "subtitle": self._inline(self.template.subtitle, 0),
            "blocks": blocks,
            "warnings": [*(str(error) for error in parsed.errors), *self.warnings],
        }

    def _omitted(self, block: Block, missing: list[str]) -> str:
        return _(
            "Line %(line)d: left out, because it uses metrics that are not registered: %(keys)s."
        ) % {"line": block.line, "keys": "、".join(dict.fromkeys(missing))}

    def result(self, key: str, period: Period | None = None) -> MetricResult:
        period = period or self.period
        slot = (key, period.label)
        if slot not in self.results:
            self.results[slot] = self.computation.result(self.known[key], period)
        return self.results[slot]

    # headings and paragraphs

    def _inline(self, text: str, line: int) -> list[dict]:
        """The title or subtitle; written as it is when it cannot be read."""
        errors: list = []
        parts = parse_text(text or "", line, errors)
        if errors or any(
            isinstance(p, Placeholder) and not p.is_word and p.key not in self.known for p in parts
        ):
            return [{"text": text or ""}]
        return self._segments(parts)

    def _segments(self, parts) -> list[dict]:
        segments: list[dict] = []
        for part in parts:
            if not isinstance(part, Placeholder):
                self._append_text(segments, part.text)
            elif part.key == ORG_NAME:
                self._append_text(segments, self.org.name)
            elif part.key == PERIOD_NAME:
                self._append_text(segments, period_name(self.period))
            else:
                segments.append(self._figure(part))
        return _absorb_units(segments)

    @staticmethod
    def _append_text(segments: list[dict], text: str) -> None:
        if segments and "figure" not in segments[-1]:
            segments[-1] = {"text": segments[-1]["text"] + text}
        elif text:
            segments.append({"text": text})

    def _figure(self, placeholder: Placeholder) -> dict:
        result = self.result(placeholder.key)
        text = result.text
        if placeholder.yes is not None:
            text = placeholder.yes if result.value else placeholder.no
        return {
            "figure": result.key,
            "period": result.period.label,
            "value": json_value(result.value),
            "value_text": result.text,
            "unit": "" if placeholder.yes is not None else result.unit,
            "text": text,
        }

    def _block(self, block: Block) -> dict:
        if block.kind in ("heading", "paragraph"):
            segments = self._segments(block.parts)
            built = {"kind": block.kind, "line": block.line, "segments": segments}
            if block.kind == "heading":
                built["level"] = block.level
            return built
        if block.kind == "chart":
            return self._chart(block)
        return self._table(block)

    # charts and tables

    def _chart(self, block: Block) -> dict:
        metric = self.known[block.keys[0]]
        chart = {
            "kind": "chart",
            "line": block.line,
            "by": block.by,
            "keys": list(block.keys),
            "title": block.title or self._default_title(block),
            "unit": metric.unit,
            "progress": None,
            "figures": [self._figure(Placeholder(key)) for key in block.keys],
        }
        if block.by == BY_ORG:
            points = self._by_org(block.keys[0])
        elif block.by == BY_MONTH:
            points = self._by_month(block.keys[0])
            if block.progress:
                chart["progress"] = [
                    json_value(_time_progress(month)) for month in months_of(self.period)
                ]
        else:
            points = [(str(self.known[key].label), self.result(key)) for key in block.keys]
        chart["labels"] = [label for label, _figure in points]
        # Rounded as their texts are (99.3, not 99.3478…): bars are labelled with them.
        chart["values"] = [chart_value(figure.value, metric.unit) for _label, figure in points]
        chart["texts"] = [figure.text for _label, figure in points]
        return chart

    def _default_title(self, block: Block) -> str:
        if block.by == BY_STAGE:
            return ""
        return str(self.known[block.keys[0]].label)

    def _by_org(self, key: str) -> list[tuple[str, object]]:
        children = children_figures(key, self.org, self.period)
        if not children:
            return [(self.org.name, self.result(key))]
        return [(child.org.name, child) for child in children]

    def _by_month(self, key: str) -> list[tuple[str, MetricResult]]:
        return [(month_label(month), self.result(key, month)) for month in months_of(self.period)]

    def _table(self, block: Block) -> dict:
        metrics = [self.known[key] for key in block.keys]
        header = [_("Organisation") if block.by == BY_ORG else _("Month")]
        header += [_unit_header(metric) for metric in metrics]
        rows = self._org_rows(block.keys) if block.by == BY_ORG else self._month_rows(block.keys)
        # The last row is the whole: the organisation itself, or the whole period.
        whole = self.org.name if block.by == BY_ORG else period_name(self.period)
        figures = [self._figure(Placeholder(key)) for key in block.keys]
        return {
            "kind": "table",
            "line": block.line,
            "by": block.by,
            "keys": list(block.keys),
            "title": block.title,
            "header": header,
            "rows": [*rows, [{"text": whole}, *copy.deepcopy(figures)]],
            "figures": figures,
        }

    def _org_rows(self, keys: list[str]) -> list[list[dict]]:
        columns = [children_figures(key, self.org, self.period) for key in keys]
        if not columns or not columns[0]:
            return []
        rows = []
        for index, child in enumerate(columns[0]):
            cells = [{"text": child.org.name, "org": child.org.code}]
            for key, column in zip(keys, columns, strict=True):
                figure = column[index]
                cells.append(
                    {
                        "figure": key,
                        "period": self.period.label,
                        "org": figure.org.code,
                        "value": json_value(figure.value),
                        "value_text": figure.text,
                        "unit": "",
                        "text": figure.text,
                    }
                )
            rows.append(cells)
        return rows

    def _month_rows(self, keys: list[str]) -> list[list[dict]]:
        rows = []
        for month in months_of(self.period):
            cells = [{"text": month_label(month)}]
            for key in keys:
                result = self.result(key, month)
                cells.append(
                    {
                        "figure": key,
                        "period": month.label,
                        "value": json_value(result.value),
                        "value_text": result.text,
                        "unit": "",
                        "text": result.text,
                    }
                )
            rows.append(cells)
        return rows


def _unit_header(metric) -> str:
    return f"{metric.label}（{metric.unit}）" if metric.unit else str(metric.label)


def _time_progress(month: Period) -> Decimal:
    """序时进度 at the month's end, rounded as percentages are shown (8.3)."""
    return time_progress_percent(month).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _absorb_units(segments: list[dict]) -> list[dict]:
    """“{{ training.person_times }}人次”: the unit written after a figure becomes part of
    its link (培训1520人次), so the figure a reader clicks reads as a whole."""
    for index, segment in enumerate(segments[:-1]):
        unit = segment.get("unit")
        following = segments[index + 1]
        if not unit or unit == PERCENT or "figure" in following:
            continue
        if following["text"].startswith(unit):
            segment["text"] += unit
            following["text"] = following["text"][len(unit) :]
    return [segment for segment in segments if segment.get("text") or "figure" in segment]
