"""Writes to the organisation tree. Web, API and CLI all go through these."""

from django.db import transaction
from django.utils.translation import gettext as _
from treebeard.exceptions import InvalidMoveToDescendant

from .models import Org


class OrgError(ValueError):
    pass


@transaction.atomic
def add_org(parent: Org | None, *, code: str, name: str, kind: str) -> Org:
    if Org.objects.filter(code=code).exists():
        raise OrgError(_("The organisation code %(code)s is already used.") % {"code": code})
    fields = {"code": code, "name": name, "kind": kind}
    if parent is None:
        return Org.objects.add_root(create_kwargs=fields)
    return Org.objects.add_child(parent, create_kwargs=fields)


@transaction.atomic
def update_org(org: Org, *, name: str, kind: str, active: bool) -> Org:
    org.name, org.kind, org.active = name, kind, active
    org.save(update_fields=["name", "kind", "active", "updated_at"])
    return org


@transaction.atomic
def move_org(org: Org, new_parent: Org) -> Org:
    if new_parent.pk == org.pk or new_parent.path.startswith(org.path):
        raise OrgError(_("An organisation cannot be moved under itself or its own subtree."))
    try:
        Org.objects.move(org, new_parent, pos="sorted-child")
    except InvalidMoveToDescendant:
        raise OrgError(
            _("An organisation cannot be moved under itself or its own subtree.")
        ) from None
    return Org.objects.get(pk=org.pk)
