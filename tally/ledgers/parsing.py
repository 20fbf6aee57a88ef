"""Turning one cell into a value, by the column's type. Each function raises CellError
with a reason a clerk can act on; the caller adds the row and the column."""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from tally.lib import cells
from tally.lib.cells import CellError
from tally.lib.creditcode import CreditCodeError, validate_credit_code
from tally.lib.idcard import IdNumberError, validate_id_number

from . import declarations as d
from .declarations import Column

MOBILE = re.compile(r"^1[3-9]\d{9}$")
# What our own export puts before text that a spreadsheet could take for a formula.
NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r])")


def text_of(raw) -> str:
    text = cells.clean_text(raw)
    # Undo the export's formula neutralisation, so that export → import changes nothing.
    return NEUTRALISED.sub("", text) if text.startswith("'") else text


def parse_text(column: Column, raw):
    text = text_of(raw)
    if cells.looks_like_formula(text):
        raise CellError(_("Formulas are not accepted; paste the value instead."))
    if column.max_length and len(text) > column.max_length:
        raise CellError(
            _("At most %(max)d characters, this has %(n)d.")
            % {"max": column.max_length, "n": len(text)}
        )
    return text


def parse_choice(column: Column, raw):
    text = text_of(raw)
    if text == "":
        return ""
    if text not in column.choices:
        raise CellError(
            _("“%(value)s” is not one of the choices: %(choices)s.")
            % {"value": text, "choices": "、".join(column.choices)}
        )
    return text


def parse_idcard(column: Column, raw):
    text = text_of(raw)
    if text == "":
        return ""
    try:
        return validate_id_number(text)
    except IdNumberError as error:
        raise CellError(str(error)) from None


def parse_creditcode(column: Column, raw):
    text = text_of(raw)
    if text == "":
        return ""
    try:
        return validate_credit_code(text)
    except CreditCodeError as error:
        raise CellError(str(error)) from None


def parse_phone(column: Column, raw):
    text = text_of(raw).replace("-", "").replace(" ", "")
    if text == "":
        return ""
    if not MOBILE.match(text):
        raise CellError(_("“%(value)s” is not an 11-digit mobile number.") % {"value": text})
    return text


def parse_code(column: Column, raw):
    """A code that names another record; resolved against the database later."""
    text = text_of(raw)
    return text or None


def parse_codes(column: Column, raw):
    return cells.split_codes(text_of(raw))


def check_range(column: Column, value):
    if value is None:
        return value
    if column.minimum is not None and value < column.minimum:
        raise CellError(_("Must be at least %(min)s.") % {"min": column.minimum})
    if column.maximum is not None and value > column.maximum:
        raise CellError(_("Must be at most %(max)s.") % {"max": column.maximum})
    return value


PARSERS = {
    d.TEXT: parse_text,
    d.INT: lambda c, raw: check_range(c, cells.parse_int(raw)),
    d.DECIMAL: lambda c, raw: check_range(c, cells.parse_decimal(raw, places=c.places)),
    d.PERCENT: lambda c, raw: check_range(c, cells.parse_percent(raw)),
    d.DATE: lambda c, raw: cells.parse_date(raw),
    d.MONTH: lambda c, raw: cells.parse_month(raw),
    d.WEEK: lambda c, raw: cells.parse_week(raw),
    d.BOOL: lambda c, raw: cells.parse_bool(raw),
    d.CHOICE: parse_choice,
    d.ORG: parse_code,
    d.REF: parse_code,
    d.ORGS: parse_codes,
    d.REFS: parse_codes,
    d.IDCARD: parse_idcard,
    d.PHONE: parse_phone,
    d.CREDITCODE: parse_creditcode,
}

EMPTY = (None, "", [])


def parse_cell(column: Column, raw):
    """The value of one cell; CellError with a reason when it cannot be read."""
    value = PARSERS[column.type](column, raw)
    if column.required and value in EMPTY:
        raise CellError(_("This column is required."))
    if column.type == d.DECIMAL and value is not None:
        value = Decimal(value)
    return value


def is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")
