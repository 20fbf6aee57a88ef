from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tally.accounts.models import Role
from tally.accounts.scoping import (
    can_read_org,
    get_scoped_or_404,
    home_org,
    readable_orgs,
    require_roles,
)
from tally.ledgers.registry import get_ledger
from tally.ledgers.services import RecordInvalid, save_record

from . import choosing, services
from .forms import OrgEditForm, OrgForm, OrgMoveForm
from .models import Org, OrgKind

STAFF_ROLES = (Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT)


@require_roles(*STAFF_ROLES)
def org_index(request):
    if "q" in request.GET:
        return org_search(request)
    org = home_org(request.user)
    if org is None:
        return render(request, "orgs/empty.html")
    return redirect("orgs:detail", code=org.code)


@require_roles(*STAFF_ROLES)
def org_choose(request):
    """The chooser's search: ?q=东风&scope=read|write|any&kinds=社区党组织,村党组织 →
    {"results": [{code, name, kind, label, within}]}, within what the user may choose."""
    scope = request.GET.get("scope", choosing.READ)
    if scope not in choosing.SCOPES:
        scope = choosing.READ
    kinds = [k for k in request.GET.get("kinds", "").split(",") if k in OrgKind.values]
    matches = choosing.search(request.user, request.GET.get("q", ""), scope=scope, kinds=kinds)
    response = JsonResponse({"results": [match.as_json() for match in matches]})
    response["Cache-Control"] = "private, no-store"
    return response


@require_roles(*STAFF_ROLES)
def org_detail(request, code):
    org = get_scoped_or_404(Org, request.user, org_field="", code=code)
    ancestors = [a for a in Org.objects.get_ancestors(org) if can_read_org(request.user, a)]
    children = Org.objects.get_children(org)
    context = {
        "org": org,
        "ancestors": ancestors,
        "children": children,
        "can_manage": request.user.role == Role.ADMIN,
    }
    return render(request, "orgs/detail.html", context)


def org_search(request):
    query = request.GET.get("q", "").strip()
    orgs = readable_orgs(request.user)
    if query:
        orgs = orgs.filter(Q(name__icontains=query) | Q(code__icontains=query))
    page = Paginator(orgs.order_by("path"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "orgs/search.html",
        {"query": query, "page_obj": page, "query_without_page": f"q={query}&"},
    )


# The tree's pages write through the organisation ledger (save_record: its checks, then
# its apply), so that a page obeys the rules of an import of the tree: codes, kinds, one
# root, no circle, the writer's scope.


def save_node(request, form, cells: dict, *, instance=None, parent_field=None) -> Org | None:
    """The node saved from the form's cells, or None with the ledger's reasons on the form
    (a reason about the parent goes to `parent_field`)."""
    try:
        return save_record(get_ledger("orgs"), cells, user=request.user, instance=instance)
    except RecordInvalid as invalid:
        fields = {"组织编码": "code", "组织名称": "name", "组织类别": "kind"}
        fields["上级组织编码"] = parent_field
        for error in invalid.errors:
            field = fields.get(error.column)
            form.add_error(field if field in form.fields else None, error.message)
        return None


def node_cells(org: Org, **changes) -> dict:
    """The node as the ledger's cells (its parent by code), with `changes`."""
    parent = Org.objects.get_parent(org)
    cells = {"code": org.code, "name": org.name, "kind": org.kind}
    cells["parent"] = parent.code if parent is not None else ""
    return {**cells, **changes}


@require_roles(Role.ADMIN)
def org_add(request, code):
    parent = get_scoped_or_404(Org, request.user, org_field="", write=True, code=code)
    form = OrgForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        child = save_node(request, form, {**form.cleaned_data, "parent": parent.code})
        if child is not None:
            messages.success(request, _("%(name)s was added.") % {"name": child.name})
            return redirect("orgs:detail", code=child.code)
    return render(request, "orgs/form.html", {"form": form, "org": parent, "action": "add"})


@require_roles(Role.ADMIN)
def org_edit(request, code):
    org = get_scoped_or_404(Org, request.user, org_field="", write=True, code=code)
    initial = {"name": org.name, "kind": org.kind, "active": org.active}
    form = OrgEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cells = node_cells(org, name=data["name"], kind=data["kind"])
        saved = save_node(request, form, cells, instance=org)
        if saved is not None:
            if saved.active != data["active"]:  # not a column of the tree's file
                services.update_org(saved, name=saved.name, kind=saved.kind, active=data["active"])
            messages.success(request, _("The organisation was saved."))
            return redirect("orgs:detail", code=org.code)
    return render(request, "orgs/form.html", {"form": form, "org": org, "action": "edit"})


@require_roles(Role.ADMIN)
def org_move(request, code):
    org = get_scoped_or_404(Org, request.user, org_field="", write=True, code=code)
    form = OrgMoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cells = node_cells(org, parent=form.cleaned_data["parent_code"].code)
        moved = save_node(request, form, cells, instance=org, parent_field="parent_code")
        if moved is not None:
            messages.success(request, _("The organisation was moved."))
            return redirect("orgs:detail", code=moved.code)
    return render(request, "orgs/form.html", {"form": form, "org": org, "action": "move"})
