"""Form widgets shared by the apps' forms."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class LongSelect(forms.Select):
    """A flat <select> of many options (a city office's 2,520 communities), written in one
    pass: Django's Select renders a template per option, 150 ms for those (pages_bench).
    The same HTML; no option groups."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = {"name": name, **self.build_attrs(self.attrs, attrs or {})}
        chosen = value if isinstance(value, (list, tuple)) else [value]
        # As Select: no value selects the empty choice.
        selected = {"" if item is None else str(item) for item in chosen}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, mark_safe(" selected") if option_value in selected else "", label)
                for option_value, label in (
                    ("" if choice is None else str(choice), label) for choice, label in self.choices
                )
            ),
        )
        return format_html("<select{}>{}</select>", attributes(final_attrs), options)


def attributes(attrs: dict) -> str:
    """As Django's widget template writes them: in order, True as a bare name, False and
    None left out (flatatt sorts them)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )
