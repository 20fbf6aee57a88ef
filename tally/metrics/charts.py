"""ECharts option dicts built in Python (plain data, easy to test); the template emits
them with json_script and app.js draws every [data-chart]."""

import math
from decimal import ROUND_HALF_UP, Decimal

from .definitions import PERCENT, POINTS
from .formatting import json_value

ROTATE_AFTER = 6  # children; beyond this many, the names are slanted to fit
ROTATION = 30  # degrees
LABEL_FONT = 12  # px, ECharts' default; a Chinese character is about as wide
LABEL_WIDTH = 8 * LABEL_FONT  # longer names are cut with "…" (the tooltip has them whole)
MARGIN = 8


def ranking_chart(metric, ranking: list[dict]) -> dict | None:
    """A bar per child, in ranking order. None for a yes/no metric: bars say nothing."""
    figures = [row["figure"] for row in ranking]
    if any(isinstance(f.value, bool) for f in figures):
        return None
    names = [f.org.name for f in figures]
    rotate = ROTATION if len(names) > ROTATE_AFTER else 0
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {
            "left": left_margin(names, rotate),
            "right": MARGIN,
            "bottom": MARGIN,
            "top": 40,  # room for the unit above the value axis
            "containLabel": True,
        },
        "xAxis": {
            "type": "category",
            "data": names,
            "axisLabel": {
                "interval": 0,
                "rotate": rotate,
                "width": LABEL_WIDTH,
                "overflow": "truncate" if rotate else "break",
            },
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


def label_width(name: str) -> int:
    """Pixels of a name as drawn under its bar (at most LABEL_WIDTH: longer ones are cut)."""
    wide = sum(1 if ord(char) > 0x2E7F else 0.6 for char in name)
    return min(LABEL_WIDTH, math.ceil(wide * LABEL_FONT))


def left_margin(names: list[str], rotate: int) -> int:
    """A slanted name ends under its bar and reaches left by its width × cos(angle):
    ECharts' containLabel leaves that out, so the first name was cut off. Leave room."""
    if not rotate or not names:
        return MARGIN
    reach = label_width(names[0]) * math.cos(math.radians(rotate))
    return max(MARGIN, math.ceil(reach))


def chart_value(value, unit: str):
    """The value rounded as its text is (129.2, not 129.1666…), for bar labels."""
    if value is None:
        return None
    places = Decimal("0.1") if unit in (PERCENT, POINTS) else Decimal("0.01")
    return json_value(Decimal(value).quantize(places, rounding=ROUND_HALF_UP))
