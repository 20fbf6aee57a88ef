"""Notices and listed supervision: the office plates tasks (挂牌督办) and issues numbered
notices; everyone who may read a notice's tasks reads the notice and its Word file."""

from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tally.accounts.scoping import require_roles

from . import services
from .forms import NoticeForm
from .models import Notice, NoticeKind, Task, TaskLevel, TaskStatus
from .selectors import readable_tasks
from .views import OFFICE, PAGE_SIZE, STAFF

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def readable_notices(user):
    """Notices naming at least one task the user reads."""
    tasks = readable_tasks(user).values("pk")
    return Notice.objects.filter(tasks__in=tasks).distinct()


def open_tasks():
    return Task.objects.select_related("lead_unit").exclude(status=TaskStatus.CLOSED)


def notice_form(request, candidates):
    """The notice form and whether it was sent to issue the notice. Its 搜索 button posts
    what is filled in so far: the form comes back unbound with the ticked tasks still
    ticked and the tasks matching the search shown (not all candidates are, see
    NoticeForm.show_tasks). The list's selection (?task=…) comes ticked."""
    posted = request.method == "POST"
    searching = posted and "search" in request.POST
    search = (request.POST if posted else request.GET).get("q", "").strip()
    if posted and not searching:
        return NoticeForm(candidates, request.POST, search=search), True
    if searching:
        initial = {key: request.POST.get(key) for key in NOTICE_TEXT if request.POST.get(key)}
        initial["tasks"] = request.POST.getlist("tasks")
    else:
        initial = {"tasks": request.GET.getlist("task")}
    return NoticeForm(candidates, initial=initial, search=search), False


NOTICE_TEXT = ("issued_on", "title", "addressees", "body")


@require_roles(*STAFF)
def notice_list(request):
    notices = readable_notices(request.user).order_by("-issued_on", "-id")
    kind = request.GET.get("kind", "")
    if kind in NoticeKind.values:
        notices = notices.filter(kind=kind)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "query_without_page": f"kind={quote(kind)}&" if kind else "",
        "kind": kind,
        "kinds": NoticeKind.choices,
        "is_office": services.is_office(request.user),
    }
    return render(request, "supervision/notice_list.html", context)


@require_roles(*STAFF)
def notice_detail(request, pk):
    tasks = Prefetch("tasks", queryset=Task.objects.select_related("lead_unit").order_by("number"))
    notice = get_object_or_404(readable_notices(request.user).prefetch_related(tasks), pk=pk)
    return render(request, "supervision/notice_detail.html", {"notice": notice})


@require_roles(*STAFF)
def notice_download(request, pk):
    notice = get_object_or_404(readable_notices(request.user), pk=pk)
    if not notice.file:
        raise Http404
    name = f"{notice.kind}{notice.number}.docx"
    response = FileResponse(notice.file.open("rb"), content_type=DOCX)
    response["Content-Disposition"] = (
        f"attachment; filename=\"notice.docx\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@require_roles(*OFFICE)
def task_plate(request):
    """挂牌督办: choose the tasks (the list's selection comes checked), say the date, and
    the 挂牌督办通知 is numbered and generated with them."""
    candidates = (
        open_tasks()
        .filter(level=TaskLevel.NORMAL)
        .exclude(status=TaskStatus.DONE)
        .order_by("number")
    )
    form, issuing = notice_form(request, candidates)
    if issuing and form.is_valid():
        try:
            notice = services.plate_tasks(
                form.cleaned_data["tasks"],
                by=request.user,
                on=form.cleaned_data["issued_on"],
                **form.notice_fields(),
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The tasks are listed; notice %(number)s was issued.")
                % {"number": notice.full_number},
            )
            return redirect("supervision:notice_detail", pk=notice.pk)
    context = {"form": form, "kind": NoticeKind.LISTED, "plating": True}
    return render(request, "supervision/notice_form.html", context)


@require_roles(*OFFICE)
def notice_new(request):
    """A 专题督办通知 about open tasks, listed or not."""
    form, issuing = notice_form(request, open_tasks().order_by("number"))
    if issuing and form.is_valid():
        try:
            notice = services.issue_notice(
                NoticeKind.SPECIAL,
                form.cleaned_data["tasks"],
                by=request.user,
                issued_on=form.cleaned_data["issued_on"],
                **form.notice_fields(),
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Notice %(number)s was issued.") % {"number": notice.full_number}
            )
            return redirect("supervision:notice_detail", pk=notice.pk)
    context = {"form": form, "kind": NoticeKind.SPECIAL, "plating": False}
    return render(request, "supervision/notice_form.html", context)
