"""Masking personal data for display and export (PIPL; GB/T 35273 "去标识化").

Every mask keeps the length of its input, so columns still line up, and never shows
more than 7 original characters, so no masked value can contain a whole 11-digit phone
number or 18-character ID number. The patterns at the end let tests scan pages and
exports for anything that escaped masking.
"""

from __future__ import annotations

import re

MASK = "*"

# An ID number: 17 digits and a digit or X, with a plausible birth date (years
# 1800-2099) so that order numbers and timestamps do not look like leaks. Any region
# code, so that made-up test data is caught too. Digit boundaries rather than \b,
# because IDs often touch Chinese text ("身份证420…"), where \b finds no boundary.
UNMASKED_ID_PATTERN = re.compile(
    r"(?<![0-9])[0-9]{6}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])"
    r"(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])"
)
# A mainland mobile number: 1, then 3-9, then nine more digits.
UNMASKED_PHONE_PATTERN = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def mask_id_number(value: str | None) -> str:
    """'420106199001011234' → '420***********1234'.

    Anything that is not 18 characters keeps only its first and last character
    (or is masked completely when it has 2 characters or fewer).
    """
    text = _as_text(value)
    if len(text) == 18:
        return text[:3] + MASK * 11 + text[-4:]
    return _keep_ends(text, head=1, tail=1)


def mask_phone(value: str | None) -> str:
    """'13812345678' → '138****1234'.

    From 8 characters on: keep the first 3 and the last 4 (an 11-digit mobile number
    becomes 138****1234, a landline 010-12345678 becomes 010*****5678). Shorter values
    keep only their last 2 characters; 2 characters or fewer are masked completely.
    """
    text = _as_text(value)
    if len(text) >= 8:
        return _keep_ends(text, head=3, tail=4)
    return _keep_ends(text, head=0, tail=2)


def _keep_ends(text: str, *, head: int, tail: int) -> str:
    """Mask the middle, keeping `head` and `tail` characters, if anything is left to hide."""
    hidden = len(text) - head - tail
    if hidden <= 0:
        return MASK * len(text)
    return text[:head] + MASK * hidden + text[len(text) - tail :]


def _as_text(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()
