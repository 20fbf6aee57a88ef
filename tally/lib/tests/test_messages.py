"""Every message in tally.lib is an English msgid passed to gettext when the error is
raised, so the clerk reads it in the active language."""

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

from tally.lib import cells, creditcode, idcard, periods

LIB = Path(cells.__file__).parent
MODULES = (cells, creditcode, idcard, periods)

# One way to reach each message.
TRIGGERS = [
    lambda: cells.parse_date("2023-02-30"),
    lambda: cells.parse_date("abc"),
    lambda: cells.parse_month(2023.1),
    lambda: cells.parse_month("2023-13"),
    lambda: cells.parse_month("三月"),
    lambda: cells.parse_week("2021-W53"),
    lambda: cells.parse_week("27"),
    lambda: cells.parse_decimal("abc"),
    lambda: cells.parse_decimal("75%"),
    lambda: cells.parse_decimal("1" * 40),
    lambda: cells.parse_int("12.5"),
    lambda: cells.parse_percent("abc"),
    lambda: cells.parse_bool("对"),
    lambda: periods.parse_period("上半年"),
    lambda: periods.half_period(2023, 3),
    lambda: periods.quarter_period(2023, 5),
    lambda: periods.month_period(2023, 13),
    lambda: periods.week_period(2021, 53),
    lambda: periods.week_period(9999, 52),
    lambda: periods.range_period(dt.date(2023, 6, 30), dt.date(2023, 1, 1)),
    lambda: periods.year_period(10000),
    lambda: periods.parse_period("2023-02-29..2023-03-31"),
    lambda: idcard.validate_id_number("123"),
    lambda: idcard.validate_id_number("110105199902300021"),
    lambda: idcard.validate_id_number("110105194912310021"),
    lambda: idcard.validate_id_number("110105194912310X2X"),
    lambda: idcard.validate_id_number("1101051949123100-X"),
    lambda: creditcode.validate_credit_code("123"),
    lambda: creditcode.validate_credit_code("91350100M000100Y44"),
    lambda: creditcode.make_credit_code("123"),
    lambda: creditcode.validate_credit_code("91350100O000100Y43"),
]


def msgids_in_source() -> set[str]:
    """The literal strings passed to _() anywhere in tally/lib (tests excluded)."""
    found = set()
    for path in LIB.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_":
                assert len(node.args) == 1, f"{path.name}:{node.lineno}: _() takes one string"
                arg = node.args[0]
                assert isinstance(arg, ast.Constant), f"{path.name}:{node.lineno}: not a literal"
                found.add(arg.value)
    return found


@pytest.fixture
def marked(monkeypatch) -> set[str]:
    """Replace gettext in each module by one that brackets the message and records it."""
    seen: set[str] = set()

    def fake_gettext(message: str) -> str:
        seen.add(message)
        return f"⟦{message}⟧"

    for module in MODULES:
        monkeypatch.setattr(module, "_", fake_gettext)
    return seen


# Chinese that English messages may quote: the forms a clerk can type.
EXAMPLES = ("2023年6月30日", "2023年6月", "2023年第27周", "“是”", "“否”")


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_it_translates_the_message_when_it_raises(marked, trigger):
    with pytest.raises(ValueError) as caught:
        trigger()
    assert str(caught.value).startswith("⟦")
    assert str(caught.value).endswith("⟧")
    assert len(marked) == 1


def test_it_reaches_every_message_and_every_message_is_english(marked):
    for trigger in TRIGGERS:
        with pytest.raises(ValueError):
            trigger()
    in_source = msgids_in_source()
    assert marked == in_source
    for msgid in in_source:
        english = msgid
        for example in EXAMPLES:
            english = english.replace(example, "")
        assert not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", english), msgid
        assert english.endswith("."), msgid
