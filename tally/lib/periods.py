"""Reporting periods: years, halves, quarters, months, ISO weeks and free date ranges.

Clerks and URLs name a period with short text ('2023Q2', '2023-W27'). parse_period turns
that text into a Period and Period.label turns it back, so the label is the canonical
form to store, to compare and to put in links.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

KINDS = ("year", "half", "quarter", "month", "week", "range")
CALENDAR_KINDS = ("year", "half", "quarter", "month", "week")


class PeriodError(ValueError):
    """Text that does not name a period. The message is translated, for the clerk."""


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date  # inclusive
    label: str

    def __post_init__(self) -> None:
        # Periods are built by the functions below; a bad one is a programming error.
        if self.kind not in KINDS:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if self.start > self.end:
            raise ValueError(f"period {self.label!r} starts after it ends")

    def __str__(self) -> str:
        return self.label

    @property
    def year(self) -> int:
        """The year the period ends in: the year whose progress the period reports."""
        return self.end.year

    @property
    def year_start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def last_month(self) -> str:
        return f"{self.end.year:04d}-{self.end.month:02d}"

    def contains(self, day: dt.date) -> bool:
        if isinstance(day, dt.datetime):
            # datetime and date refuse to compare with each other.
            day = day.date()
        return self.start <= day <= self.end

    @property
    def months_elapsed(self) -> int:
        """Whole calendar months from Jan 1 of `year` through `end`.

        A month only counts once its last day is inside the period, so a period ending
        on June 29 has five months elapsed and one ending on June 30 has six.
        """
        if _is_last_day_of_month(self.end):
            return self.end.month
        return self.end.month - 1

    @property
    def time_progress_months(self) -> Decimal:
        """months_elapsed / 12, e.g. Decimal('0.5') for a period ending June 30."""
        return Decimal(self.months_elapsed) / Decimal(12)

    @property
    def time_progress_days(self) -> Decimal:
        """Days from Jan 1 of `year` through `end` (inclusive) / days in that year."""
        elapsed = (self.end - self.year_start).days + 1
        return Decimal(elapsed) / Decimal(days_in_year(self.year))

    def same_period_last_year(self) -> Period:
        """The period to compare with a year earlier ("同比").

        A week maps to the same ISO week number a year earlier (week 53 becomes week 52
        when that year has no week 53); a range has both ends moved back one year, with
        Feb 29 becoming Feb 28.
        """
        if self.kind == "year":
            return year_period(self.start.year - 1)
        if self.kind == "half":
            return half_period(self.start.year - 1, 1 if self.start.month == 1 else 2)
        if self.kind == "quarter":
            return quarter_period(self.start.year - 1, (self.start.month - 1) // 3 + 1)
        if self.kind == "month":
            return month_period(self.start.year - 1, self.start.month)
        if self.kind == "week":
            iso_year, week = self.start.isocalendar()[:2]
            earlier_year = iso_year - 1
            _check_year(earlier_year)
            return week_period(earlier_year, min(week, weeks_in_iso_year(earlier_year)))
        return range_period(_one_year_earlier(self.start), _one_year_earlier(self.end))


# -- building periods -------------------------------------------------------------------


def year_period(year: int) -> Period:
    _check_year(year)
    return Period("year", dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year:04d}")


def half_period(year: int, half: int) -> Period:
    _check_year(year)
    if half not in (1, 2):
        raise PeriodError(_("Half-years are numbered 1 and 2, not %(half)d.") % {"half": half})
    first_month = 1 if half == 1 else 7
    return Period(
        "half",
        dt.date(year, first_month, 1),
        _last_day_of_month(year, first_month + 5),
        f"{year:04d}H{half}",
    )


def quarter_period(year: int, quarter: int) -> Period:
    _check_year(year)
    if quarter not in (1, 2, 3, 4):
        raise PeriodError(
            _("Quarters are numbered 1 to 4, not %(quarter)d.") % {"quarter": quarter}
        )
    first_month = (quarter - 1) * 3 + 1
    return Period(
        "quarter",
        dt.date(year, first_month, 1),
        _last_day_of_month(year, first_month + 2),
        f"{year:04d}Q{quarter}",
    )


def month_period(year: int, month: int) -> Period:
    _check_year(year)
    if not 1 <= month <= 12:
        raise PeriodError(_("Months are numbered 1 to 12, not %(month)d.") % {"month": month})
    return Period(
        "month",
        dt.date(year, month, 1),
        _last_day_of_month(year, month),
        f"{year:04d}-{month:02d}",
    )


def week_period(iso_year: int, week: int) -> Period:
    """ISO week `week` of `iso_year`, Monday to Sunday."""
    _check_year(iso_year)
    last = weeks_in_iso_year(iso_year)
    if not 1 <= week <= last:
        raise PeriodError(
            _("The year %(year)d has no week %(week)d: its weeks run from 1 to %(last)d.")
            % {"year": iso_year, "week": week, "last": last}
        )
    try:
        monday = dt.date.fromisocalendar(iso_year, week, 1)
        sunday = dt.date.fromisocalendar(iso_year, week, 7)
    except (ValueError, OverflowError):
        # Only the very first and last ISO weeks of the date range overflow.
        raise PeriodError(
            _("Week %(week)d of %(year)d is outside the dates that can be handled.")
            % {"year": iso_year, "week": week}
        ) from None
    return Period("week", monday, sunday, f"{iso_year:04d}-W{week:02d}")


def range_period(start: dt.date, end: dt.date) -> Period:
    if start > end:
        raise PeriodError(
            _(
                "The period starts on %(start)s, after it ends on %(end)s: "
                "put the earlier date first."
            )
            % {"start": start.isoformat(), "end": end.isoformat()}
        )
    return Period("range", start, end, f"{start.isoformat()}..{end.isoformat()}")


def current_period(kind: str, today: dt.date) -> Period:
    """The year/half/quarter/month/ISO week that contains `today`."""
    if isinstance(today, dt.datetime):
        today = today.date()
    if kind == "year":
        return year_period(today.year)
    if kind == "half":
        return half_period(today.year, 1 if today.month <= 6 else 2)
    if kind == "quarter":
        return quarter_period(today.year, (today.month - 1) // 3 + 1)
    if kind == "month":
        return month_period(today.year, today.month)
    if kind == "week":
        iso = today.isocalendar()
        return week_period(iso.year, iso.week)
    raise ValueError(f"current_period needs one of {CALENDAR_KINDS}, not {kind!r}")


# -- parsing ----------------------------------------------------------------------------

# re.ASCII so that \d means 0-9 only, not every digit Unicode knows.
_YEAR = re.compile(r"(\d{4})", re.ASCII)
_HALF = re.compile(r"(\d{4})[Hh](\d)", re.ASCII)
_QUARTER = re.compile(r"(\d{4})[Qq](\d)", re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{1,2})", re.ASCII)
_WEEK = re.compile(r"(\d{4})-?[Ww](\d{1,2})", re.ASCII)
_RANGE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})\s*\.\.\s*(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)


def parse_period(text: str) -> Period:
    """Read a period as written by a clerk or found in a URL; raise PeriodError if unreadable.

    Accepted: '2023', '2023H1' (or '2023h1'), '2023Q2' (or '2023q2'), '2023-06' or
    '2023-6', '2023-W27' or '2023W27' (ISO week), '2023-01-01..2023-06-30' (inclusive).
    """
    cleaned = text.strip() if isinstance(text, str) else ""
    if match := _YEAR.fullmatch(cleaned):
        return year_period(_year_from(match.group(1), cleaned))
    if match := _HALF.fullmatch(cleaned):
        return half_period(_year_from(match.group(1), cleaned), int(match.group(2)))
    if match := _QUARTER.fullmatch(cleaned):
        return quarter_period(_year_from(match.group(1), cleaned), int(match.group(2)))
    if match := _MONTH.fullmatch(cleaned):
        return month_period(_year_from(match.group(1), cleaned), int(match.group(2)))
    if match := _WEEK.fullmatch(cleaned):
        return week_period(_year_from(match.group(1), cleaned), int(match.group(2)))
    if match := _RANGE.fullmatch(cleaned):
        numbers = [int(group) for group in match.groups()]
        start = _date_in_period_text(*numbers[:3], text=cleaned)
        end = _date_in_period_text(*numbers[3:], text=cleaned)
        return range_period(start, end)
    raise PeriodError(_unrecognised_period(cleaned))


# -- calendar helpers -------------------------------------------------------------------


def weeks_in_iso_year(iso_year: int) -> int:
    """52 or 53. Dec 28 always lies in the last ISO week of its year."""
    return dt.date(iso_year, 12, 28).isocalendar().week


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def _last_day_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _is_last_day_of_month(day: dt.date) -> bool:
    return day == _last_day_of_month(day.year, day.month)


def _one_year_earlier(day: dt.date) -> dt.date:
    _check_year(day.year - 1)
    if day.month == 2 and day.day == 29:
        return dt.date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


def _check_year(year: int) -> None:
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise PeriodError(
            _("The year %(year)d is outside the years that can be handled (1 to 9999).")
            % {"year": year}
        )


def _year_from(digits: str, text: str) -> int:
    year = int(digits)
    if year < dt.MINYEAR:
        raise PeriodError(_unrecognised_period(text))
    return year


def _date_in_period_text(year: int, month: int, day: int, *, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise PeriodError(
            _(
                "The period “%(value)s” contains a date that does not exist: "
                "check the year, month and day."
            )
            % {"value": text}
        ) from None


def _unrecognised_period(text: str) -> str:
    return _(
        "Cannot read the period “%(value)s”: write it as 2023, 2023H1, 2023Q2, 2023-06, "
        "2023-W27 or 2023-01-01..2023-06-30."
    ) % {"value": text}
