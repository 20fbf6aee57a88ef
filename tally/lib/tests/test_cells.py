import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tally.lib.cells import (
    KEPT_CHINESE_PUNCTUATION,
    CellError,
    clean_text,
    excel_serial_to_date,
    looks_like_formula,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_month,
    parse_percent,
    parse_week,
    split_codes,
)

D = dt.date


def no_such_date(shown: str) -> str:
    return f"The date “{shown}” does not exist: check the year, month and day."


def unreadable_date(shown: str) -> str:
    return f"Cannot read the date “{shown}”: write it as 2023-06-30 or 2023年6月30日."


def no_such_month(shown: str) -> str:
    return f"The month “{shown}” does not exist: months run from 1 to 12."


def unreadable_month(shown: str) -> str:
    return f"Cannot read the month “{shown}”: write it as 2023-06 or 2023年6月."


def unreadable_week(shown: str) -> str:
    return f"Cannot read the week “{shown}”: write it as 2023-W27 or 2023年第27周."


def not_a_number(shown: str) -> str:
    return f"“{shown}” is not a number: write a number such as 1234.5 or 1,234.5."


def not_a_whole_number(shown: str) -> str:
    return f"“{shown}” is not a whole number: write a number such as 12 or 1,200."


def not_a_percentage(shown: str) -> str:
    return (
        f"“{shown}” is not a percentage: write a number such as 75 or 12.5, "
        "with or without the percent sign."
    )


def full_width(text: str) -> str:
    """What a Chinese input method in full-width mode types for ASCII text."""
    return "".join(
        chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text
    )


def excel_serial(day: dt.date) -> int:
    """Excel's 1900-system serial, including its fictional 1900-02-29 (serial 60)."""
    if day < D(1900, 3, 1):
        return (day - D(1899, 12, 31)).days
    return (day - D(1899, 12, 30)).days


def test_it_raises_a_value_error_so_forms_can_catch_it():
    assert issubclass(CellError, ValueError)


# -- clean_text -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("", ""),
        (12, "12"),
        (12.0, "12"),
        (-0.0, "0"),
        (12.5, "12.5"),
        (1e20, "100000000000000000000"),
        (0.1 + 0.2, "0.30000000000000004"),
        (True, "TRUE"),
        (False, "FALSE"),
        (D(2023, 6, 30), "2023-06-30"),
        (dt.datetime(2023, 6, 30), "2023-06-30"),
        (dt.datetime(2023, 6, 30, 8, 30, 5, 123), "2023-06-30 08:30:05"),
        (dt.time(8, 30), "08:30:00"),
        (Decimal("1.50"), "1.50"),
        ("  张三  ", "张三"),
        ("甲街道\n党工委", "甲街道 党工委"),
        ("a \t\r\n  b", "a b"),
        ("ＡＢＣ１２３", "ABC123"),
        ("ａｂｃ＠ｘｙ．ｃｏｍ", "abc@xy.com"),
        ("２０２３－０６／３０", "2023-06/30"),
        ("５０％", "50%"),
        ("甲\u3000乙", "甲 乙"),
        ("\u3000\u3000缩进", "缩进"),
        ("张三（组长）", "张三（组长）"),
        ("一、二；三，四：五？六！七～八", "一、二；三，四：五？六！七～八"),
        ("“引号”《书名》【括号】。", "“引号”《书名》【括号】。"),
        ("Z\u200bA-01\ufeff", "ZA-01"),
        ("①㎡", "①㎡"),  # not NFKC: only full-width ASCII changes
        ("a\u00a0b", "a b"),
    ],
)
def test_it_cleans_cell_text(value, text):
    assert clean_text(value) == text


@given(st.text())
def test_it_cleans_text_once_and_for_all(value):
    cleaned = clean_text(value)
    assert clean_text(cleaned) == cleaned
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    assert "\n" not in cleaned
    leftover_full_width = {c for c in cleaned if "\uff01" <= c <= "\uff5e"}
    assert leftover_full_width <= set(KEPT_CHINESE_PUNCTUATION)


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E)))
def test_it_turns_full_width_ascii_back_into_ascii(ascii_text):
    kept = {chr(ord(c) - 0xFEE0) for c in KEPT_CHINESE_PUNCTUATION}
    assume(not set(ascii_text) & kept)
    assert clean_text(full_width(ascii_text)) == ascii_text


# -- parse_date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2023-06-30",
        "2023/6/30",
        "2023/06/30",
        "2023.6.30",
        "2023年6月30日",
        "2023 年 6 月 30 日",
        "2023年6月30",
        "20230630",
        "2023-06-30 00:00:00",
        "2023-06-30 8:15",
        "2023-06-30T08:15:00",
        "2023-06-30 08:15:00.123",
        "2023年6月30日 14:00",
        " ２０２３－０６－３０ ",
        "２０２３年６月３０日",
        D(2023, 6, 30),
        dt.datetime(2023, 6, 30, 23, 59),
        45107,
        45107.0,
        45107.99,
        Decimal(45107),
        20230630,
        20230630.0,
    ],
)
def test_it_reads_every_accepted_date_form(value):
    assert parse_date(value) == D(2023, 6, 30)


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000"])
def test_it_reads_a_blank_date_as_none(value):
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("serial", "day"),
    [
        (1, D(1900, 1, 1)),
        (31, D(1900, 1, 31)),
        (59, D(1900, 2, 28)),
        (61, D(1900, 3, 1)),
        (25569, D(1970, 1, 1)),
        (43831, D(2020, 1, 1)),
        (45107, D(2023, 6, 30)),
        (2958465, D(9999, 12, 31)),
    ],
)
def test_it_reads_excel_serial_numbers(serial, day):
    assert parse_date(serial) == day
    assert excel_serial_to_date(serial) == day


def test_it_refuses_excels_fictional_leap_day():
    with pytest.raises(CellError) as caught:
        parse_date(60)
    assert str(caught.value) == no_such_date("1900-02-29")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2023-02-30", no_such_date("2023-02-30")),
        ("2023年13月1日", no_such_date("2023年13月1日")),
        ("20230230", no_such_date("20230230")),
        (20230230, no_such_date("20230230")),
        ("2023-06-31 00:00:00", no_such_date("2023-06-31 00:00:00")),
        ("0000-01-01", no_such_date("0000-01-01")),
        ("abc", "Cannot read the date “abc”: write it as 2023-06-30 or 2023年6月30日."),
        ("2023-6/30", unreadable_date("2023-6/30")),
        (dt.time(8, 0), unreadable_date("08:00:00")),
    ],
)
def test_it_says_why_a_date_is_refused(value, reason):
    with pytest.raises(CellError) as caught:
        parse_date(value)
    assert str(caught.value) == reason


@pytest.mark.parametrize(
    "value",
    [
        "6/30/2023",
        "30.6.2023",
        "23-6-30",
        "2023-06",
        "2023-06-30 下午",
        "2023-06-30 foo",
        "45107",
        "—",
        0,
        -1,
        0.5,
        2958466,
        float("nan"),
        float("inf"),
        Decimal("NaN"),
        True,
        dt.time(8, 0),
    ],
)
def test_it_refuses_what_it_cannot_read_as_a_date(value):
    with pytest.raises(CellError, match=r"^Cannot read the date “"):
        parse_date(value)


dates = st.dates(min_value=D(1000, 1, 1), max_value=D(9999, 12, 31))
DATE_WRITERS = [
    lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}",
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.year}.{d.month:02d}.{d.day}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year}年{d.month}月{d.day}",
    lambda d: f"{d.year}{d.month:02d}{d.day:02d}",
    lambda d: f"{d.isoformat()} 00:00:00",
    lambda d: full_width(f"{d.year}-{d.month}-{d.day}"),
    lambda d: f" {d.year}年{d.month:02d}月{d.day:02d}日 8:30\n",
    lambda d: int(f"{d.year}{d.month:02d}{d.day:02d}"),
    lambda d: dt.datetime(d.year, d.month, d.day, 12, 0),
]


@given(dates, st.sampled_from(DATE_WRITERS))
def test_it_reads_back_a_date_written_any_accepted_way(day, write):
    assert parse_date(write(day)) == day


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(9999, 12, 31)), st.floats(0, 0.999))
def test_it_reads_back_any_excel_serial(day, time_of_day):
    assert parse_date(excel_serial(day)) == day
    assert parse_date(excel_serial(day) + time_of_day) == day


@given(st.text(max_size=30))
def test_it_raises_only_cell_error_when_reading_dates(text):
    try:
        day = parse_date(text)
    except CellError:
        return
    assert day is None or parse_date(day.isoformat()) == day


# -- parse_month ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2023-03",
        "2023-3",
        "2023/03",
        "2023/3",
        "2023.3",
        "2023.03",
        "2023年3月",
        "2023年03月",
        "2023年3",
        "2023 年 3 月",
        "202303",
        "２０２３－０３",
        "2023-03-15",
        "2023年3月15日",
        D(2023, 3, 15),
        dt.datetime(2023, 3, 31, 23, 59),
        44986,  # 2023-03-01 as an Excel serial
        44986.5,
        202303,
        2023.3,  # '2023.3' typed into a number cell
        2023.03,
    ],
)
def test_it_reads_every_accepted_month_form(value):
    assert parse_month(value) == "2023-03"


@pytest.mark.parametrize(
    ("value", "month"),
    [
        (2023.12, "2023-12"),
        (2023.11, "2023-11"),
        (Decimal("2023.10"), "2023-10"),
        ("2023.1", "2023-01"),
    ],
)
def test_it_reads_year_dot_month_numbers(value, month):
    assert parse_month(value) == month


def test_it_refuses_a_number_cell_that_may_be_january_or_october():
    with pytest.raises(CellError) as caught:
        parse_month(2023.1)
    assert str(caught.value) == (
        "The spreadsheet stored “2023.1” as a number, so January and October look the same: "
        "write it as 2023-01 or 2023-10."
    )


@pytest.mark.parametrize("value", [None, "", "  "])
def test_it_reads_a_blank_month_as_none(value):
    assert parse_month(value) is None


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2023-13", "The month “2023-13” does not exist: months run from 1 to 12."),
        ("2023-0", no_such_month("2023-0")),
        ("2023年13月", no_such_month("2023年13月")),
        ("202313", no_such_month("202313")),
        (202313, no_such_month("202313")),
        (2023.13, no_such_month("2023.13")),
        ("2023-02-30", no_such_date("2023-02-30")),
        ("三月", "Cannot read the month “三月”: write it as 2023-06 or 2023年6月."),
        ("0000-05", unreadable_month("0000-05")),
        (2023, unreadable_month("2023")),
        (2023.123, unreadable_month("2023.123")),
        (True, unreadable_month("TRUE")),
        (-5, unreadable_month("-5")),
        (float("nan"), unreadable_month("nan")),
        ("2023-W10", unreadable_month("2023-W10")),
    ],
)
def test_it_says_why_a_month_is_refused(value, reason):
    with pytest.raises(CellError) as caught:
        parse_month(value)
    assert str(caught.value) == reason


@given(st.integers(1000, 9999), st.integers(1, 12))
def test_it_reads_back_a_month_written_any_accepted_way(year, month):
    expected = f"{year}-{month:02d}"
    for written in (
        f"{year}-{month}",
        f"{year}-{month:02d}",
        f"{year}/{month}",
        f"{year}.{month}",
        f"{year}年{month}月",
        f"{year}{month:02d}",
        full_width(f"{year}-{month}"),
        D(year, month, 28),
    ):
        assert parse_month(written) == expected


# -- parse_week -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "week"),
    [
        ("2023-W27", "2023-W27"),
        ("2023W27", "2023-W27"),
        ("2023-w27", "2023-W27"),
        ("2023-W7", "2023-W07"),
        ("2023年第27周", "2023-W27"),
        ("2023年27周", "2023-W27"),
        ("2023 年 第 27 周", "2023-W27"),
        ("２０２３－Ｗ２７", "2023-W27"),
        ("2020-W53", "2020-W53"),
        (D(2023, 7, 9), "2023-W27"),
        (dt.datetime(2021, 1, 1, 9, 0), "2020-W53"),
        (None, None),
        ("", None),
    ],
)
def test_it_reads_every_accepted_week_form(value, week):
    assert parse_week(value) == week


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2021-W53", "The year 2021 has no week 53: its weeks run from 1 to 52."),
        ("2023-W00", "The year 2023 has no week 0: its weeks run from 1 to 52."),
        ("2023年第60周", "The year 2023 has no week 60: its weeks run from 1 to 52."),
        ("2020-W54", "The year 2020 has no week 54: its weeks run from 1 to 53."),
        ("27", "Cannot read the week “27”: write it as 2023-W27 or 2023年第27周."),
        (27, unreadable_week("27")),
        (2023.27, unreadable_week("2023.27")),
        ("第27周", unreadable_week("第27周")),
        ("0000-W05", unreadable_week("0000-W05")),
    ],
)
def test_it_says_why_a_week_is_refused(value, reason):
    with pytest.raises(CellError) as caught:
        parse_week(value)
    assert str(caught.value) == reason


# -- parse_decimal ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (12, Decimal("12.00")),
        (12.5, Decimal("12.50")),
        (0.1 + 0.2, Decimal("0.30")),
        (1.005, Decimal("1.01")),  # the float is 1.00499999...; its repr says 1.005
        (2.675, Decimal("2.68")),
        (-2.5, Decimal("-2.50")),
        (Decimal("3.14159"), Decimal("3.14")),
        ("1,234.5", Decimal("1234.50")),
        ("１，２３４", Decimal("1234.00")),
        ("１２３４．５６７", Decimal("1234.57")),
        ("12,345,678.9", Decimal("12345678.90")),
        ("  -12 ", Decimal("-12.00")),
        ("－１２", Decimal("-12.00")),
        ("+3", Decimal("3.00")),
        (".5", Decimal("0.50")),
        ("5.", Decimal("5.00")),
        ("0.125", Decimal("0.13")),  # half up, not banker's rounding
        ("-0.125", Decimal("-0.13")),
        ("007", Decimal("7.00")),
        (1e16, Decimal("10000000000000000.00")),
    ],
)
def test_it_reads_numbers(value, number):
    parsed = parse_decimal(value)
    assert parsed == number
    assert str(parsed) == str(number)  # also the number of decimals


@pytest.mark.parametrize("value", [None, "", " ", "-", "--", "—", "——", "–", "－"])
def test_it_reads_blanks_and_dashes_as_none(value):
    assert parse_decimal(value) is None


def test_it_rounds_to_the_places_asked_for():
    assert str(parse_decimal("3.14159", places=4)) == "3.1416"
    assert str(parse_decimal("2.5", places=0)) == "3"
    assert str(parse_decimal(7, places=1)) == "7.0"


def test_it_never_shows_negative_zero():
    assert str(parse_decimal("-0.001")) == "0.00"
    assert str(parse_decimal(-0.0)) == "0.00"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("abc", "“abc” is not a number: write a number such as 1234.5 or 1,234.5."),
        ("12,5", not_a_number("12,5")),  # a decimal comma must not become 125
        ("1,23,456", not_a_number("1,23,456")),
        ("1 234", not_a_number("1 234")),
        ("12元", not_a_number("12元")),
        ("1e5", not_a_number("1e5")),
        ("NaN", not_a_number("NaN")),
        ("Infinity", not_a_number("Infinity")),
        ("1.2.3", not_a_number("1.2.3")),
        (".", not_a_number(".")),
        ("+", not_a_number("+")),
        ("75%", "“75%” is not a plain number: leave out the percent sign here."),
        ("７５％", "“75%” is not a plain number: leave out the percent sign here."),
        (float("nan"), not_a_number("nan")),
        (float("-inf"), not_a_number("-inf")),
        (Decimal("NaN"), not_a_number("NaN")),
        (True, not_a_number("TRUE")),
        (D(2023, 6, 30), not_a_number("2023-06-30")),
        ("1" * 40, f"“{'1' * 40}” is too large a number: check it for extra digits."),
    ],
)
def test_it_says_why_a_number_is_refused(value, reason):
    with pytest.raises(CellError) as caught:
        parse_decimal(value)
    assert str(caught.value) == reason


money = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False
)


@given(money)
def test_it_reads_back_numbers_written_with_thousands_separators(number):
    written = f"{number:,.2f}"
    assert parse_decimal(written) == number
    assert parse_decimal(full_width(written)) == number
    assert parse_decimal(written.replace(",", "，")) == number
    assert parse_decimal(str(number)) == number


@given(money)
def test_it_reads_back_a_typed_number_from_a_float_cell_exactly(number):
    # A spreadsheet stores the typed 1234.56 as the nearest float; repr finds it again.
    assert parse_decimal(float(number)) == number


@given(st.text(max_size=20))
def test_it_raises_only_cell_error_when_reading_numbers(text):
    for parse in (parse_decimal, parse_int, parse_percent):
        try:
            number = parse(text)
        except CellError:
            continue
        assert number is None or parse(str(number)) == number


# -- parse_int --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (12, 12),
        (12.0, 12),
        ("12", 12),
        ("12.0", 12),
        ("1,200", 1200),
        ("１２", 12),
        (" -3 ", -3),
        (Decimal("5.000"), 5),
        (1e20, 100000000000000000000),
        (None, None),
        ("", None),
        ("—", None),
    ],
)
def test_it_reads_whole_numbers(value, number):
    parsed = parse_int(value)
    assert parsed == number
    assert parsed is None or type(parsed) is int


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("12.5", "“12.5” is not a whole number: write a number such as 12 or 1,200."),
        (12.5, not_a_whole_number("12.5")),
        ("abc", not_a_whole_number("abc")),
        (True, not_a_whole_number("TRUE")),
        ("75%", not_a_whole_number("75%")),
    ],
)
def test_it_says_why_a_whole_number_is_refused(value, reason):
    with pytest.raises(CellError) as caught:
        parse_int(value)
    assert str(caught.value) == reason


# -- parse_percent ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "percent"),
    [
        ("75%", Decimal("75.00")),
        ("75 %", Decimal("75.00")),
        ("７５％", Decimal("75.00")),
        ("75", Decimal("75.00")),
        (75, Decimal("75.00")),
        (75.5, Decimal("75.50")),
        ("12.345%", Decimal("12.35")),
        ("120%", Decimal("120.00")),
        ("-5%", Decimal("-5.00")),
        (0.75, Decimal("0.75")),  # a bare number is percentage points, even below 1
        ("1,000%", Decimal("1000.00")),
        (None, None),
        ("", None),
        ("—", None),
    ],
)
def test_it_reads_percentages_as_percentage_points(value, percent):
    assert parse_percent(value) == percent


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (
            "abc",
            "“abc” is not a percentage: write a number such as 75 or 12.5, "
            "with or without the percent sign.",
        ),
        ("%", not_a_percentage("%")),
        ("-%", not_a_percentage("-%")),
        ("75%%", not_a_percentage("75%%")),
        ("百分之七十五", not_a_percentage("百分之七十五")),
        (True, not_a_percentage("TRUE")),
    ],
)
def test_it_says_why_a_percentage_is_refused(value, reason):
    with pytest.raises(CellError) as caught:
        parse_percent(value)
    assert str(caught.value) == reason


# -- parse_bool -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["是", "√", "✓", "✔", "Y", "y", "yes", "Yes", "YES", "TRUE", "true", "True", "1", " 是 ",
     "ｙｅｓ", 1, 1.0, True],
)  # fmt: skip
def test_it_reads_yes(value):
    assert parse_bool(value) is True


@pytest.mark.parametrize(
    "value",
    ["否", "×", "✗", "✘", "N", "n", "no", "No", "FALSE", "false", "0", "０", 0, 0.0, False],
)
def test_it_reads_no(value):
    assert parse_bool(value) is False


@pytest.mark.parametrize("value", [None, "", "  "])
def test_it_reads_a_blank_yes_no_as_none(value):
    assert parse_bool(value) is None


@pytest.mark.parametrize(
    ("value", "shown"),
    [("对", "对"), ("x", "x"), ("2", "2"), (2, "2"), (0.5, "0.5"), ("是的", "是的")],
)
def test_it_says_a_yes_no_cell_wants_yes_or_no(value, shown):
    with pytest.raises(CellError) as caught:
        parse_bool(value)
    assert str(caught.value) == f"“{shown}” is not a yes-or-no answer: write “是” or “否”."


# -- split_codes and looks_like_formula -------------------------------------------------


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        ("A01、A02", ["A01", "A02"]),
        ("A01;A02；A03", ["A01", "A02", "A03"]),
        ("A01,A02，A03", ["A01", "A02", "A03"]),
        ("A01 A02\nA03\r\nA04\tA05", ["A01", "A02", "A03", "A04", "A05"]),
        ("A01，，A02、 、A03,", ["A01", "A02", "A03"]),
        ("B2、A1、B2、C3、A1", ["B2", "A1", "C3"]),
        ("Ａ０１\u3000Ａ０２", ["A01", "A02"]),
        ("A01", ["A01"]),
        (12.0, ["12"]),
        ("", []),
        (None, []),
        ("、；", []),
    ],
)
def test_it_splits_a_cell_of_codes(value, codes):
    assert split_codes(value) == codes


code_lists = st.lists(st.from_regex(r"[A-Z0-9][A-Z0-9-]{0,7}", fullmatch=True), max_size=8)
separators = st.sampled_from(["、", ";", "；", ",", "，", " ", "\n", "\u3000", " 、 ", ",\n"])


@given(code_lists, st.data())
def test_it_splits_codes_joined_by_any_separators(codes, data):
    written = ""
    for code in codes:
        written += code + data.draw(separators)
    assert split_codes(written) == list(dict.fromkeys(codes))


@pytest.mark.parametrize(
    ("text", "is_formula"),
    [("=SUM(A1:A3)", True), ("=", True), ("a=b", False), (" =A1", False), ("", False),
     ("'=A1", False), (None, False)],
)  # fmt: skip
def test_it_recognises_formulas(text, is_formula):
    assert looks_like_formula(text) is is_formula
