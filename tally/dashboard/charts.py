"""The dashboard's charts, twice from the same figures: ECharts option dicts (the page;
every bar, band and light carries its drill-down `url` in its data, which
economy/charts.js opens on a click) and PNG images (tally.documents.charts, for a slide or
a paper without JavaScript)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tally.documents import charts as png
from tally.economy.charts import funnel_chart
from tally.metrics.charts import chart_value, ranking_chart
from tally.metrics.definitions import PERCENT
from tally.metrics.formatting import format_value
from tally.metrics.links import metric_url

from . import board

LIGHT_COLOURS = {board.RED: "#c62828", board.YELLOW: "#f9a825", board.GREEN: "#2e7d32"}
GRID = {"left": 8, "right": 16, "bottom": 8, "top": 32, "containLabel": True}
SERIES_COLOURS = ("#c0392b", "#1565c0", "#2e7d32")


def link(value, url: str, **extra) -> dict:
    return {"value": value, "url": url, **extra}


# --- fiscal indicators ----------------------------------------------------------------


def fiscal_option(fiscal: board.Fiscal) -> dict:
    """Completion of each indicator's annual target as bars, 序时进度 as a line across
    them, and the points ahead (behind) in each bar's label."""
    progress = chart_value(fiscal.time_progress, PERCENT)
    data = []
    for row in fiscal.rows:
        gap = format_value(row.gap, "个百分点") if row.gap is not None else "—"
        label = f"{format_value(row.completion, PERCENT)}（{gap_words(row.gap)} {gap}）"
        data.append(
            link(
                chart_value(row.completion, PERCENT),
                fiscal.urls[row.indicator.code],
                code=row.indicator.code,
                ahead=chart_value(row.gap, PERCENT),
                label={"show": True, "position": "right", "formatter": label},
            )
        )
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {**GRID, "right": 120},
        "yAxis": {
            "type": "category",
            "inverse": True,
            "data": [r.indicator.name for r in fiscal.rows],
        },
        "xAxis": {"type": "value", "name": "%", "max": 100},
        "series": [
            {
                "type": "bar",
                "name": _("Completion of the annual target"),
                "itemStyle": {"color": SERIES_COLOURS[0]},
                "barMaxWidth": 28,
                "data": data,
                "markLine": {
                    "symbol": "none",
                    "lineStyle": {"type": "dashed", "color": "#555"},
                    "label": {
                        "position": "insideEndTop",
                        "formatter": _("Time progress %(p)s%%") % {"p": progress},
                    },
                    "data": [{"xAxis": progress}],
                },
            }
        ],
    }


def gap_words(gap) -> str:
    return _("ahead by") if gap is None or gap >= 0 else _("behind by")


# --- the investment pipeline --------------------------------------------------------


def funnel_option(funnel: board.Funnel) -> dict:
    """The economy module's funnel, each band labelled with its count and 亿元."""
    option = funnel_chart(funnel.stocks, funnel.stock_urls.__getitem__)
    for item in option["series"][0]["data"]:
        words = _("%(n)s projects · %(amount)s 100 million yuan")
        text = words % {"n": item["value"], "amount": format_value(item["amount"], "亿元")}
        item["label"] = {"formatter": f"{item['name']} {text}"}
    # Labels beside the bands: inside, a narrow band cannot hold them.
    series = option["series"][0]
    series.update({"left": "2%", "width": "48%", "label": {"show": True, "position": "right"}})
    series["labelLine"] = {"show": True}
    return option


def flows_option(funnel: board.Funnel) -> dict:
    data = [
        link(f.count, funnel.flow_urls[f.stage], amount=chart_value(f.amount, "亿元"))
        for f in funnel.flows
    ]
    return {
        "tooltip": {"trigger": "axis"},
        "grid": GRID,
        "xAxis": {
            "type": "category",
            "data": [f.stage for f in funnel.flows],
            "axisLabel": {"interval": 0},
        },
        "yAxis": {"type": "value", "name": _("projects")},
        "series": [
            {
                "type": "bar",
                "name": _("Projects reaching the stage"),
                "itemStyle": {"color": SERIES_COLOURS[0]},
                "label": {"show": True, "position": "top"},
                "data": data,
            }
        ],
    }


# --- lights -------------------------------------------------------------------------------


def lights_option(lights: board.Lights) -> dict:
    """Tasks and projects by light: one series per light (in its colour), each with the
    tasks' bar and the projects' bar."""
    series = [
        {
            "type": "bar",
            "name": str(board.LIGHT_NAMES[light]),
            "itemStyle": {"color": LIGHT_COLOURS[light]},
            "label": {"show": True, "position": "top"},
            "data": [
                link(task.now, task.url, light=light, kind="tasks"),
                link(project.now, project.url, light=light, kind="projects"),
            ],
        }
        for light, task, project in zip(board.LIGHTS, lights.tasks, lights.projects, strict=True)
    ]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {**GRID, "top": 48},
        "xAxis": {"type": "category", "data": [_("Tasks"), _("Construction projects")]},
        "yAxis": {"type": "value"},
        "series": series,
    }


# --- training coverage -------------------------------------------------------------------


def coverage_option(coverage: board.Coverage) -> dict:
    figures = coverage.children
    return {
        "tooltip": {"trigger": "axis"},
        "grid": GRID,
        "xAxis": {
            "type": "category",
            "data": [f.org.name for f in figures],
            "axisLabel": {
                "interval": 0,
                "rotate": 30 if len(figures) > 4 else 0,
                "width": 96,
                "overflow": "truncate",
            },
        },
        "yAxis": {"type": "value", "name": "%", "max": 100},
        "series": [
            {
                "type": "bar",
                "name": _("Training coverage"),
                "itemStyle": {"color": SERIES_COLOURS[0]},
                "label": {"show": True, "position": "top", "formatter": "{c}%"},
                "data": [
                    link(chart_value(f.value, PERCENT), coverage.urls[f.org.code], org=f.org.code)
                    for f in figures
                ],
            }
        ],
    }


# --- community figures ---------------------------------------------------------------


def community_option(community: board.Community) -> dict:
    def series(index, key):
        result = community.results[key]
        return {
            "type": "bar",
            "name": str(result.label),
            "itemStyle": {"color": SERIES_COLOURS[index]},
            "data": [
                link(
                    chart_value(f.value, result.unit),
                    metric_url(key, f.org, result.period),
                    org=f.org.code,
                )
                for f in community.children[key]
            ],
        }

    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {**GRID, "top": 48},
        "xAxis": {
            "type": "category",
            "data": [org.name for org in community.child_orgs],
            "axisLabel": {
                "interval": 0,
                "rotate": 30 if len(community.child_orgs) > 4 else 0,
                "width": 96,
                "overflow": "truncate",
            },
        },
        "yAxis": {"type": "value"},
        "series": [series(index, key) for index, key in enumerate(board.COMMUNITY_KEYS)],
    }


# --- the ranking --------------------------------------------------------------------------


def ranking_option(ranking: board.Ranking) -> dict | None:
    """The metric page's ranking chart, each bar linking to that child's figure."""
    rows = [{"figure": row.figure} for row in ranking.rows]
    option = ranking_chart(ranking.metric, rows)
    if option is None:
        return None
    series = option["series"][0]
    series["data"] = [
        link(value, row.url, org=row.org.code)
        for value, row in zip(series["data"], ranking.rows, strict=True)
    ]
    return option


# --- the same charts as PNG ------------------------------------------------------------


def fiscal_png(fiscal: board.Fiscal) -> bytes:
    rows = fiscal.rows
    return png.bar_chart(
        [r.indicator.name for r in rows],
        [r.completion or 0 for r in rows],
        title=_("Completion of the annual target (time progress %(p)s)")
        % {"p": format_value(fiscal.time_progress, PERCENT)},
        unit="%",
        texts=[format_value(r.completion, PERCENT) for r in rows],
    )


def funnel_png(funnel: board.Funnel) -> bytes:
    return png.funnel_chart(
        [f.stage for f in funnel.stocks],
        [f.count for f in funnel.stocks],
        title=_("Investment pipeline on %(day)s") % {"day": funnel.day.isoformat()},
        unit=_("projects"),
        texts=[f"{f.count} · {format_value(f.amount, '亿元')}亿元" for f in funnel.stocks],
    )


def flows_png(funnel: board.Funnel) -> bytes:
    return png.bar_chart(
        [f.stage for f in funnel.flows],
        [f.count for f in funnel.flows],
        title=_("Projects reaching each stage"),
        unit=_("projects"),
    )


def lights_png(lights: board.Lights) -> bytes:
    labels, values = [], []
    for kind, rows in ((_("Tasks"), lights.tasks), (_("Construction projects"), lights.projects)):
        for row in rows:
            labels.append(f"{kind} · {row.name}")
            values.append(row.now)
    return png.bar_chart(
        labels, values, title=_("Lights on %(day)s") % {"day": lights.day.isoformat()}
    )


def coverage_png(coverage: board.Coverage) -> bytes:
    figures = coverage.children
    return png.bar_chart(
        [f.org.name for f in figures],
        [f.value for f in figures],
        title=_("Training coverage"),
        unit="%",
        texts=[f.text for f in figures],
    )


def community_png(community: board.Community) -> bytes:
    key = board.COMMUNITY_KEYS[0]
    figures = community.children[key]
    return png.bar_chart(
        [f.org.name for f in figures],
        [f.value for f in figures],
        title=str(community.results[key].label),
        unit=community.results[key].unit,
        texts=[f.text for f in figures],
    )


def ranking_png(ranking: board.Ranking) -> bytes:
    rows = [row for row in ranking.rows if row.figure.value is not None]
    return png.bar_chart(
        [f"{row.rank}. {row.org.name}" for row in rows],
        [row.figure.value for row in rows],
        title=str(ranking.metric.label),
        unit=ranking.metric.unit,
        texts=[row.figure.text for row in rows],
    )
