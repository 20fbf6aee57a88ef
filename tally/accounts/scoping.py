"""The one place that answers "which organisations may this user read / write".

Every view that shows or changes a record goes through `scope_queryset` or
`get_scoped_or_404`: an object outside the user's subtree is a 404 (not a 403, so its
existence is not revealed) and nothing changes.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from tally.lib.queries import in_subtree
from tally.orgs.models import Org

from .models import Role

READ_ALL_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER})
WRITE_ALL_ROLES = frozenset({Role.ADMIN, Role.OFFICE})
NOTHING = None
EVERYTHING = ""


def scope_prefix(user, *, write: bool = False) -> str | None:
    """The materialized-path prefix of the subtree the user may read (or write).

    "" means every organisation, None means none at all.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.role in (WRITE_ALL_ROLES if write else READ_ALL_ROLES):
        return EVERYTHING
    if user.role == Role.UNIT and user.org_id:
        return user.org.path
    return NOTHING


def scope_queryset(qs: QuerySet, user, *, org_field: str = "org", write: bool = False):
    """Restrict `qs` to rows whose organisation (reached through `org_field`, or the
    rows themselves when it is "") lies in the user's subtree."""
    prefix = scope_prefix(user, write=write)
    if prefix is NOTHING:
        return qs.none()
    if prefix == EVERYTHING:
        return qs
    return in_subtree(qs, prefix, org_field)


def get_scoped_or_404(qs, user, *, org_field: str = "org", write: bool = False, **lookup):
    if not isinstance(qs, QuerySet):
        qs = qs._default_manager.all()
    return get_object_or_404(scope_queryset(qs, user, org_field=org_field, write=write), **lookup)


def readable_orgs(user) -> QuerySet:
    return scope_queryset(Org.objects.all(), user, org_field="")


def writable_orgs(user) -> QuerySet:
    return scope_queryset(Org.objects.all(), user, org_field="", write=True)


def can_read_org(user, org: Org) -> bool:
    prefix = scope_prefix(user)
    return prefix is not NOTHING and org.path.startswith(prefix)


def can_write_org(user, org: Org) -> bool:
    prefix = scope_prefix(user, write=True)
    return prefix is not NOTHING and org.path.startswith(prefix)


def home_org(user) -> Org | None:
    """The organisation a user's pages start from: the root for the all-seeing roles."""
    if scope_prefix(user) == EVERYTHING:
        return Org.objects.get_first_root_node()
    return user.org


def acting_org(user) -> Org | None:
    """The organisation a user acts for when a row or a form names none: their own; for
    an administrator without one (`createsuperuser`), the root when the tree has one."""
    if user.org_id:
        return user.org
    if getattr(user, "role", None) != Role.ADMIN:
        return None
    roots = list(Org.objects.get_root_nodes()[:2])
    return roots[0] if len(roots) == 1 else None


def require_roles(*roles):
    """View decorator: a role that has no business on this page gets a 403."""

    def decorator(view):
        def wrapped(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        wrapped.__wrapped__ = view
        return wrapped

    return decorator
