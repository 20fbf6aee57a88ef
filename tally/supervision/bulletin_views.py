"""The weekly bulletin: the office's draft, refresh and publish; the staff's reading; the
public page of a published bulletin (no login, nothing personal) and its Word file."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_POST

from tally.accounts.scoping import require_roles
from tally.lib.periods import PeriodError

from . import services
from .bulletins import (
    BulletinError,
    bulletin_context,
    bulletin_docx,
    draft_bulletin,
    previous_week,
    publish_bulletin,
    week_of,
)
from .forms import PublishForm
from .models import Bulletin
from .views import STAFF

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def visible_bulletins(user):
    """The office, leaders and administrators see drafts too; units the published ones."""
    bulletins = Bulletin.objects.all()
    if user.role not in ("admin", "office", "leader"):
        bulletins = bulletins.filter(published_at__isnull=False)
    return bulletins


@require_roles(*STAFF)
def bulletin_list(request):
    context = {
        "bulletins": visible_bulletins(request.user).order_by("-week")[:60],
        "last_week": previous_week(timezone.localdate()),
        "is_office": services.is_office(request.user),
    }
    return render(request, "supervision/bulletin_list.html", context)


def week_or_404(text: str):
    try:
        return week_of(text)
    except (PeriodError, BulletinError):
        raise Http404 from None


@require_roles(*STAFF)
def bulletin_detail(request, week):
    period = week_or_404(week)
    bulletin = get_object_or_404(visible_bulletins(request.user), week=period.label)
    context = bulletin_context(bulletin) | {
        "is_office": services.is_office(request.user),
        "publish_form": PublishForm(initial={"note": bulletin.note}),
    }
    return render(request, "supervision/bulletin_detail.html", context)


@require_POST
def bulletin_draft(request, week):
    """Take (or take again) the week's snapshot into its draft."""
    if not services.is_office(request.user):
        raise PermissionDenied
    period = week_or_404(week)
    try:
        draft_bulletin(period)
    except BulletinError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The draft of %(week)s was taken now.") % {"week": period})
    return redirect("supervision:bulletin_detail", week=period.label)


@require_POST
def bulletin_publish(request, week):
    if not services.is_office(request.user):
        raise PermissionDenied
    bulletin = get_object_or_404(Bulletin, week=week_or_404(week).label)
    form = PublishForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        publish_bulletin(bulletin, by=request.user, note=note)
    except BulletinError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The bulletin is published."))
    return redirect("supervision:bulletin_detail", week=bulletin.week)


def docx_response(bulletin: Bulletin) -> HttpResponse:
    response = HttpResponse(bulletin_docx(bulletin), content_type=DOCX)
    name = f"我的这7天-{bulletin.week}.docx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"bulletin.docx\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@require_roles(*STAFF)
def bulletin_docx_view(request, week):
    period = week_or_404(week)
    return docx_response(get_object_or_404(visible_bulletins(request.user), week=period.label))


# --- public -----------------------------------------------------------------------------------


def published_or_404(week: str) -> Bulletin:
    period = week_or_404(week)
    return get_object_or_404(Bulletin, week=period.label, published_at__isnull=False)


@login_not_required
@cache_page(60)
def bulletin_public(request, week):
    """A published bulletin for everyone: departments, their filings and lights."""
    context = bulletin_context(published_or_404(week)) | {"public": True}
    return render(request, "supervision/bulletin_public.html", context)


@login_not_required
@cache_page(60)
def bulletin_public_docx(request, week):
    return docx_response(published_or_404(week))
