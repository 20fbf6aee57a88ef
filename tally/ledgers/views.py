"""Ledger pages: index, list with filters, template, export, import (upload → preview →
commit, undo), and record forms. Every page is scoped to the user's subtree."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tally.accounts.models import Role
from tally.accounts.scoping import readable_orgs, writable_orgs

from . import services
from .downloads import error_workbook_response, export_response, xlsx_response
from .excel import template_workbook
from .filters import LedgerFilter
from .forms import ExportReasonForm, RecordForm, UploadForm
from .models import ImportBatch
from .registry import all_ledgers, get_ledger_or_404

PAGE_SIZE = 50


def ledger_for(request, key: str, *, write: bool = False):
    ledger = get_ledger_or_404(key)
    if not ledger.may_read(request.user):
        raise PermissionDenied
    if write and not ledger.may_write(request.user):
        raise PermissionDenied
    return ledger


def index(request):
    ledgers = [ledger for ledger in all_ledgers() if ledger.may_read(request.user)]
    if not ledgers:
        raise PermissionDenied
    rows = [{"ledger": ledger, "count": ledger.scoped(request.user).count()} for ledger in ledgers]
    may_define = request.user.role == Role.ADMIN
    return render(request, "ledgers/index.html", {"rows": rows, "may_define": may_define})


def record_list(request, key):
    ledger = ledger_for(request, key)
    return list_page(request, ledger, LedgerFilter(ledger, request.user, request.GET))


def list_page(request, ledger, ledger_filter):
    """The list; for an organisation the user may not choose, the same page saying so,
    with no rows (404: what was asked for is not there for this user)."""
    records = ledger_filter.apply(ledger.scoped(request.user))
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    ledger.prepare_output(page.object_list)
    context = {
        "ledger": ledger,
        "filter": ledger_filter,
        "page_obj": page,
        "rows": [(ledger.record_url(obj), ledger.display_cells(obj)) for obj in page.object_list],
        "query_without_page": ledger_filter.querystring() + "&",
        "may_write": ledger.may_write(request.user),
        "may_unmask": ledger.has_pii and request.user.can_view_pii,
        "recent_batches": batches_of(request, ledger).order_by("-created_at")[:5],
    }
    status = 404 if ledger_filter.org_error else 200
    return render(request, "ledgers/list.html", context, status=status)


def template_download(request, key):
    """The template, with the organisations the user files for (or reads, for a
    leader) listed on a sheet of their own."""
    ledger = ledger_for(request, key)
    orgs = writable_orgs(request.user) if ledger.may_write(request.user) else None
    if orgs is None:
        orgs = readable_orgs(request.user)
    orgs = orgs.filter(active=True).order_by("path")
    return xlsx_response(template_workbook(ledger, orgs), f"{ledger.name}-导入模板.xlsx")


def export(request, key):
    ledger = ledger_for(request, key)
    ledger_filter = LedgerFilter(ledger, request.user, request.GET)
    if ledger_filter.org_error:
        # Never an export of something else than what was asked for: the list says why.
        return list_page(request, ledger, ledger_filter)
    records = ledger_filter.apply(ledger.scoped(request.user))
    return export_response(request, ledger, records)


def export_unmasked(request, key):
    ledger = ledger_for(request, key)
    if not (ledger.has_pii and request.user.can_view_pii):
        raise PermissionDenied
    form = ExportReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ledger_filter = LedgerFilter(ledger, request.user, request.POST)
        if ledger_filter.org_error:
            return list_page(request, ledger, ledger_filter)
        records = ledger_filter.apply(ledger.scoped(request.user))
        reason = form.cleaned_data["reason"]
        return export_response(request, ledger, records, unmasked=True, reason=reason)
    context = {"ledger": ledger, "form": form, "params": request.GET.items()}
    return render(request, "ledgers/export_unmasked.html", context)


# --- import ------------------------------------------------------------------------------


def import_upload(request, key):
    ledger = ledger_for(request, key, write=True)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            data = services.read_upload(uploaded, settings.UPLOAD_MAX_BYTES)
            batch = services.start_import(ledger, uploaded.name, data, user=request.user)
        except services.ImportRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            return redirect("ledgers:batch", key=ledger.key, pk=batch.pk)
    return render(request, "ledgers/import.html", {"ledger": ledger, "form": form})


def batches_of(request, ledger):
    batches = ImportBatch.objects.filter(ledger_key=ledger.key).select_related("user", "org")
    if not ledger.may_read(request.user):
        return batches.none()
    return batches.filter(org__in=writable_orgs(request.user)) | batches.filter(user=request.user)


def batch_for(request, ledger, pk):
    return get_object_or_404(batches_of(request, ledger), pk=pk)


def batch_list(request, key):
    ledger = ledger_for(request, key)
    page = Paginator(batches_of(request, ledger).order_by("-created_at"), PAGE_SIZE)
    page_obj = page.get_page(request.GET.get("page"))
    return render(
        request,
        "ledgers/batches.html",
        {"ledger": ledger, "page_obj": page_obj, "query_without_page": ""},
    )


def batch_detail(request, key, pk):
    ledger = ledger_for(request, key)
    batch = batch_for(request, ledger, pk)
    context = {
        "ledger": ledger,
        "batch": batch,
        "may_unmask_errors": may_unmask_errors(request, ledger, batch),
        "may_act": batch.user_id == request.user.pk,
        "undo_blocker": services.undo_blockers(ledger, batch)
        if batch.status == "committed"
        else None,
    }
    return render(request, "ledgers/batch.html", context)


def batch_progress(request, key, pk):
    """The htmx fragment polled while the worker checks or imports a file."""
    ledger = ledger_for(request, key)
    batch = batch_for(request, ledger, pk)
    response = render(request, "ledgers/_batch_progress.html", {"ledger": ledger, "batch": batch})
    if not batch.is_running:
        response["HX-Refresh"] = "true"
    return response


def own_batch(request, key, pk):
    ledger = ledger_for(request, key, write=True)
    batch = batch_for(request, ledger, pk)
    if batch.user_id != request.user.pk:
        raise PermissionDenied
    return ledger, batch


@require_POST
def batch_commit(request, key, pk):
    ledger, batch = own_batch(request, key, pk)
    try:
        services.request_commit(batch)
    except services.BatchStateError as error:
        messages.error(request, str(error))
    return redirect("ledgers:batch", key=ledger.key, pk=batch.pk)


@require_POST
def batch_undo(request, key, pk):
    ledger, batch = own_batch(request, key, pk)
    try:
        services.undo_batch(batch)
        messages.success(request, _("The import was undone."))
    except services.BatchStateError as error:
        messages.error(request, str(error))
    return redirect("ledgers:batch", key=ledger.key, pk=batch.pk)


@require_POST
def batch_discard(request, key, pk):
    ledger, batch = own_batch(request, key, pk)
    try:
        services.discard_batch(batch)
    except services.BatchStateError as error:
        messages.error(request, str(error))
    return redirect("ledgers:list", key=ledger.key)


def batch_errors(request, key, pk):
    """The rows with errors as a workbook, personal numbers masked (for the uploader
    too: it is an export like any other). Sent from the file stored at checking time."""
    ledger = ledger_for(request, key)
    batch = batch_for(request, ledger, pk)
    if not batch.errors or not batch.masked_error_file:
        raise Http404
    return error_workbook_response(request, ledger, batch)


def may_unmask_errors(request, ledger, batch) -> bool:
    return bool(ledger.has_pii and request.user.can_view_pii and batch.errors and batch.error_file)


def batch_errors_unmasked(request, key, pk):
    """The same workbook with personal numbers in full: the permission, and a reason
    that the security log records with the download."""
    ledger = ledger_for(request, key)
    batch = batch_for(request, ledger, pk)
    if not may_unmask_errors(request, ledger, batch):
        raise PermissionDenied
    form = ExportReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        return error_workbook_response(request, ledger, batch, unmasked=True, reason=reason)
    context = {"ledger": ledger, "form": form, "params": [], "batch": batch}
    return render(request, "ledgers/export_unmasked.html", context)


# --- records -----------------------------------------------------------------------------


def record_new(request, key):
    ledger = ledger_for(request, key, write=True)
    if not ledger.record_forms:
        raise Http404
    return record_form(request, ledger, None)


def record_detail(request, key, pk):
    """The record's form for those who may change it, a read-only view for the others."""
    ledger = ledger_for(request, key)
    obj = get_object_or_404(ledger.scoped(request.user), pk=pk)
    if ledger.record_forms and may_change(request.user, ledger, pk):
        return record_form(request, ledger, obj)
    if request.method == "POST":
        raise PermissionDenied
    return render(request, "ledgers/record_detail.html", record_context(ledger, obj))


def may_change(user, ledger, pk) -> bool:
    return ledger.may_write(user) and ledger.scoped(user, write=True).filter(pk=pk).exists()


def record_context(ledger, obj) -> dict:
    ledger.prepare_output([obj])
    cells = [(column, ledger.cell_value(obj, column)) for column in ledger.columns]
    return {"ledger": ledger, "obj": obj, "cells": cells}


def record_form(request, ledger, obj):
    if obj is not None:
        ledger.prepare_output([obj])
    form = RecordForm(ledger, request.user, request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_record(ledger, form.raw_values(), user=request.user, instance=obj)
        except services.RecordInvalid as invalid:
            form.add_row_errors(invalid.errors)
        else:
            messages.success(request, _("The record was saved."))
            return redirect("ledgers:detail", key=ledger.key, pk=saved.pk)
    return render(request, "ledgers/record_form.html", {"ledger": ledger, "form": form, "obj": obj})


def record_delete(request, key, pk):
    ledger = ledger_for(request, key, write=True)
    if not ledger.record_forms:
        raise Http404
    obj = get_object_or_404(ledger.scoped(request.user, write=True), pk=pk)
    if request.method == "POST":
        try:
            services.delete_record(ledger, obj)
        except services.RecordInUse as in_use:
            messages.error(request, str(in_use))
            return redirect("ledgers:detail", key=ledger.key, pk=obj.pk)
        messages.success(request, _("The record was deleted."))
        return redirect("ledgers:list", key=ledger.key)
    return render(request, "ledgers/record_delete.html", record_context(ledger, obj))
