"""Choosing an organisation by name or code, within what the user may choose.

One rule for every place an organisation is picked (list filters, metric pages, record
forms, the transfer form) and for the search behind the chooser widget: a clerk types a
name or a code, the choice is found among the organisations of her scope, and anything
else is refused with a message that says so — the same message whether the organisation
does not exist or lies outside the scope, so that nothing about the rest of the tree is
revealed.

Scopes: READ (the organisations whose figures and rows the user may read), WRITE (those
she may file records for), ANY (every active organisation: the receiving organisation of
a transfer, which may be anywhere).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tally.accounts.models import Role
from tally.accounts.scoping import EVERYTHING, readable_orgs, scope_prefix, writable_orgs

from .models import Org

READ, WRITE, ANY = "read", "write", "any"
SCOPES = (READ, WRITE, ANY)
# Who may search the whole tree for a receiving organisation (they file transfers).
ANY_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.UNIT})
SEARCH_LIMIT = 20
# "东风社区党委（QS-DC-03）" or "东风社区党委 (QS-DC-03)": what the chooser shows.
LABELLED = re.compile(r"^.*[（(]\s*(?P<code>[^（()）]+?)\s*[)）]$")


def choosable(user, scope: str = READ, kinds=()) -> QuerySet:
    """The organisations `user` may choose in `scope`, optionally of some kinds only."""
    if scope == WRITE:
        orgs = writable_orgs(user)
    elif scope == ANY and user.is_authenticated and user.role in ANY_ROLES:
        orgs = Org.objects.all()
    else:
        orgs = readable_orgs(user)
    orgs = orgs.filter(active=True)
    return orgs.filter(kind__in=kinds) if kinds else orgs


def label(org: Org) -> str:
    """How the chooser shows a chosen organisation: name and code."""
    return f"{org.name}（{org.code}）"


def resolve(user, text: str, *, scope: str = READ, kinds=()) -> Org | None:
    """The organisation meant by `text` (a code, a name, or "name（code）"), among those
    `user` may choose; None for a blank text; ValidationError with a plain reason."""
    text = (text or "").strip()
    if not text:
        return None
    labelled = LABELLED.match(text)
    candidates = choosable(user, scope, kinds)
    code = labelled.group("code") if labelled else text
    org = candidates.filter(code__iexact=code).first()
    if org is not None:
        return org
    named = list(candidates.filter(name=text)[:2]) if not labelled else []
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise ValidationError(
            _("Several organisations are called “%(name)s”: choose one from the list.")
            % {"name": text}
        )
    raise ValidationError(not_choosable_message(user, text, scope))


def not_choosable_message(user, text: str, scope: str) -> str:
    if scope != ANY and scope_prefix(user, write=scope == WRITE) != EVERYTHING:
        return _(
            "“%(text)s” is not among the organisations you may choose: only your own "
            "organisation and those below it."
        ) % {"text": text}
    return _("No organisation has the name or code “%(text)s”.") % {"text": text}


def resolve_many(user, text: str, *, scope: str = READ, kinds=()) -> list[Org]:
    """Several organisations in one cell (separated by 、 ; or ,), each resolved."""
    parts = [part.strip() for part in re.split(r"[、;；,，]", text or "") if part.strip()]
    return [resolve(user, part, scope=scope, kinds=kinds) for part in parts]


@dataclass
class Match:
    org: Org
    within: list[str]  # names of the ancestors the user may see, top first

    def as_json(self) -> dict:
        return {
            "code": self.org.code,
            "name": self.org.name,
            "kind": self.org.get_kind_display(),
            "label": label(self.org),
            "within": " › ".join(self.within),
        }


def search(user, query: str, *, scope: str = READ, kinds=(), limit: int = SEARCH_LIMIT):
    """Up to `limit` choosable organisations whose name or code contains `query`: an
    exact code first, then names that begin with it, then the rest, in tree order. Two
    queries, whatever the size of the tree."""
    query = (query or "").strip()
    orgs = choosable(user, scope, kinds)
    if query:
        orgs = orgs.filter(Q(name__icontains=query) | Q(code__icontains=query))
    found = list(orgs.order_by("path")[: limit * 5])
    lowered = query.lower()
    found.sort(key=lambda o: (o.code.lower() != lowered, not o.name.startswith(query), o.path))
    found = found[:limit]
    within = ancestor_names(user, found, everything=scope == ANY)
    return [Match(org, names) for org, names in zip(found, within, strict=True)]


def ancestor_names(user, orgs: list[Org], *, everything=False) -> list[list[str]]:
    """For each organisation, the names of its ancestors inside the user's read scope
    (a clerk is shown nothing above her own organisation; `everything`: all of them, for
    a search of the whole tree), in one query."""
    prefix = "" if everything else (scope_prefix(user) or "")
    wanted = {path for org in orgs for path in ancestor_paths(org) if path.startswith(prefix)}
    names = dict(Org.objects.filter(path__in=wanted).values_list("path", "name"))
    return [[names[prefix] for prefix in ancestor_paths(org) if prefix in names] for org in orgs]


def ancestor_paths(org: Org) -> list[str]:
    return [org.path[:end] for end in range(Org.steplen, len(org.path), Org.steplen)]
