"""{% org_chooser name value=… scope="read" id="…" small=True invalid=error %}: the
organisation chooser in a template that has no form (a GET filter); `value` is an Org or
the text typed, `invalid` marks the box when true (an error message)."""

from django import template

from tally.orgs.widgets import OrgChooser

register = template.Library()


@register.simple_tag
def org_chooser(name, value="", scope="read", id="", small=False, invalid=False, kinds=""):
    widget = OrgChooser(scope=scope, kinds=[k for k in kinds.split(",") if k], small=small)
    attrs = {"id": id} if id else {}
    if invalid:
        attrs["class"] = f"{widget.attrs['class']} is-invalid"
    return widget.render(name, value or "", attrs)
