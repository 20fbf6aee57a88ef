"""Charts as PNG for Word and PDF: matplotlib's Agg renderer with a CJK font.

Three shapes the reports need: bars by organisation, a line by month (with an optional
time-progress line, 序时进度), and a funnel by stage. Each returns PNG bytes; the same
input gives the same bytes (matplotlib's "Software" metadata, which carries its version,
is left out).

The font is found by its file (fonts-noto-cjk): without it matplotlib would draw every
Chinese character as an empty box and only warn, so a missing font is an error here.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

FONT_FAMILY = "Noto Sans CJK SC"
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
)
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")
FONT_GLOB = "NotoSansCJK*-Regular.tt[cf]"
INSTALL_HINT = "apt-get install fonts-noto-cjk"

DPI = 200
WIDTH_MM, HEIGHT_MM = 150, 85
COLOUR = "#c0392b"  # the red of Chinese official charts
PROGRESS_COLOUR = "#555555"
MM_PER_INCH = 25.4


class ChartFontMissing(RuntimeError):
    def __init__(self):
        super().__init__(
            f"No CJK font for charts: {FONT_FAMILY} was not found "
            f"({', '.join(FONT_FILES)}). Install it with: {INSTALL_HINT}"
        )


_font_ready = False


def cjk_font_path() -> Path:
    """The file of the CJK font the charts use; ChartFontMissing when there is none."""
    for name in FONT_FILES:
        if Path(name).is_file():
            return Path(name)
    for root in FONT_DIRS:
        found = sorted(Path(root).rglob(FONT_GLOB)) if Path(root).is_dir() else []
        if found:
            return found[0]
    raise ChartFontMissing()


def _ensure_font() -> None:
    """Register the font file with matplotlib once (its cache may predate the font)."""
    global _font_ready
    if _font_ready:
        return
    path = cjk_font_path()
    known = {(entry.name, entry.fname) for entry in font_manager.fontManager.ttflist}
    if (FONT_FAMILY, str(path)) not in known:
        font_manager.fontManager.addfont(str(path))
    _font_ready = True


def font_used() -> str:
    """The file matplotlib draws chart text with (tests check it is the CJK font)."""
    _ensure_font()
    return font_manager.findfont(
        font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False
    )


def _figure(width_mm: float, height_mm: float) -> Figure:
    _ensure_font()
    figure = Figure(figsize=(width_mm / MM_PER_INCH, height_mm / MM_PER_INCH), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _style():
    return matplotlib.rc_context(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [FONT_FAMILY],
            "font.size": 9,
            "axes.unicode_minus": False,  # the CJK font has no U+2212 in every face
            "axes.spines.top": False,
            "axes.spines.right": False,
            "path.simplify": False,
        }
    )


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _number(value) -> float:
    """A value as the chart draws it: an uncomputable one (None) as a zero-length bar."""
    return 0.0 if value is None else float(value)


def _label(value, texts: Sequence[str] | None, index: int) -> str:
    if texts is not None:
        return texts[index]
    if value is None:
        return "—"
    number = _number(value)
    return f"{number:g}" if number != int(number) else f"{int(number)}"


def _check(labels: Sequence, values: Sequence, texts: Sequence | None) -> None:
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} labels for {len(values)} values")
    if texts is not None and len(texts) != len(values):
        raise ValueError(f"{len(texts)} value texts for {len(values)} values")


def bar_chart(
    labels: Sequence[str],
    values: Sequence,
    *,
    title: str = "",
    unit: str = "",
    texts: Sequence[str] | None = None,
    width_mm: float = WIDTH_MM,
    height_mm: float | None = None,
) -> bytes:
    """Horizontal bars, one per organisation, in the given order from the top (long
    organisation names read better beside a bar than under it). `texts` are the values
    as the report writes them (e.g. "74.3%"); by default the numbers themselves."""
    _check(labels, values, texts)
    height_mm = height_mm or max(45.0, 18 + 7.5 * len(labels))
    with _style():
        figure = _figure(width_mm, height_mm)
        axes = figure.add_subplot()
        positions = list(range(len(labels)))[::-1]
        numbers = [_number(value) for value in values]
        axes.barh(positions, numbers, color=COLOUR, height=0.6)
        axes.set_yticks(positions, [str(label) for label in labels])
        top = max([*numbers, 0.0]) or 1.0
        for position, value, index in zip(positions, values, range(len(values)), strict=True):
            axes.text(
                _number(value) + top * 0.01,
                position,
                _label(value, texts, index),
                va="center",
                fontsize=8,
            )
        axes.set_xlim(0, top * 1.15)
        _titles(axes, title, unit, x_unit=True)
        figure.tight_layout()
        return _png(figure)


def line_chart(
    labels: Sequence[str],
    values: Sequence,
    *,
    title: str = "",
    unit: str = "",
    series_label: str = "",
    progress: Sequence | None = None,
    progress_label: str = "序时进度",
    texts: Sequence[str] | None = None,
    width_mm: float = WIDTH_MM,
    height_mm: float = HEIGHT_MM,
) -> bytes:
    """A value by month; `progress` (same length, same unit, e.g. % of the year's target
    against % of the year elapsed) adds a dashed time-progress line."""
    _check(labels, values, texts)
    if progress is not None and len(progress) != len(values):
        raise ValueError(f"{len(progress)} progress points for {len(values)} values")
    with _style():
        figure = _figure(width_mm, height_mm)
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        numbers = [_number(value) for value in values]
        axes.plot(positions, numbers, color=COLOUR, marker="o", label=series_label or None)
        for position, value, index in zip(positions, values, range(len(values)), strict=True):
            axes.annotate(
                _label(value, texts, index),
                (position, _number(value)),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=8,
            )
        if progress is not None:
            axes.plot(
                positions,
                [_number(point) for point in progress],
                color=PROGRESS_COLOUR,
                linestyle="--",
                label=progress_label,
            )
        axes.set_xticks(positions, [str(label) for label in labels])
        axes.set_ylim(bottom=0)
        axes.margins(y=0.15)
        if series_label or progress is not None:
            axes.legend(frameon=False, loc="upper left")
        _titles(axes, title, unit, x_unit=False)
        figure.tight_layout()
        return _png(figure)


def funnel_chart(
    stages: Sequence[str],
    values: Sequence,
    *,
    title: str = "",
    unit: str = "",
    texts: Sequence[str] | None = None,
    width_mm: float = WIDTH_MM,
    height_mm: float | None = None,
) -> bytes:
    """A funnel: one centred bar per stage, in the given order from the top, its width
    the stage's value."""
    _check(stages, values, texts)
    height_mm = height_mm or max(45.0, 18 + 9 * len(stages))
    with _style():
        figure = _figure(width_mm, height_mm)
        axes = figure.add_subplot()
        numbers = [_number(value) for value in values]
        widest = max([*numbers, 0.0]) or 1.0
        positions = list(range(len(stages)))[::-1]
        lefts = [(widest - number) / 2 for number in numbers]
        axes.barh(positions, numbers, left=lefts, color=COLOUR, height=0.8)
        for position, value, index in zip(positions, values, range(len(values)), strict=True):
            axes.text(
                widest / 2,
                position,
                _label(value, texts, index),
                ha="center",
                va="center",
                color="white" if _number(value) > widest * 0.15 else "black",
                fontsize=9,
            )
        axes.set_yticks(positions, [str(stage) for stage in stages])
        axes.set_xticks([])
        axes.set_xlim(0, widest)
        axes.spines["bottom"].set_visible(False)
        axes.spines["left"].set_visible(False)
        axes.tick_params(axis="y", length=0)
        _titles(axes, title, unit, x_unit=None)
        figure.tight_layout()
        return _png(figure)


def _titles(axes, title: str, unit: str, *, x_unit: bool | None) -> None:
    if title:
        axes.set_title(title, fontsize=11)
    if unit and x_unit is True:
        axes.set_xlabel(f"单位：{unit}")
    elif unit and x_unit is False:
        axes.set_ylabel(f"单位：{unit}")
    elif unit:
        axes.set_title(f"{title}（{unit}）" if title else unit, fontsize=11)
