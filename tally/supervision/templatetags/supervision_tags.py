from django import template

from ..models import Light

register = template.Library()
LABELS = dict(Light.choices)


@register.inclusion_tag("supervision/_light.html")
def light_badge(light, label=True):
    """A light as its coloured dot and, unless told otherwise, its name."""
    return {"light": light or "", "name": LABELS.get(light, ""), "label": label}


@register.filter
def percent(value):
    from ..services import format_percent

    return "" if value is None else format_percent(value)
