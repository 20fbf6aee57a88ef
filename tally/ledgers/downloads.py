"""Sending workbooks: every export is a security event; an unmasked one needs the
permission and a stated reason."""

from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone

from tally.accounts.events import record_event
from tally.accounts.models import SecurityEvent

from .batches import read_encrypted
from .excel import export_workbook
from .ledger import Ledger

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    # RFC 6266: a Chinese file name needs the filename* form; the plain one is a fallback.
    response["Content-Disposition"] = (
        f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    response["Cache-Control"] = "no-store"
    return response


def record_export(request, ledger: Ledger, *, rows: int, unmasked: bool, reason="", label=""):
    """Every workbook sent is a security event: who, what, how many rows, in full or
    masked, and the reason given for an unmasked one."""
    if unmasked and not request.user.can_view_pii:
        raise PermissionDenied
    detail = f"ledger={ledger.key} rows={rows} unmasked={'yes' if unmasked else 'no'}"
    if label:
        detail += f" of={label}"
    if reason:
        detail += f" reason={reason}"
    record_event(SecurityEvent.Kind.EXPORT, request=request, detail=detail)


def export_response(request, ledger: Ledger, queryset, *, unmasked=False, reason="", label=""):
    """The queryset as the ledger's own workbook, recorded as a security event."""
    if unmasked and not request.user.can_view_pii:
        raise PermissionDenied
    count = queryset.count()
    data = export_workbook(ledger, queryset, masked=not unmasked)
    record_export(request, ledger, rows=count, unmasked=unmasked, reason=reason, label=label)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(data, f"{ledger.name}-{stamp}.xlsx")


def error_workbook_response(request, ledger: Ledger, batch, *, unmasked=False, reason=""):
    """The batch's stored error workbook (built when the file was checked), recorded
    like any export; the uploader's own download too."""
    kept = batch.error_file if unmasked else batch.masked_error_file
    data = read_encrypted(kept)
    rows = len({error["line"] for error in batch.errors})
    record_export(
        request,
        ledger,
        rows=rows,
        unmasked=unmasked,
        reason=reason,
        label=f"errors-of-batch-{batch.pk}",
    )
    return xlsx_response(data, f"{ledger.name}-错误清单-{batch.pk}.xlsx")
