from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.simple_tag
def sort_query(ledger_filter, key: str) -> str:
    """The list's query string sorted by `key`, or by `-key` when already sorted by it."""
    target = f"-{key}" if ledger_filter.sort == key else key
    return ledger_filter.querystring(sort=target)
