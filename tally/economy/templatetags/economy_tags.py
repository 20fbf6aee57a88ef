"""Figures in economy templates, rounded as DOMAIN.md says (rates one decimal, money two)
and as the metric texts are ("148%", "24.3"), with "—" for no figure."""

from decimal import Decimal

from django import template

from tally.metrics.definitions import PERCENT, POINTS
from tally.metrics.formatting import format_value

register = template.Library()


@register.filter
def percent(value) -> str:
    return format_value(value, PERCENT)


@register.filter
def points(value) -> str:
    """Points without their sign (the words say ahead or behind)."""
    return format_value(None if value is None else abs(Decimal(value)), POINTS)


@register.filter
def money(value) -> str:
    return format_value(value, "万元")
