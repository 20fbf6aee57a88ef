"""Sending workbooks: every export is a security event; an unmasked one needs the
permission and a stated reason."""

from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone

from tally.accounts.events import record_event
from tally.accounts.models import SecurityEvent

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


def export_response(request, ledger: Ledger, queryset, *, unmasked=False, reason="", label=""):
    """The queryset as the ledger's own workbook, recorded as a security event."""
    if unmasked and not request.user.can_view_pii:
        raise PermissionDenied
    count = queryset.count()
    data = export_workbook(ledger, queryset, masked=not unmasked)
    detail = f"ledger={ledger.key} rows={count} unmasked={'yes' if unmasked else 'no'}"
    if label:
        detail += f" of={label}"
    if reason:
        detail += f" reason={reason}"
    record_event(SecurityEvent.Kind.EXPORT, request=request, detail=detail)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(data, f"{ledger.name}-{stamp}.xlsx")
