"""LongSelect writes the HTML Django's Select writes, for a model choice field too."""

import re

from django import forms

from tally.orgs.models import Org
from tally.shell.widgets import LongSelect


class Both(forms.Form):
    fast = forms.ModelChoiceField(Org.objects.all(), widget=LongSelect(attrs={"class": "x"}))
    plain = forms.ModelChoiceField(Org.objects.all(), widget=forms.Select(attrs={"class": "x"}))


def normalised(html: str, name: str) -> str:
    """Without the field's own name and the white space between tags."""
    html = html.replace(f'"id_{name}"', '"id"').replace(f'"{name}"', '"n"')
    return re.sub(r">\s+<", "><", html.strip())


def test_it_writes_what_djangos_select_writes(world):
    Both.base_fields["fast"].queryset = Both.base_fields["plain"].queryset = Org.objects.order_by(
        "path"
    )
    for data in (None, {"fast": world.street_b.pk, "plain": world.street_b.pk}):
        form = Both(data)
        fast, plain = str(form["fast"]), str(form["plain"])
        assert normalised(fast, "fast") == normalised(plain, "plain")
        assert fast.count("<option") == Org.objects.count() + 1  # and the empty choice
    assert f'value="{world.street_b.pk}" selected' in fast
