import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tally.lib.periods import (
    KINDS,
    Period,
    PeriodError,
    current_period,
    half_period,
    month_period,
    parse_period,
    quarter_period,
    range_period,
    week_period,
    weeks_in_iso_year,
    year_period,
)

D = dt.date


# -- parsing each accepted form ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "label"),
    [
        ("2023", "year", D(2023, 1, 1), D(2023, 12, 31), "2023"),
        ("2023H1", "half", D(2023, 1, 1), D(2023, 6, 30), "2023H1"),
        ("2023h2", "half", D(2023, 7, 1), D(2023, 12, 31), "2023H2"),
        ("2023Q1", "quarter", D(2023, 1, 1), D(2023, 3, 31), "2023Q1"),
        ("2023Q2", "quarter", D(2023, 4, 1), D(2023, 6, 30), "2023Q2"),
        ("2023q3", "quarter", D(2023, 7, 1), D(2023, 9, 30), "2023Q3"),
        ("2023Q4", "quarter", D(2023, 10, 1), D(2023, 12, 31), "2023Q4"),
        ("2023-06", "month", D(2023, 6, 1), D(2023, 6, 30), "2023-06"),
        ("2023-6", "month", D(2023, 6, 1), D(2023, 6, 30), "2023-06"),
        ("2024-02", "month", D(2024, 2, 1), D(2024, 2, 29), "2024-02"),
        ("2023-02", "month", D(2023, 2, 1), D(2023, 2, 28), "2023-02"),
        ("2023-W27", "week", D(2023, 7, 3), D(2023, 7, 9), "2023-W27"),
        ("2023W27", "week", D(2023, 7, 3), D(2023, 7, 9), "2023-W27"),
        ("2023-w7", "week", D(2023, 2, 13), D(2023, 2, 19), "2023-W07"),
        ("2020-W53", "week", D(2020, 12, 28), D(2021, 1, 3), "2020-W53"),
        ("2021-W01", "week", D(2021, 1, 4), D(2021, 1, 10), "2021-W01"),
        (
            "2023-01-01..2023-06-30",
            "range",
            D(2023, 1, 1),
            D(2023, 6, 30),
            "2023-01-01..2023-06-30",
        ),
        (
            "2023-1-5 .. 2023-1-5",
            "range",
            D(2023, 1, 5),
            D(2023, 1, 5),
            "2023-01-05..2023-01-05",
        ),
        ("  2023Q2\n", "quarter", D(2023, 4, 1), D(2023, 6, 30), "2023Q2"),
    ],
)
def test_it_parses_every_accepted_form(text, kind, start, end, label):
    period = parse_period(text)
    assert (period.kind, period.start, period.end, period.label) == (kind, start, end, label)
    assert str(period) == label


@pytest.mark.parametrize(
    "text",
    ["", "   ", "23", "20231", "2023H3", "2023H0", "2023Q0", "2023Q5", "2023-13", "2023-0",
     "2023-W00", "2023-W54", "2021-W53", "2023/06", "2023年", "Q2 2023", "0000",
     "2023-02-30..2023-03-01", "2023-06-30..2023-01-01", "２０２３", "2023-06-30"],
)  # fmt: skip
def test_it_refuses_text_that_is_not_a_period(text):
    with pytest.raises(PeriodError):
        parse_period(text)


def test_it_explains_how_to_write_a_period():
    with pytest.raises(PeriodError) as caught:
        parse_period(" 上半年 ")
    assert str(caught.value) == (
        "Cannot read the period “上半年”: write it as 2023, 2023H1, 2023Q2, 2023-06, "
        "2023-W27 or 2023-01-01..2023-06-30."
    )


@pytest.mark.parametrize("text", ["2023/06", "0000", "0000Q1", ""])
def test_it_explains_how_to_write_any_unreadable_period(text):
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert str(caught.value).startswith(f"Cannot read the period “{text}”: write it as 2023, ")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2021-W53", "The year 2021 has no week 53: its weeks run from 1 to 52."),
        ("2020-W54", "The year 2020 has no week 54: its weeks run from 1 to 53."),
        ("2023-W00", "The year 2023 has no week 0: its weeks run from 1 to 52."),
        ("2023H3", "Half-years are numbered 1 and 2, not 3."),
        ("2023Q5", "Quarters are numbered 1 to 4, not 5."),
        ("2023Q0", "Quarters are numbered 1 to 4, not 0."),
        ("2023-13", "Months are numbered 1 to 12, not 13."),
        (
            "2023-06-30..2023-01-01",
            "The period starts on 2023-06-30, after it ends on 2023-01-01: "
            "put the earlier date first.",
        ),
        (
            "2023-02-29..2023-03-31",
            "The period “2023-02-29..2023-03-31” contains a date that does not exist: "
            "check the year, month and day.",
        ),
    ],
)
def test_it_says_why_a_period_is_refused(text, reason):
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert str(caught.value) == reason


def test_it_says_which_years_and_weeks_it_cannot_handle():
    with pytest.raises(PeriodError) as caught:
        week_period(9999, 52)
    assert str(caught.value) == "Week 52 of 9999 is outside the dates that can be handled."
    with pytest.raises(PeriodError) as caught:
        year_period(10000)
    assert str(caught.value) == (
        "The year 10000 is outside the years that can be handled (1 to 9999)."
    )


def test_it_raises_a_value_error_so_forms_can_catch_it():
    assert issubclass(PeriodError, ValueError)


def test_it_is_a_frozen_hashable_value():
    assert parse_period("2023Q2") == quarter_period(2023, 2)
    assert len({parse_period("2023Q2"), parse_period("2023q2")}) == 1
    with pytest.raises(AttributeError):
        parse_period("2023").label = "2024"  # type: ignore[misc]


def test_it_refuses_to_build_a_period_that_ends_before_it_starts():
    with pytest.raises(ValueError, match="starts after it ends"):
        Period("range", D(2023, 2, 1), D(2023, 1, 1), "x")


# -- properties of one period -----------------------------------------------------------


def test_it_reports_the_year_of_the_end():
    assert parse_period("2023Q2").year == 2023
    assert parse_period("2020-W53").year == 2021
    assert parse_period("2022-12-01..2023-01-31").year == 2023


def test_it_knows_its_year_start_and_last_month():
    period = parse_period("2022-11-15..2023-03-10")
    assert period.year_start == D(2023, 1, 1)
    assert period.last_month == "2023-03"
    assert parse_period("2023H2").last_month == "2023-12"


def test_it_contains_its_days_and_nothing_else():
    period = parse_period("2023Q2")
    assert period.contains(D(2023, 4, 1))
    assert period.contains(D(2023, 6, 30))
    assert period.contains(dt.datetime(2023, 6, 30, 23, 59))
    assert not period.contains(D(2023, 3, 31))
    assert not period.contains(D(2023, 7, 1))


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("2023", 12),
        ("2023H1", 6),
        ("2023Q1", 3),
        ("2023-06", 6),
        ("2023-01-01..2023-06-29", 5),
        ("2023-01-01..2023-01-30", 0),
        ("2023-W27", 6),  # ends Sunday 2023-07-09: July is not over
        ("2023-W26", 6),  # ends Sunday 2023-07-02
        ("2024-02", 2),
        ("2020-W53", 0),  # ends 2021-01-03
    ],
)
def test_it_counts_whole_months_elapsed(text, months):
    assert parse_period(text).months_elapsed == months


def test_it_gives_time_progress_in_months_as_a_fraction():
    assert parse_period("2023Q2").time_progress_months == Decimal("0.5")
    assert parse_period("2023").time_progress_months == Decimal(1)
    assert parse_period("2023-01-01..2023-01-15").time_progress_months == Decimal(0)
    assert parse_period("2023-03").time_progress_months == Decimal(3) / Decimal(12)


def test_it_gives_time_progress_in_days_as_a_fraction():
    assert parse_period("2023H1").time_progress_days == Decimal(181) / Decimal(365)
    assert parse_period("2024H1").time_progress_days == Decimal(182) / Decimal(366)
    assert parse_period("2023").time_progress_days == Decimal(1)
    assert parse_period("2024").time_progress_days == Decimal(1)
    assert parse_period("2023-01-01..2023-01-01").time_progress_days == Decimal(1) / 365


@pytest.mark.parametrize(
    ("text", "last_year"),
    [
        ("2023", "2022"),
        ("2023H2", "2022H2"),
        ("2023Q1", "2022Q1"),
        ("2023-06", "2022-06"),
        ("2025-02", "2024-02"),
        ("2024-02", "2023-02"),
        ("2023-W27", "2022-W27"),
        ("2021-W01", "2020-W01"),
        ("2021-W52", "2020-W52"),
        ("2020-W53", "2019-W52"),  # 2019 has no week 53
        ("2016-W52", "2015-W52"),
        ("2015-W53", "2014-W52"),
        ("2023-01-01..2023-06-30", "2022-01-01..2022-06-30"),
        ("2024-02-29..2024-03-31", "2023-02-28..2023-03-31"),
        ("2024-02-01..2024-02-29", "2023-02-01..2023-02-28"),
    ],
)
def test_it_finds_the_same_period_last_year(text, last_year):
    assert parse_period(text).same_period_last_year() == parse_period(last_year)


def test_it_keeps_february_whole_when_going_back_to_a_leap_year():
    assert parse_period("2025-02").same_period_last_year().end == D(2024, 2, 29)


def test_it_cannot_go_back_before_year_one():
    with pytest.raises(PeriodError, match="The year 0 is outside the years that can be handled"):
        parse_period("0001").same_period_last_year()


@pytest.mark.parametrize(
    ("kind", "today", "label"),
    [
        ("year", D(2023, 7, 9), "2023"),
        ("half", D(2023, 6, 30), "2023H1"),
        ("half", D(2023, 7, 1), "2023H2"),
        ("quarter", D(2023, 3, 31), "2023Q1"),
        ("quarter", D(2023, 11, 5), "2023Q4"),
        ("month", D(2023, 7, 9), "2023-07"),
        ("week", D(2023, 7, 9), "2023-W27"),
        ("week", D(2021, 1, 1), "2020-W53"),
        ("week", dt.datetime(2024, 12, 30, 8, 0), "2025-W01"),
    ],
)
def test_it_finds_the_current_period(kind, today, label):
    assert current_period(kind, today).label == label


def test_it_has_no_current_range():
    with pytest.raises(ValueError, match="current_period needs one of"):
        current_period("range", D(2023, 1, 1))


def test_it_knows_which_iso_years_have_53_weeks():
    assert [y for y in range(2010, 2031) if weeks_in_iso_year(y) == 53] == [
        2015,
        2020,
        2026,
    ]


# -- property tests ---------------------------------------------------------------------

YEARS = st.integers(min_value=2, max_value=9998)


@st.composite
def periods(draw) -> Period:
    kind = draw(st.sampled_from(KINDS))
    if kind == "range":
        days = st.dates(min_value=D(2, 1, 1), max_value=D(9998, 12, 31))
        start, end = sorted([draw(days), draw(days)])
        return range_period(start, end)
    year = draw(YEARS)
    if kind == "year":
        return year_period(year)
    if kind == "half":
        return half_period(year, draw(st.integers(1, 2)))
    if kind == "quarter":
        return quarter_period(year, draw(st.integers(1, 4)))
    if kind == "month":
        return month_period(year, draw(st.integers(1, 12)))
    return week_period(year, draw(st.integers(1, weeks_in_iso_year(year))))


@given(periods())
def test_it_reads_back_its_own_label(period):
    assert parse_period(period.label) == period
    assert parse_period(f" {period.label.lower()} ") == period


@given(periods())
def test_it_starts_no_later_than_it_ends_and_contains_both_ends(period):
    assert period.start <= period.end
    assert period.contains(period.start)
    assert period.contains(period.end)
    assert not period.contains(period.start - dt.timedelta(days=1))
    assert not period.contains(period.end + dt.timedelta(days=1))


@given(periods())
def test_it_compares_with_a_period_of_the_same_kind_about_a_year_earlier(period):
    earlier = period.same_period_last_year()
    assert earlier.kind == period.kind
    # 364 or 371 days for ISO weeks, 365 or 366 for the rest.
    assert 364 <= (period.start - earlier.start).days <= 371
    assert 364 <= (period.end - earlier.end).days <= 371


@given(periods())
def test_it_has_between_0_and_12_months_elapsed(period):
    assert 0 <= period.months_elapsed <= 12
    assert 0 <= period.time_progress_months <= 1
    assert 0 < period.time_progress_days <= 1


@given(YEARS, st.integers(1, 12))
def test_it_ends_a_month_on_its_last_day(year, month):
    period = month_period(year, month)
    assert period.end.month == month
    assert (period.end + dt.timedelta(days=1)).day == 1
    assert period.months_elapsed == month


@given(YEARS, st.integers(1, 53))
def test_it_makes_weeks_of_seven_days_monday_to_sunday(year, week):
    if week > weeks_in_iso_year(year):
        with pytest.raises(PeriodError):
            week_period(year, week)
        return
    period = week_period(year, week)
    assert (period.end - period.start).days == 6
    assert period.start.isoweekday() == 1
    assert period.end.isoweekday() == 7
    assert period.start.isocalendar()[:2] == (year, week)


@given(st.dates(min_value=D(2, 1, 1), max_value=D(9998, 12, 31)), st.sampled_from(KINDS[:5]))
def test_it_finds_a_current_period_that_contains_today(today, kind):
    period = current_period(kind, today)
    assert period.kind == kind
    assert period.contains(today)


@given(st.text(max_size=30))
def test_it_raises_only_period_error_for_any_text(text):
    try:
        period = parse_period(text)
    except PeriodError:
        return
    assert parse_period(period.label) == period
