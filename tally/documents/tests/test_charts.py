"""Charts: valid PNG, drawn with the CJK font (no empty boxes), the same bytes each time."""

import io
import warnings

import pytest
from PIL import Image

from tally.documents import charts

ORGS = ["甲街道党工委", "乙街道党工委", "招商局"]


def drawn(make):
    """Draw with every warning an error: matplotlib only warns when it draws a
    character as an empty box ("Glyph … missing from font(s)")."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return make()


def all_three():
    return [
        drawn(lambda: charts.bar_chart(ORGS, [51, 12, None], title="签约项目", unit="个")),
        drawn(
            lambda: charts.line_chart(
                ["1月", "2月", "3月"],
                [10, 22.5, 35],
                progress=[8.3, 16.7, 25],
                title="目标完成率",
                unit="%",
                series_label="完成率",
            )
        ),
        drawn(
            lambda: charts.funnel_chart(
                ["谋划", "跟踪", "在谈", "签约"], [121, 34, 78, 51], title="招商项目", unit="个"
            )
        ),
    ]


def test_it_draws_valid_pngs():
    for png in all_three():
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG"
        image.verify()
        assert image.size[0] > 800


def test_it_draws_chinese_with_the_cjk_font():
    used = charts.font_used()
    assert "NotoSansCJK" in used
    assert used == str(charts.cjk_font_path())
    all_three()  # and no glyph was missing (warnings are errors in drawn())


def test_it_gives_the_same_bytes_for_the_same_input_and_no_software_stamp():
    first, second = all_three(), all_three()
    assert first == second
    for png in first:
        assert b"matplotlib" not in png.lower()


def test_it_refuses_labels_and_values_of_different_lengths():
    with pytest.raises(ValueError):
        charts.bar_chart(ORGS, [1, 2])


def test_it_says_how_to_install_the_font_when_it_is_missing(monkeypatch, tmp_path):
    monkeypatch.setattr(charts, "FONT_FILES", (str(tmp_path / "none.ttc"),))
    monkeypatch.setattr(charts, "FONT_DIRS", (str(tmp_path),))
    monkeypatch.setattr(charts, "_font_ready", False)
    with pytest.raises(charts.ChartFontMissing, match="apt-get install fonts-noto-cjk"):
        charts.bar_chart(ORGS, [1, 2, 3])
