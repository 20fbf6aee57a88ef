"""Site-wide settings kept in the database, with their defaults."""

from django.utils import timezone

from tally.lib.periods import Period, PeriodError, current_period, parse_period

from .models import SiteSetting

REPORTING_PERIOD = "reporting_period"


def get_setting(key: str, default: str = "") -> str:
    row = SiteSetting.objects.filter(key=key).values_list("value", flat=True).first()
    return row if row is not None else default


def set_setting(key: str, value: str) -> None:
    SiteSetting.objects.update_or_create(key=key, defaults={"value": value})


def reporting_period() -> Period:
    """The period pages open on: the one the office chose, else the current half-year."""
    try:
        return parse_period(get_setting(REPORTING_PERIOD))
    except PeriodError:
        return current_period("half", timezone.localdate())
