"""A document's text with its figures as links, without a space between pieces (Chinese
text has none): {% load report_tags %}{% segments block.segments %}."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def segments(items) -> str:
    return mark_safe("".join(_segment(item) for item in items))  # noqa: S308 (escaped below)


def _segment(item: dict) -> str:
    if "figure" in item and item.get("url"):
        return format_html(
            '<a class="report-figure figure-link" data-metric="{}" href="{}">{}</a>',
            item["figure"],
            item["url"],
            item["text"],
        )
    return conditional_escape(item["text"])


@register.simple_tag
def segments_cells(row) -> str:
    """A table row's cells: the first names the row, the others are figures."""
    cells = []
    for index, cell in enumerate(row):
        tag = "th" if index == 0 else "td"
        attributes = ' scope="row"' if index == 0 else ' class="text-end"'
        cells.append(f"<{tag}{attributes}>{_segment(cell)}</{tag}>")
    return mark_safe("".join(cells))  # noqa: S308 (each cell escaped by _segment)
