"""Where a figure of a report links to: the live metric page, a published version's
frozen evidence, or the showcase's public figure page."""

from urllib.parse import urlencode

from django.urls import reverse

from tally.metrics.links import metric_url


def live_link(key: str, period: str, org: str) -> str:
    return metric_url(key, org, period)


def evidence_url(version, key: str, period: str) -> str:
    path = reverse("reports:evidence", args=[version.publication_id, version.number, key])
    return f"{path}?{urlencode({'period': period})}"


def evidence_link(version):
    """A link function for a published version: every figure to its frozen evidence
    (a child organisation's cell to the figure's breakdown there)."""

    def link(key: str, period: str, org: str) -> str:
        return evidence_url(version, key, period)

    return link


def public_link(publication):
    def link(key: str, period: str, org: str) -> str:
        path = reverse("showcase:figure", args=[publication.pk, key])
        return f"{path}?{urlencode({'period': period})}"

    return link
