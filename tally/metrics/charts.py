"""ECharts option dicts built in Python (plain data, easy to test); the template emits
them with json_script and app.js draws every [data-chart]."""

from decimal import ROUND_HALF_UP, Decimal

from .definitions import PERCENT, POINTS
from .formatting import json_value

ROTATE_AFTER = 6  # children; beyond this many, the names are slanted to fit


def ranking_chart(metric, ranking: list[dict]) -> dict | None:
    """A bar per child, in ranking order. None for a yes/no metric: bars say nothing."""
    figures = [row["figure"] for row in ranking]
    if any(isinstance(f.value, bool) for f in figures):
        return None
    names = [f.org.name for f in figures]
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": 8, "bottom": 8, "top": 32, "containLabel": True},
        "xAxis": {
            "type": "category",
            "data": names,
            "axisLabel": {"interval": 0, "rotate": 30 if len(names) > ROTATE_AFTER else 0},
        },
        "yAxis": {"type": "value", "name": metric.unit},
        "series": [
            {
                "type": "bar",
                "name": str(metric.label),
                "data": [chart_value(f.value, metric.unit) for f in figures],
                "label": {"show": True, "position": "top"},
            }
        ],
    }


def chart_value(value, unit: str):
    """The value rounded as its text is (129.2, not 129.1666…), for bar labels."""
    if value is None:
        return None
    places = Decimal("0.1") if unit in (PERCENT, POINTS) else Decimal("0.01")
    return json_value(Decimal(value).quantize(places, rounding=ROUND_HALF_UP))
