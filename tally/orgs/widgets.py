"""The organisation chooser, for any form that picks an organisation: a text box where a
name or a code is typed; app.js turns it into a search-as-you-type list (GET
/orgs/choose/), and without JavaScript the typed name or code is resolved on the server.

    from tally.orgs.widgets import OrgChoiceField
    org = OrgChoiceField(label=_("Organisation"), scope=WRITE)  # cleaned to an Org
    # in the form's __init__:  self.fields["org"].user = user

In a template without a form (a GET filter):

    {% load org_tags %}{% org_chooser "org" value=code scope="read" id="f-org" small=True %}

See docs/development.md ("The organisation chooser").
"""

from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import choosing
from .models import Org


class OrgChooser(forms.TextInput):
    template_name = "orgs/widgets/org_chooser.html"

    def __init__(self, *, scope=choosing.READ, kinds=(), multiple=False, small=False, attrs=None):
        css = "form-control form-control-sm" if small else "form-control"
        base = {"class": css, "autocomplete": "off", "placeholder": _("name or code")}
        super().__init__({**base, **(attrs or {})})
        self.scope, self.kinds, self.multiple = scope, tuple(kinds), multiple

    def search_url(self) -> str:
        query = {"scope": self.scope}
        if self.kinds:
            query["kinds"] = ",".join(self.kinds)
        return f"{reverse('orgs:choose')}?{urlencode(query)}"

    def format_value(self, value):
        if isinstance(value, Org):
            return value.code
        if isinstance(value, (list, tuple)):
            return "、".join(o.code if isinstance(o, Org) else str(o) for o in value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        text = context["widget"]["value"] or ""
        chosen = self.chosen(value, text)
        context["widget"].update(
            {
                "search_url": self.search_url(),
                "multiple": self.multiple,
                "chosen": chosen,
                "chosen_label": choosing.label(chosen[0]) if len(chosen) == 1 else "",
            }
        )
        return context

    def chosen(self, value, text: str) -> list[Org]:
        """The organisations the current value names (shown by name beside the box)."""
        if isinstance(value, Org):
            return [value]
        codes = [part.strip() for part in text.replace(";", "、").split("、") if part.strip()]
        if not codes:
            return []
        found = {org.code: org for org in Org.objects.filter(code__in=codes)}
        return [found[code] for code in codes if code in found]


class OrgChoiceField(forms.CharField):
    """A text field cleaned to the chosen Org (or, with `multiple`, a list of them), among
    the organisations the form's user may choose in `scope`. Set `field.user`."""

    def __init__(self, *, scope=choosing.READ, kinds=(), multiple=False, small=False, **kwargs):
        self.scope, self.kinds, self.multiple = scope, tuple(kinds), multiple
        self.user = None
        kwargs.setdefault("max_length", 2000 if multiple else 200)
        kwargs.setdefault(
            "widget", OrgChooser(scope=scope, kinds=kinds, multiple=multiple, small=small)
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value

    def clean(self, value):
        text = super().clean(value)
        if self.multiple:
            return choosing.resolve_many(self.user, text, scope=self.scope, kinds=self.kinds)
        return choosing.resolve(self.user, text, scope=self.scope, kinds=self.kinds)
