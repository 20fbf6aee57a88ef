"""ECharts option dicts of the economy pages, built in Python (plain data, easy to test and
reusable by the leaders' dashboard); templates emit them with json_script.

An item that carries a `url` in its data is a link: clicking it opens the rows behind it
(economy/charts.js).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from tally.metrics.charts import chart_value
from tally.metrics.definitions import PERCENT

from .pipeline import StageFigure

TIME_PROGRESS_COLOUR = "#9e9e9e"
RED = "#b71c1c"


def funnel_chart(figures: list[StageFigure], url_of: Callable[[str], str]) -> dict:
    """The pipeline as a funnel: one band per stage in stage order, its width the number
    of projects, its label the count and the agreed investment; each band links to its
    projects (`url_of(stage)`)."""
    data = [
        {
            "name": figure.stage,
            "value": figure.count,
            "amount": chart_value(figure.amount, "亿元"),
            "url": url_of(figure.stage),
        }
        for figure in figures
    ]
    return {
        "tooltip": {"trigger": "item", "formatter": _("{b}: {c} projects")},
        "series": [
            {
                "type": "funnel",
                "name": _("Investment pipeline"),
                "sort": "none",
                "left": "10%",
                "width": "80%",
                "minSize": "8%",
                "gap": 2,
                "label": {"show": True, "position": "inside", "formatter": "{b} {c}"},
                "data": data,
            }
        ],
    }


def flows_chart(figures: list[StageFigure], url_of: Callable[[str], str]) -> dict:
    """Projects reaching each stage within a period, as bars linking to them."""
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 8, "bottom": 8, "top": 24, "containLabel": True},
        "xAxis": {"type": "category", "data": [f.stage for f in figures]},
        "yAxis": {"type": "value", "name": _("projects")},
        "series": [
            {
                "type": "bar",
                "name": _("Projects reaching the stage"),
                "itemStyle": {"color": RED},
                "label": {"show": True, "position": "top"},
                "data": [{"value": f.count, "url": url_of(f.stage)} for f in figures],
            }
        ],
    }


def indicator_chart(series: list[dict], unit: str) -> dict:
    """An indicator month by month: the cumulative actual this year and last year (bars,
    in the indicator's unit) and the completion of the annual target against 序时进度
    (lines, in percent)."""
    months = [_("month %(n)d") % {"n": int(row["month"][5:7])} for row in series]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 8, "bottom": 8, "top": 40, "containLabel": True},
        "xAxis": {"type": "category", "data": months},
        "yAxis": [
            {"type": "value", "name": unit},
            {"type": "value", "name": "%", "max": 100, "splitLine": {"show": False}},
        ],
        "series": [
            bar_series(_("This year"), [row["actual"] for row in series], unit, RED),
            bar_series(_("Last year"), [row["last_year"] for row in series], unit, "#e0a9a9"),
            line_series(
                _("Completion of the target"), [row["completion"] for row in series], RED, axis=1
            ),
            line_series(
                _("Time progress"),
                [row["time_progress"] for row in series],
                TIME_PROGRESS_COLOUR,
                dashed=True,
                axis=1,
            ),
        ],
    }


def project_chart(reports: list[dict]) -> dict:
    """A construction project's year: physical progress reported against the schedule's
    expectation, and the investment completed against the annual plan × 序时进度, all
    in percent."""
    months = [row["month"] for row in reports]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 8, "bottom": 8, "top": 40, "containLabel": True},
        "xAxis": {"type": "category", "data": months},
        "yAxis": {"type": "value", "name": "%", "max": 100},
        "series": [
            line_series(_("Physical progress"), [r["progress"] for r in reports], RED),
            line_series(
                _("Expected progress"),
                [r["expected"] for r in reports],
                TIME_PROGRESS_COLOUR,
                dashed=True,
            ),
            line_series(_("Investment completed"), [r["completion"] for r in reports], "#1565c0"),
            line_series(
                _("Time progress"), [r["time_progress"] for r in reports], "#90caf9", dashed=True
            ),
        ],
    }


def bar_series(name: str, values: list, unit: str, colour: str) -> dict:
    return {
        "type": "bar",
        "name": name,
        "itemStyle": {"color": colour},
        "data": [chart_value(v, unit) for v in values],
    }


def line_series(name: str, values: list, colour: str, *, dashed=False, axis=0) -> dict:
    series = {
        "type": "line",
        "name": name,
        "yAxisIndex": axis,
        "connectNulls": False,
        "itemStyle": {"color": colour},
        "data": [chart_value(v, PERCENT) if v is not None else None for v in values],
    }
    if dashed:
        series["lineStyle"] = {"type": "dashed"}
    return series
