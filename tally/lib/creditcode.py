"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

18 characters from a 31-character alphabet (no I, O, Z, S, V, which are too easily
mistaken for 1, 0, 2, 5, U); the last one is a check character computed from the
first 17 (ISO 7064 MOD 31-3 style).

Only the overall check character is verified. The organisation code embedded at
positions 9-17 (GB 11714) is not checked separately: codes issued for businesses
without an old organisation code do not always satisfy it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE_OF = {char: value for value, char in enumerate(ALPHABET)}

# Full-width forms U+FF01..U+FF5E sit exactly 0xFEE0 above their ASCII twins.
_FULLWIDTH_TO_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


class CreditCodeError(ValueError):
    """Not a valid unified social credit code. The message is translated, for the clerk."""


def normalize_credit_code(text: str) -> str:
    """Remove all spaces (also full-width), make full-width characters half-width, upper-case."""
    if text is None:
        return ""
    half_width = str(text).translate(_FULLWIDTH_TO_ASCII)
    return "".join(half_width.split()).upper()


def credit_code_check_char(first17: str) -> str:
    """The check character for 17 characters of the alphabet."""
    total = sum(_VALUE_OF[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    # 31 - (total mod 31) is 1..31, and 31 wraps to 0.
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(text: str) -> str:
    """Return the normalized code, or raise CreditCodeError saying what is wrong."""
    code = normalize_credit_code(text)
    if len(code) != 18:
        raise CreditCodeError(
            _("A unified social credit code has 18 characters, this one has %(n)d.")
            % {"n": len(code)}
        )
    _check_characters(code)
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise CreditCodeError(
            _(
                "The unified social credit code does not add up: its last character would have "
                "to be %(expected)s. Look for a mistyped character."
            )
            % {"expected": expected}
        )
    return code


def make_credit_code(prefix17: str) -> str:
    """Append the check character to 17 characters, for tests and demo data."""
    prefix = normalize_credit_code(prefix17)
    if len(prefix) != 17:
        raise CreditCodeError(
            _(
                "A unified social credit code without its check character has 17 characters, "
                "this one has %(n)d."
            )
            % {"n": len(prefix)}
        )
    _check_characters(prefix)
    return prefix + credit_code_check_char(prefix)


def _check_characters(code: str) -> None:
    for char in code:
        if char not in _VALUE_OF:
            raise CreditCodeError(
                _(
                    "A unified social credit code cannot contain “%(char)s”: it has only digits "
                    "and capital letters other than I, O, Z, S and V."
                )
                % {"char": char}
            )
