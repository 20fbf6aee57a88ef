"""Links to the metric page: every figure shown anywhere links to the page that shows
how it is made and the rows behind it."""

from urllib.parse import urlencode

from django.urls import reverse

from tally.lib.periods import Period


def _query(org, period) -> str:
    code = getattr(org, "code", org)
    label = period.label if isinstance(period, Period) else str(period)
    return urlencode({"org": code, "period": label})


def metric_url(key: str, org, period) -> str:
    """/metrics/KEY/?org=CODE&period=LABEL; `org` an Org or a code, `period` a Period or
    its label."""
    return f"{reverse('metrics:detail', args=[key])}?{_query(org, period)}"


def rows_export_url(key: str, org, period) -> str:
    return f"{reverse('metrics:rows_export', args=[key])}?{_query(org, period)}"
