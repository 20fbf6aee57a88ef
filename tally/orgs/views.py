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


@require_roles(Role.ADMIN)
def org_add(request, code):
    parent = get_scoped_or_404(Org, request.user, org_field="", write=True, code=code)
    form = OrgForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            child = services.add_org(parent, **form.cleaned_data)
        except services.OrgError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s was added.") % {"name": child.name})
            return redirect("orgs:detail", code=child.code)
    return render(request, "orgs/form.html", {"form": form, "org": parent, "action": "add"})


@require_roles(Role.ADMIN)
def org_edit(request, code):
    org = get_scoped_or_404(Org, request.user, org_field="", write=True, code=code)
    initial = {"name": org.name, "kind": org.kind, "active": org.active}
    form = OrgEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_org(org, **form.cleaned_data)
        messages.success(request, _("The organisation was saved."))
        return redirect("orgs:detail", code=org.code)
    return render(request, "orgs/form.html", {"form": form, "org": org, "action": "edit"})


@require_roles(Role.ADMIN)
def org_move(request, code):
    org = get_scoped_or_404(Org, request.user, org_field="", write=True, code=code)
    form = OrgMoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.move_org(org, form.cleaned_data["parent_code"])
        except services.OrgError as error:
            form.add_error("parent_code", str(error))
        else:
            messages.success(request, _("The organisation was moved."))
            return redirect("orgs:detail", code=org.code)
    return render(request, "orgs/form.html", {"form": form, "org": org, "action": "move"})
