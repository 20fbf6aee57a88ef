"""A metric's value as DOMAIN.md writes it: 1520, 560.83, 14, 129.2%, 148.0%, 24.3.

Rates and percentage points always carry one decimal (92.0% beside 91.5%, never 92%);
counts are whole numbers; money has two decimals, a whole sum none (2300). The text never
carries the unit (it is shown beside it) except "%". Rounding is half up, as people round
by hand, never the banker's rounding of Python's round().
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import pgettext

from .definitions import PERCENT, POINTS

MISSING = "—"
ONE_PLACE = Decimal("0.1")
TWO_PLACES = Decimal("0.01")


def format_value(value, unit: str) -> str:
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return pgettext("metric value", "yes") if value else pgettext("metric value", "no")
    if unit == PERCENT:
        return _one_decimal(value) + "%"
    if unit == POINTS:
        return _one_decimal(value)
    if isinstance(value, int):
        return str(value)
    # Money to two decimals (560.83, 560.80); other sums (hours, people) likewise.
    return _rounded(value, TWO_PLACES)


def _one_decimal(value) -> str:
    """Rounded half up to one decimal, always written ("92.0", "-0.0" as "0.0")."""
    rounded = Decimal(value).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
    return str(rounded.copy_abs() if rounded == 0 else rounded)


def _rounded(value, places: Decimal) -> str:
    """Rounded half up to `places`; a whole number without decimals ("148", not "148.0")."""
    rounded = Decimal(value).quantize(places, rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        # int() also turns "-0" into "0".
        return str(int(rounded))
    return str(rounded)


def json_value(value):
    """The value in the CLI's and the API's JSON: a number, 1 / 0 for yes / no, or null."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    number = Decimal(value)
    if number == number.to_integral_value():
        return int(number)
    return float(number)
