"""Metric keys are for report templates and the command line: the Chinese pages of a
clerk, the office or a leader never show them; the administrator sees a metric's key on
its own page."""

import re

import pytest
from django.urls import reverse

from tally.metrics import registry

QUERY = {"org": "Z", "period": "2023H1"}


def visible_text(html: str) -> str:
    """The page without its tags and attribute values (URLs hold keys, and may)."""
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    return re.sub(r"<[^>]*>", " ", html)


def shown_keys(html: str) -> set[str]:
    text = visible_text(html)
    return {metric.key for metric in registry.all_metrics() if metric.key in text}


@pytest.mark.parametrize("persona", ["office", "leader", "admin"])
def test_it_shows_no_metric_key_on_the_metrics_page(login, world, persona):
    page = login(persona).get(reverse("metrics:index"), QUERY).content.decode()
    assert "events.talks" in page  # in the links
    assert shown_keys(page) == set()


@pytest.mark.parametrize("persona", ["office", "leader", "clerk"])
def test_it_shows_no_metric_key_on_a_metric_page_but_to_the_administrator(login, world, persona):
    url = reverse("metrics:detail", args=["training.coverage"])
    query = QUERY if persona != "clerk" else {"period": "2023H1"}
    page = login(persona).get(url, query).content.decode()
    assert shown_keys(page) == set()
    admin_page = login("admin").get(url, QUERY).content.decode()
    assert "training.coverage" in shown_keys(admin_page)
