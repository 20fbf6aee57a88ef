"""Figures in templates, each a link to its metric page:

{% load metric_tags %}
{% figure "training.classes" org period %}        → <a class="figure-link" …>16</a>
{% figure result %}                               (a MetricResult already computed)
<a href="{% metric_url 'training.classes' org period %}">…</a>
"""

from django import template
from django.utils.html import format_html

from tally.metrics.engine import MetricResult, compute
from tally.metrics.links import metric_url as build_metric_url
from tally.metrics.registry import UnknownMetric

register = template.Library()


@register.simple_tag
def metric_url(key, org, period) -> str:
    return build_metric_url(key, org, period)


@register.simple_tag
def figure(key_or_result, org=None, period=None, unit=False):
    """The value's text as a link to its metric page; `unit=True` adds the unit after
    the link (none for a percentage: its text carries the "%" already). An unknown key
    shows as a dash with the key in its title, so a mistyped placeholder is visible
    without breaking the page."""
    if isinstance(key_or_result, MetricResult):
        result = key_or_result
    else:
        try:
            result = compute(key_or_result, _org(org), _period(period))
        except UnknownMetric:
            return format_html('<span class="figure-missing" title="{}">—</span>', key_or_result)
    link = format_html(
        '<a class="figure-link" href="{}" title="{}">{}</a>',
        build_metric_url(result.key, result.org, result.period),
        result.label,
        result.text,
    )
    return format_html("{}{}", link, result.unit_suffix) if unit else link


def _org(org):
    from tally.orgs.models import Org

    return org if isinstance(org, Org) else Org.objects.get(code=org)


def _period(period):
    from tally.lib.periods import Period, parse_period

    return period if isinstance(period, Period) else parse_period(str(period))
