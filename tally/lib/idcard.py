"""Chinese resident identity card numbers (公民身份号码, GB 11643-1999).

Layout of the 18 characters: 6-digit region code, 8-digit birth date YYYYMMDD, 3-digit
sequence whose last digit is odd for men and even for women, and a check character
(0-9 or X) computed from the first 17 digits (ISO 7064 MOD 11-2).

Only the structure is checked: the region code is not looked up, and a birth date in
the future is not refused here (the caller knows "today").
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)
DIGITS = "0123456789"
EARLIEST_BIRTH_YEAR = 1800  # older "birth dates" are typing errors, not people

# Full-width forms U+FF01..U+FF5E sit exactly 0xFEE0 above their ASCII twins.
_FULLWIDTH_TO_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


class IdNumberError(ValueError):
    """Not a valid ID number. The message is translated, for the clerk."""


def normalize_id_number(text: str) -> str:
    """Remove all spaces (also full-width), make full-width characters half-width, x → X."""
    if text is None:
        return ""
    # An ID typed into a number cell has already lost digits; str() lets validation say so.
    half_width = str(text).translate(_FULLWIDTH_TO_ASCII)
    return "".join(half_width.split()).upper()


def id_check_char(first17: str) -> str:
    """The check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def validate_id_number(text: str) -> str:
    """Return the normalized number, or raise IdNumberError saying what is wrong."""
    number = normalize_id_number(text)
    if len(number) != 18:
        raise IdNumberError(
            _("An ID-card number has 18 characters, this one has %(n)d.") % {"n": len(number)}
        )
    _check_characters(number)
    if _birth_date_or_none(number) is None:
        raise IdNumberError(
            _(
                "Characters 7 to 14 of the ID-card number, “%(value)s”, are not a valid "
                "birth date: check those digits."
            )
            % {"value": number[6:14]}
        )
    expected = id_check_char(number[:17])
    if number[17] != expected:
        raise IdNumberError(
            _(
                "The ID-card number does not add up: its last character would have to be "
                "%(expected)s. Look for a mistyped digit."
            )
            % {"expected": expected}
        )
    return number


def id_birth_date(id_number: str) -> dt.date:
    number = validate_id_number(id_number)
    birth = _birth_date_or_none(number)
    assert birth is not None  # validate_id_number has checked it
    return birth


def id_gender(id_number: str) -> str:
    """'男' or '女', read from the 17th digit (odd = 男)."""
    number = validate_id_number(id_number)
    return "男" if int(number[16]) % 2 == 1 else "女"


def make_id_number(region: str, birth: dt.date, seq: int, gender: str) -> str:
    """Build a valid number, for tests and demo data.

    `seq` (0..99) becomes the first two sequence digits; the third is chosen to match
    `gender` ('男' or '女') and varies with `seq` so that numbers look realistic.
    """
    if not re.fullmatch(r"[0-9]{6}", region):
        raise ValueError(f"region must be 6 digits, got {region!r}")
    if not 0 <= seq <= 99:
        raise ValueError(f"seq must be 0..99, got {seq}")
    if gender not in ("男", "女"):
        raise ValueError(f"gender must be '男' or '女', got {gender!r}")
    if birth.year < EARLIEST_BIRTH_YEAR:
        raise ValueError(f"birth year must be {EARLIEST_BIRTH_YEAR} or later, got {birth.year}")
    gender_digit = (seq % 5) * 2 + (1 if gender == "男" else 0)
    birth_digits = f"{birth.year:04d}{birth.month:02d}{birth.day:02d}"
    first17 = f"{region}{birth_digits}{seq:02d}{gender_digit}"
    return first17 + id_check_char(first17)


def _check_characters(number: str) -> None:
    for position, char in enumerate(number):
        if char in DIGITS:
            continue
        if char == "X" and position == 17:
            continue
        if char == "X":
            raise IdNumberError(_("Only the last character of an ID-card number can be X."))
        raise IdNumberError(
            _(
                "An ID-card number cannot contain “%(char)s”: it has only digits, "
                "and an X as the last character."
            )
            % {"char": char}
        )


def _birth_date_or_none(number: str) -> dt.date | None:
    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    if year < EARLIEST_BIRTH_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
