"""When reports of supervision's own ledgers arrive (see obligations.py)."""

from .models import WeeklyFiling


def weekly_filing_receipts(units, period) -> dict:
    """A week's filing counts for its own unit only, on the day it was first submitted."""
    filings = WeeklyFiling.objects.filter(week=period.label, unit__in=units)
    return dict(filings.values_list("unit_id", "submitted_on"))
