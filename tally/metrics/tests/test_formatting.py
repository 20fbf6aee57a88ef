"""The text of a value: DOMAIN.md's rounding, half up, the unit kept apart (except %)."""

from decimal import Decimal

import pytest
from django.utils import translation

from tally.metrics.formatting import format_value, json_value


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1520, "人次", "1520"),
        (0, "个", "0"),
        (Decimal("560.83"), "亿元", "560.83"),
        (Decimal("560.8"), "亿元", "560.80"),
        (Decimal("14.000000"), "亿元", "14"),
        (Decimal("2300"), "万元", "2300"),
        (Decimal("324.985"), "万元", "324.99"),
        (Decimal("0.005"), "元", "0.01"),
        (Decimal("129.15"), "%", "129.2%"),
        (Decimal("129.1666666"), "%", "129.2%"),
        (Decimal("148.04"), "%", "148.0%"),
        (Decimal("100"), "%", "100.0%"),
        (Decimal("92"), "%", "92.0%"),
        (Decimal("91.5"), "%", "91.5%"),
        (Decimal("0.25"), "%", "0.3%"),
        (Decimal("-12.35"), "%", "-12.4%"),
        (Decimal("-0.04"), "%", "0.0%"),
        (Decimal("24.25"), "个百分点", "24.3"),
        (Decimal("24"), "个百分点", "24.0"),
        (None, "%", "—"),
        (None, "个", "—"),
    ],
)
def test_it_writes_values_as_domain_md_says(value, unit, text):
    assert format_value(value, unit) == text


def test_it_writes_yes_and_no_as_translated_words():
    # In Chinese they read 是 / 否 (the catalogue, pgettext context "metric value").
    with translation.override("en"):
        assert (format_value(True, ""), format_value(False, "")) == ("yes", "no")


def test_it_gives_json_numbers_booleans_as_one_and_zero_and_null():
    assert json_value(None) is None
    assert json_value(True) == 1 and json_value(False) == 0
    assert json_value(7) == 7
    assert json_value(Decimal("14.000000")) == 14
    assert json_value(Decimal("560.83")) == 560.83
