"""The organisation tree as a ledger (`orgs`): 组织编码, 组织名称, 上级组织编码, 组织类别.

A parent may be an organisation already in the tree or one earlier or later in the same
file, so parents are checked against the tree as it will be after the import: unknown
parents and cycles are errors, and at most one root may remain. Nodes are written
parents first; a changed parent is a move of the whole subtree.
"""

import re

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tally.accounts.models import Role
from tally.ledgers import declarations as d
from tally.ledgers.declarations import Column, LedgerError
from tally.ledgers.ledger import Ledger
from tally.ledgers.registry import register

from . import services
from .models import CODE_PATTERN, Org, OrgKind


def parent_code_annotation():
    step = Org.steplen
    parent = Org.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - step))
    return Subquery(parent.values("code")[:1])


class OrgLedger(Ledger):
    key = "orgs"
    name = gettext_lazy("Organisation tree")
    description = gettext_lazy("The organisations: code, name, parent and kind.")
    model = Org
    columns = [
        Column(
            "组织编码",
            "code",
            d.TEXT,
            required=True,
            max_length=32,
            example="QS-DC-05",
            help=gettext_lazy("Letters, digits, '-', '_' or '.'; unique."),
        ),
        Column("组织名称", "name", d.TEXT, required=True, max_length=100, example="新建社区党委"),
        Column(
            "上级组织编码",
            "parent",
            d.TEXT,
            max_length=32,
            example="QS-DC",
            help=gettext_lazy("Empty only for the root of the tree."),
        ),
        Column(
            "组织类别",
            "kind",
            d.CHOICE,
            required=True,
            choices=tuple(OrgKind.values),
            example=OrgKind.COMMUNITY,
        ),
    ]
    natural_key = ("code",)
    org_field = ""
    org_column = None
    ordering = ("path",)
    search_fields = ("code", "name")
    undoable = False
    record_forms = False  # the tree has its own pages (add, edit, move)
    write_roles = frozenset({Role.ADMIN})

    def record_url(self, obj) -> str:
        return reverse("orgs:detail", args=[obj.code])

    def get_queryset(self):
        return Org.objects.annotate(parent_code=parent_code_annotation()).order_by("path")

    def read_values(self, obj) -> dict:
        return {
            "code": obj.code,
            "name": obj.name,
            "parent": obj.parent_code or "",
            "kind": obj.kind,
        }

    def raw_value(self, obj, column):
        return self.read_values(obj)[column.key]

    def row_org(self, values):
        return self.row_orgs([values])[0]

    def row_orgs(self, rows_values):
        """A row is within scope when its parent is (for an existing parent)."""
        codes = {values.get("parent") for values in rows_values} - {None, ""}
        parents = Org.objects.in_bulk(codes, field_name="code")
        return [parents.get(values.get("parent") or "") for values in rows_values]

    def validate_rows(self, rows, context) -> None:
        code_column, parent_column = self.column("code"), self.column("parent")
        for row in rows:
            code = row.values.get("code")
            if code and not _matches_code(code):
                row.error(code_column, _("Use letters, digits, '-', '_' or '.' (at most 32)."))
        final = self.final_parents(rows)
        for row in rows:
            if not row.ok:
                continue
            parent = row.values.get("parent") or ""
            if parent and parent not in final:
                row.error(
                    parent_column, _("No organisation has the code “%(code)s”.") % {"code": parent}
                )
            elif parent and self.in_cycle(row.values["code"], final):
                row.error(parent_column, _("This parent would make the tree a circle."))
        roots = [code for code, parent in final.items() if not parent]
        if len(roots) > 1:
            for row in rows:
                if row.ok and not row.values.get("parent"):
                    row.error(
                        parent_column, _("The tree has one root; give this organisation a parent.")
                    )

    def final_parents(self, rows) -> dict[str, str]:
        """code → parent code of the tree as it would be after the import."""
        final = dict(
            Org.objects.annotate(parent_code=parent_code_annotation()).values_list(
                "code", "parent_code"
            )
        )
        final = {code: parent or "" for code, parent in final.items()}
        for row in rows:
            code = row.values.get("code")
            if not code or "code" in row.bad_keys:
                continue
            # A file without the parent column keeps every existing node where it is.
            if "parent" in row.values or code not in final:
                final[code] = row.values.get("parent") or ""
        return final

    @staticmethod
    def in_cycle(code: str, final: dict[str, str]) -> bool:
        seen, current = {code}, final.get(code, "")
        while current:
            if current in seen:
                return True
            seen.add(current)
            current = final.get(current, "")
        return False

    def apply(self, plan, batch) -> dict:
        """New nodes parents first, then moves and renames. The plan was checked (no
        unknown parent, no cycle), so every round adds at least one node."""
        pending = {row.values["code"]: row for row in plan.rows_with("new")}
        created = []
        while pending:
            ready = [r for r in pending.values() if (r.values.get("parent") or "") not in pending]
            if not ready:
                raise LedgerError("orgs: the new organisations form a cycle")
            for row in sorted(ready, key=lambda r: r.line):
                parent_code = row.values.get("parent")
                parent = Org.objects.get(code=parent_code) if parent_code else None
                org = services.add_org(
                    parent,
                    code=row.values["code"],
                    name=row.values["name"],
                    kind=row.values["kind"],
                )
                created.append(org.pk)
                del pending[row.values["code"]]
        final = self.final_parents(plan.rows_with("changed"))
        changed = sorted(plan.rows_with("changed"), key=lambda r: depth(r.values["code"], final))
        for row in changed:
            self.apply_change(row)
        return {"created": created}

    def apply_change(self, row) -> None:
        org = Org.objects.annotate(parent_code=parent_code_annotation()).get(pk=row.existing.pk)
        values = row.values
        services.update_org(
            org,
            name=values.get("name", org.name),
            kind=values.get("kind", org.kind),
            active=org.active,
        )
        new_parent = values.get("parent") or ""
        if "parent" in values and new_parent and new_parent != (org.parent_code or ""):
            services.move_org(Org.objects.get(pk=org.pk), Org.objects.get(code=new_parent))


def depth(code: str, final: dict[str, str]) -> int:
    """How deep a node will be: moving nodes in this order, a node's new parent is
    already where it belongs, so it is never inside the subtree being moved."""
    level, current = 0, final.get(code, "")
    while current and level <= len(final):
        level, current = level + 1, final.get(current, "")
    return level


def _matches_code(code: str) -> bool:
    return re.match(CODE_PATTERN, code) is not None


register(OrgLedger())
