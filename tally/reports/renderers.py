"""The renderers of a document (document.py): the web page's context, the Word file
(through the one official-document writer), the PDF, and the JSON of `render_report`.

Every renderer reads the same document and asks one `Links` for the address of each
figure, so the live report links to the metric pages and a published version to its
frozen evidence, and the showcase to its public figure pages.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from tally.documents import charts as png_charts
from tally.documents.official import Link, OfficialDocument
from tally.documents.pdf import docx_to_pdf
from tally.metrics.definitions import PERCENT

from .document import plain_text
from .language import BY_MONTH, BY_ORG

# (key, period label, organisation code) -> URL; the code is the document's own unless a
# table cell names a child organisation.
LinkFunction = Callable[[str, str, str], str]


@dataclass(frozen=True)
class Links:
    figure: LinkFunction
    base_url: str = ""  # for files: Word and PDF need absolute addresses

    def of(self, document: dict, item: dict) -> str:
        org = item.get("org") or document["org"]["code"]
        return self.figure(item["figure"], item["period"], org)

    def absolute(self, document: dict, item: dict) -> str:
        return self.base_url.rstrip("/") + self.of(document, item)


# --- the web page -----------------------------------------------------------------------


def for_web(document: dict, links: Links, *, chart_prefix: str = "report-chart") -> dict:
    """A copy of the document with each figure's URL and each chart's ECharts option,
    ready for reports/_document.html."""
    page = copy.deepcopy(document)
    for segments in _segment_lists(page):
        for segment in segments:
            if "figure" in segment:
                segment["url"] = links.of(page, segment)
    for index, block in enumerate(page["blocks"], start=1):
        if block["kind"] == "chart":
            block["chart_id"] = f"{chart_prefix}-{index}"
            block["option"] = echarts_option(block)
            block["points"] = list(zip(block["labels"], block["texts"], strict=True))
    return page


def _segment_lists(document: dict):
    yield document["title"]
    yield document["subtitle"]
    for block in document["blocks"]:
        if "segments" in block:
            yield block["segments"]
        yield from block.get("rows", ())


def echarts_option(block: dict) -> dict:
    """An ECharts option for a chart block: bars by organisation, a line by month (with
    the time-progress line), a funnel by stage."""
    title = {"text": block["title"], "left": "center", "textStyle": {"fontSize": 14}}
    if block["by"] == BY_ORG:
        many = len(block["labels"]) > 6
        return {
            "title": title,
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 8, "right": 8, "bottom": 8, "top": 60, "containLabel": True},
            "xAxis": {
                "type": "category",
                "data": block["labels"],
                "axisLabel": {"interval": 0, "rotate": 30 if many else 0},
            },
            "yAxis": {"type": "value", "name": block["unit"]},
            "series": [
                {
                    "type": "bar",
                    "data": block["values"],
                    "label": {"show": True, "position": "top"},
                }
            ],
        }
    if block["by"] == BY_MONTH:
        series = [{"type": "line", "name": block["title"], "data": block["values"]}]
        if block.get("progress"):
            series.append(
                {
                    "type": "line",
                    "name": "序时进度",
                    "data": block["progress"],
                    "lineStyle": {"type": "dashed"},
                }
            )
        return {
            "title": title,
            "tooltip": {"trigger": "axis"},
            "legend": {"bottom": 0},
            "grid": {"left": 8, "right": 8, "bottom": 32, "top": 60, "containLabel": True},
            "xAxis": {"type": "category", "data": block["labels"]},
            "yAxis": {"type": "value", "name": block["unit"]},
            "series": series,
        }
    return {
        "title": title,
        "tooltip": {"trigger": "item"},
        "series": [
            {
                "type": "funnel",
                "sort": "none",
                "top": 40,
                "label": {"show": True, "position": "inside", "formatter": "{b}：{c}"},
                "data": [
                    {"name": label, "value": value}
                    for label, value in zip(block["labels"], block["values"], strict=True)
                ],
            }
        ],
    }


# --- Word and PDF -----------------------------------------------------------------------


def chart_png(block: dict) -> bytes:
    texts = block["texts"]
    unit = "" if block["unit"] == PERCENT else block["unit"]
    if block["by"] == BY_ORG:
        return png_charts.bar_chart(block["labels"], block["values"], unit=unit, texts=texts)
    if block["by"] == BY_MONTH:
        return png_charts.line_chart(
            block["labels"],
            block["values"],
            unit=block["unit"],
            texts=texts,
            progress=block.get("progress"),
            series_label=block["title"] if block.get("progress") else "",
        )
    return png_charts.funnel_chart(block["labels"], block["values"], texts=texts)


def to_docx(document: dict, links: Links, *, date: dt.date | None = None) -> bytes:
    """The official document: title, subtitle, the blocks, the organisation and the date
    at the end; every figure a hyperlink to its evidence page by absolute URL."""
    doc = OfficialDocument(
        title=plain_text(document["title"]),
        subtitle=plain_text(document["subtitle"]),
        issuer=document["org"]["name"],
        date=date,
    )
    for block in document["blocks"]:
        kind = block["kind"]
        if kind == "heading":
            doc.heading(plain_text(block["segments"]), level=block["level"])
        elif kind == "paragraph":
            doc.paragraph(_inline(document, block["segments"], links))
        elif kind == "chart":
            caption = block["title"] + (f"（{block['unit']}）" if block["unit"] else "")
            doc.image(chart_png(block), width_mm=150, caption=caption)
        else:
            if block["title"]:
                doc.paragraph(block["title"], indent=False)
            rows = [[_cell(document, cell, links) for cell in row] for row in block["rows"]]
            doc.table(header=block["header"], rows=rows)
    return doc.to_bytes()


def _inline(document: dict, segments: list[dict], links: Links) -> list:
    return [
        Link(segment["text"], links.absolute(document, segment))
        if "figure" in segment
        else segment["text"]
        for segment in segments
    ]


def _cell(document: dict, cell: dict, links: Links):
    if "figure" in cell:
        return Link(cell["text"], links.absolute(document, cell))
    return cell["text"]


def to_pdf(document: dict, links: Links, *, date: dt.date | None = None) -> bytes:
    return docx_to_pdf(to_docx(document, links, date=date))


# --- the JSON of render_report (a public contract) ----------------------------------------


def to_contract(document: dict) -> dict:
    """{"template", "org", "period", "blocks": [{"kind", "text", "figures": [{"key",
    "value", "text"}]}]}: every block with its resolved text and each placeholder's key,
    value and formatted text. A chart's or a table's text is its title; its figures are
    the metrics it shows, for the whole organisation and period."""
    return {
        "template": document["template"],
        "org": document["org"]["code"],
        "period": document["period"]["label"],
        "blocks": [_contract_block(block) for block in document["blocks"]],
    }


def _contract_block(block: dict) -> dict:
    if "segments" in block:
        text = plain_text(block["segments"])
        figures = [segment for segment in block["segments"] if "figure" in segment]
    else:
        text = block["title"]
        figures = block["figures"]
    return {
        "kind": block["kind"],
        "text": text,
        "figures": [
            {"key": figure["figure"], "value": figure["value"], "text": figure["value_text"]}
            for figure in figures
        ],
    }
