"""Reading spreadsheet cells the way Chinese clerks fill them in.

A cell arrives as whatever the spreadsheet reader gives: str, int, float, bool, date,
datetime, time or None. Each parser returns the value or raises CellError with a reason
in the active language that can be shown next to the cell. Blank cells give None (or
'' / []); whether a blank is allowed is the caller's decision.

Clerks type with a Chinese input method, so full-width digits and letters, full-width
spaces, thousands separators and several date styles all have to be understood.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from tally.lib.periods import weeks_in_iso_year


class CellError(ValueError):
    """A cell value that cannot be read. The message is translated, for the clerk."""


# -- text -------------------------------------------------------------------------------

# Full-width forms U+FF01..U+FF5E sit exactly 0xFEE0 above their ASCII twins. Those that
# are ordinary Chinese punctuation stay as typed: a clerk's "（组长）" is not a typo.
KEPT_CHINESE_PUNCTUATION = "！（），：；？～"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"  # invisible, pasted from web pages and chats
_TO_HALF_WIDTH = {
    code: code - 0xFEE0
    for code in range(0xFF01, 0xFF5F)
    if chr(code) not in KEPT_CHINESE_PUNCTUATION
}
_TO_HALF_WIDTH[0x3000] = ord(" ")
_TO_HALF_WIDTH.update(dict.fromkeys(map(ord, _ZERO_WIDTH)))
# Most cells hold nothing to translate; finding that out is four times cheaper than
# translating (an import reads hundreds of thousands of cells).
_NEEDS_TRANSLATION = re.compile("[" + "".join(re.escape(chr(c)) for c in _TO_HALF_WIDTH) + "]")


def clean_text(value: object) -> str:
    """The cell as one line of text.

    - None → ''; True/False → 'TRUE'/'FALSE' (as the spreadsheet shows them).
    - Whole floats lose their '.0' (12.0 → '12'): number cells are floats even for codes.
    - date → '2023-06-30'; datetime → '2023-06-30 08:30:00' (just the date at midnight);
      time → '08:30:00'.
    - Text: full-width ASCII letters, digits and symbols → half-width, except the Chinese
      punctuation ！（），：；？～ which is kept; full-width space → space; zero-width
      characters removed; runs of whitespace (also newlines) → one space; stripped.
    """
    if value.__class__ is str:
        text = value.translate(_TO_HALF_WIDTH) if _NEEDS_TRANSLATION.search(value) else value
        return " ".join(text.split())
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    text = str(value).translate(_TO_HALF_WIDTH)
    return " ".join(text.split())


def looks_like_formula(text: str) -> bool:
    """True when the text starts with '=' (a formula, not a value)."""
    return isinstance(text, str) and text.startswith("=")


_CODE_SEPARATORS = re.compile(r"[、;；,，\s]+")


def split_codes(value: object) -> list[str]:
    """Several codes in one cell → a list, in order, without blanks or repeats.

    Separators: 、 ; ； , ， and any whitespace including newlines.
    """
    codes = _CODE_SEPARATORS.split(clean_text(value))
    return list(dict.fromkeys(code for code in codes if code))


# -- dates ------------------------------------------------------------------------------

EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
_EXCEL_DAY_ZERO = dt.date(1899, 12, 31)  # serial 1 is 1900-01-01
_EXCEL_FICTIONAL_LEAP_DAY = 60  # Excel believes 1900-02-29 existed (a Lotus 1-2-3 bug)

# A time after the date is ignored: '2023-06-30 00:00:00' is how many exports write dates.
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DATE_PATTERNS = (
    # Same separator twice, so '2023-6/30' is refused rather than guessed at.
    re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME, re.ASCII),
    re.compile(r"(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?日?" + _TIME, re.ASCII),
    re.compile(r"(\d{4})(\d{2})(\d{2})" + _TIME, re.ASCII),
)


def parse_date(value: object) -> dt.date | None:
    """A date from a date cell, an Excel serial number or text.

    Text: '2023-06-30', '2023/6/30', '2023.6.30', '2023年6月30日', '2023年6月30',
    '20230630', each optionally followed by a time, which is ignored. Numbers are Excel
    serials (1900 date system, 1 = 1900-01-01) from 1 to 2958465, except that an
    8-digit whole number such as 20230630 (typed into a number cell) is read as YYYYMMDD.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool | dt.time):  # bool before int: True is also the number 1
        raise CellError(_unrecognised_date(value))
    if isinstance(value, int | float | Decimal):
        return _date_from_number(value)
    text = clean_text(value)
    if text == "":
        return None
    return _date_from_text(text)


def excel_serial_to_date(serial: float) -> dt.date:
    """Excel 1900-system serial → date; the fraction (time of day) is dropped."""
    whole = math.floor(serial)
    if whole == _EXCEL_FICTIONAL_LEAP_DAY:
        raise CellError(_no_such_date("1900-02-29"))
    # After the fictional Feb 29 every serial is one day too high.
    days = whole if whole < _EXCEL_FICTIONAL_LEAP_DAY else whole - 1
    return _EXCEL_DAY_ZERO + dt.timedelta(days=days)


def _date_from_number(number: float | Decimal) -> dt.date:
    if not _is_finite(number):
        raise CellError(_unrecognised_date(number))
    if number == int(number) and 10000101 <= number <= 99991231:
        return _date_from_text(str(int(number)))
    if 1 <= number < EXCEL_MAX_SERIAL + 1:
        return excel_serial_to_date(number)
    raise CellError(_unrecognised_date(number))


def _date_from_text(text: str) -> dt.date:
    parts = _date_parts(text)
    if parts is None:
        raise CellError(_unrecognised_date(text))
    return _make_date(*parts, shown=text)


def _date_parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) if the text is written like a date, valid or not."""
    for pattern in _DATE_PATTERNS:
        if match := pattern.fullmatch(text):
            # The first pattern has an extra group for the separator.
            groups = (1, 3, 4) if pattern.groups == 4 else (1, 2, 3)
            year, month, day = (int(match.group(i)) for i in groups)
            return year, month, day
    return None


def _make_date(year: int, month: int, day: int, *, shown: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(_no_such_date(shown)) from None


def _no_such_date(shown: str) -> str:
    return _("The date “%(value)s” does not exist: check the year, month and day.") % {
        "value": shown
    }


def _unrecognised_date(value: object) -> str:
    return _("Cannot read the date “%(value)s”: write it as 2023-06-30 or 2023年6月30日.") % {
        "value": clean_text(value)
    }


# -- months and weeks -------------------------------------------------------------------

_MONTH_PATTERNS = (
    re.compile(r"(\d{4}) ?[-/.] ?(\d{1,2})", re.ASCII),
    re.compile(r"(\d{4}) ?年 ?(\d{1,2}) ?月?", re.ASCII),
    re.compile(r"(\d{4})(\d{2})", re.ASCII),
)


def parse_month(value: object) -> str | None:
    """'YYYY-MM' from '2023-03', '2023-3', '2023/03', '2023.3', '2023年3月', '202303',
    a full date (text, date cell or Excel serial), or None for a blank cell.

    A number cell holding 2023.3 is what Excel makes of a typed '2023.3'; it is read as
    2023-03, but 2023.1 is refused because Excel stores a typed '2023.10' the same way.
    """
    if value is None:
        return None
    if isinstance(value, dt.date):
        return _month_text(value.year, value.month, shown=clean_text(value))
    if isinstance(value, bool | dt.time):
        raise CellError(_unrecognised_month(value))
    if isinstance(value, int | float | Decimal):
        return _month_from_number(value)
    text = clean_text(value)
    if text == "":
        return None
    for pattern in _MONTH_PATTERNS:
        if match := pattern.fullmatch(text):
            return _month_text(int(match.group(1)), int(match.group(2)), shown=text)
    if parts := _date_parts(text):  # a whole date in a month column: take its month
        day = _make_date(*parts, shown=text)
        return _month_text(day.year, day.month, shown=text)
    raise CellError(_unrecognised_month(text))


def _month_from_number(number: float | Decimal) -> str:
    if not _is_finite(number):
        raise CellError(_unrecognised_month(number))
    shown = clean_text(number)
    if 1900 <= number < 3000:
        return _month_from_year_dot_month(shown)
    if number == int(number) and 190001 <= number <= 299912:
        return _month_text(int(number) // 100, int(number) % 100, shown=shown)
    try:
        day = _date_from_number(number)
    except CellError:
        raise CellError(_unrecognised_month(number)) from None
    return _month_text(day.year, day.month, shown=shown)


def _month_from_year_dot_month(shown: str) -> str:
    year, _dot, month_digits = shown.partition(".")
    if month_digits == "1":
        raise CellError(
            _(
                "The spreadsheet stored “%(value)s” as a number, so January and October look "
                "the same: write it as %(year)s-01 or %(year)s-10."
            )
            % {"value": shown, "year": year}
        )
    if len(month_digits) in (1, 2):
        return _month_text(int(year), int(month_digits), shown=shown)
    raise CellError(_unrecognised_month(shown))


def _month_text(year: int, month: int, *, shown: str) -> str:
    if not 1 <= month <= 12:
        raise CellError(
            _("The month “%(value)s” does not exist: months run from 1 to 12.") % {"value": shown}
        )
    if year < 1:
        raise CellError(_unrecognised_month(shown))
    return f"{year:04d}-{month:02d}"


def _unrecognised_month(value: object) -> str:
    return _("Cannot read the month “%(value)s”: write it as 2023-06 or 2023年6月.") % {
        "value": clean_text(value)
    }


_WEEK_PATTERNS = (
    re.compile(r"(\d{4}) ?-? ?[Ww] ?(\d{1,2})", re.ASCII),
    re.compile(r"(\d{4}) ?年 ?第? ?(\d{1,2}) ?周", re.ASCII),
)


def parse_week(value: object) -> str | None:
    """ISO week 'YYYY-Www' from '2023-W27', '2023W27', '2023-w27', '2023年第27周', or
    the ISO week containing a date cell. Plain numbers are refused: 27 has no year."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        iso = value.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    text = clean_text(value)
    if text == "":
        return None
    if isinstance(value, str):
        for pattern in _WEEK_PATTERNS:
            if match := pattern.fullmatch(text):
                return _week_text(int(match.group(1)), int(match.group(2)), shown=text)
    raise CellError(_unrecognised_week(text))


def _week_text(iso_year: int, week: int, *, shown: str) -> str:
    if iso_year < 1:
        raise CellError(_unrecognised_week(shown))
    last = weeks_in_iso_year(iso_year)
    if not 1 <= week <= last:
        raise CellError(
            _("The year %(year)d has no week %(week)d: its weeks run from 1 to %(last)d.")
            % {"year": iso_year, "week": week, "last": last}
        )
    return f"{iso_year:04d}-W{week:02d}"


def _unrecognised_week(shown: str) -> str:
    return _("Cannot read the week “%(value)s”: write it as 2023-W27 or 2023年第27周.") % {
        "value": shown
    }


# -- numbers ----------------------------------------------------------------------------

_NUMBER_KIND, _WHOLE_NUMBER_KIND, _PERCENT_KIND = "number", "whole number", "percentage"
# Dashes clerks put in a cell to mean "nothing to report".
BLANK_MARKERS = frozenset({"", "-", "--", "—", "——", "–"})
# Thousands separators must group by three, so '12,5' (a decimal comma) is refused
# instead of silently becoming 125.
_NUMBER = re.compile(r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)", re.ASCII)


def parse_decimal(value: object, places: int = 2) -> Decimal | None:
    """A number rounded half-up to `places` decimals, or None for a blank or a dash.

    Accepts numbers and text like '1,234.5', '１，２３４', ' -12 '. Floats are read via
    their shortest repr, so 0.1 + 0.2 gives 0.30, not binary noise. '75%' is refused:
    use parse_percent for percentages.
    """
    number = _decimal_or_none(value, kind=_NUMBER_KIND)
    if number is None:
        return None
    return _rounded(number, places, shown=clean_text(value))


def parse_int(value: object) -> int | None:
    """A whole number ('12', '12.0', 12.0, '1,200'), or None for a blank or a dash."""
    number = _decimal_or_none(value, kind=_WHOLE_NUMBER_KIND)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(_not_a(_WHOLE_NUMBER_KIND, clean_text(value)))
    return int(number)


def parse_percent(value: object, places: int = 2) -> Decimal | None:
    """Percentage points: '75%', '75 %', '75' and 75 all give Decimal('75.00').

    A bare number is taken as percentage points, so a cell that Excel formatted as a
    percentage (it stores 75% as 0.75) gives 0.75 here. The 0..100 range is not
    checked: some figures legitimately exceed 100%.
    """
    if isinstance(value, str):
        text = clean_text(value)
        if text.endswith("%"):
            number = _decimal_from_text(text[:-1].rstrip(), shown=text, kind=_PERCENT_KIND)
            if number is None:
                raise CellError(_not_a(_PERCENT_KIND, text))
            return _rounded(number, places, shown=text)
    number = _decimal_or_none(value, kind=_PERCENT_KIND)
    if number is None:
        return None
    return _rounded(number, places, shown=clean_text(value))


def _decimal_or_none(value: object, *, kind: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool | dt.date | dt.time) or (
        isinstance(value, float | Decimal) and not _is_finite(value)
    ):
        raise CellError(_not_a(kind, clean_text(value)))
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float: 0.3, not
        # 0.299999999999999988897769753748...
        return Decimal(repr(value))
    text = clean_text(value)
    if text.endswith("%") and kind == _NUMBER_KIND:
        raise CellError(
            _("“%(value)s” is not a plain number: leave out the percent sign here.")
            % {"value": text}
        )
    return _decimal_from_text(text, shown=text, kind=kind)


def _decimal_from_text(text: str, *, shown: str, kind: str) -> Decimal | None:
    if text in BLANK_MARKERS:
        return None
    candidate = text.replace("，", ",")  # the full-width comma survives clean_text
    if not _NUMBER.fullmatch(candidate):
        raise CellError(_not_a(kind, shown))
    return Decimal(candidate.replace(",", ""))


def _not_a(kind: str, shown: str) -> str:
    """The message for a cell that is not a number of the `kind` the column wants."""
    if kind == _WHOLE_NUMBER_KIND:
        message = _("“%(value)s” is not a whole number: write a number such as 12 or 1,200.")
    elif kind == _PERCENT_KIND:
        message = _(
            "“%(value)s” is not a percentage: write a number such as 75 or 12.5, "
            "with or without the percent sign."
        )
    else:
        message = _("“%(value)s” is not a number: write a number such as 1234.5 or 1,234.5.")
    return message % {"value": shown}


def _is_finite(number: float | Decimal) -> bool:
    if isinstance(number, Decimal):
        return number.is_finite()
    return math.isfinite(number)


def _rounded(number: Decimal, places: int, *, shown: str) -> Decimal:
    if places < 0:
        raise ValueError(f"places must be 0 or more, got {places}")
    try:
        rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise CellError(
            _("“%(value)s” is too large a number: check it for extra digits.") % {"value": shown}
        ) from None
    # -0.001 rounds to -0.00, which would be displayed with its sign.
    return rounded.copy_abs() if rounded.is_zero() else rounded


# -- yes / no ---------------------------------------------------------------------------

_TRUE_WORDS = frozenset({"是", "√", "✓", "✔", "y", "yes", "true", "1"})
_FALSE_WORDS = frozenset({"否", "×", "✗", "✘", "n", "no", "false", "0"})


def parse_bool(value: object) -> bool | None:
    """是/否, √/×, Y/N, yes/no, true/false (any case), 1/0; blank → None."""
    if value is None or isinstance(value, bool):
        return value
    text = clean_text(value)
    if text == "":
        return None
    word = text.lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise CellError(
        _("“%(value)s” is not a yes-or-no answer: write “是” or “否”.") % {"value": text}
    )
