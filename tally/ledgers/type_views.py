"""The administrator's pages for generic ledger types: list, define, edit. A new type is
a working ledger at once (template, import, list, export), with no code change."""

from django.contrib import messages
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tally.accounts.models import Role
from tally.accounts.scoping import require_roles

from . import services
from .models import LedgerType
from .type_forms import LedgerTypeForm, column_formset, definition, key_from


@require_roles(Role.ADMIN)
def type_list(request):
    types = LedgerType.objects.annotate(record_count=Count("records")).order_by("key")
    return render(request, "ledgers/types.html", {"types": types})


@require_roles(Role.ADMIN)
def type_new(request):
    return type_form(request, LedgerType())


@require_roles(Role.ADMIN)
def type_edit(request, pk):
    return type_form(request, get_object_or_404(LedgerType, pk=pk))


@require_roles(Role.ADMIN)
def type_key(request):
    """The key the editor would make of a Chinese name (?name=星级类别 → xingji_leibie),
    shown in the key box as the administrator types the header."""
    name = request.GET.get("name", "")[:100]
    fallback = "ledger" if request.GET.get("of") == "ledger" else "column"
    return JsonResponse({"key": key_from(name, fallback=fallback) if name.strip() else ""})


def type_form(request, ledger_type: LedgerType):
    data = request.POST if request.method == "POST" else None
    form = LedgerTypeForm(data, instance=ledger_type)
    formset = column_formset(data, ledger_type=ledger_type)
    if data is not None and form.is_valid() and formset.is_valid():
        spec = definition(form, formset)
        if spec is not None:
            try:
                saved = services.define_ledger_type(form.instance, spec, user=request.user)
            except services.LedgerTypeRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request, _("The ledger type %(name)s was saved.") % {"name": saved.name}
                )
                return redirect("ledgers:types")
    context = {"form": form, "formset": formset, "ledger_type": ledger_type}
    return render(request, "ledgers/type_form.html", context)
