"""The supervision pages of tasks, lights, inspections and problems.

Every page is scoped: a task is read by the office, leaders and administrators, and by
the clerks of its lead and cooperating units; reported on by its lead unit's clerks and
the office. Anything outside is a 404 and nothing changes.
"""

from dataclasses import asdict
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tally.accounts.models import Role
from tally.accounts.scoping import home_org, readable_orgs, require_roles
from tally.lib.lights import expected_progress
from tally.metrics.engine import compute_many
from tally.site_settings.store import reporting_period

from . import services
from .forms import (
    InspectionForm,
    LightRulesForm,
    NoteForm,
    ProgressForm,
    RectificationForm,
    TaskForm,
    milestones_text,
)
from .lights import (
    current_light_rules,
    milestone_points,
    problems_with_light,
    save_light_rules,
)
from .models import (
    Attachment,
    Inspection,
    Light,
    LightChange,
    ProblemStatus,
    Task,
    TaskLevel,
    TaskStatus,
)
from .selectors import LIGHT_ORDER, readable_problems, readable_tasks

STAFF = (Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT)
OFFICE = (Role.ADMIN, Role.OFFICE)
READ_ALL = (Role.ADMIN, Role.OFFICE, Role.LEADER)
PAGE_SIZE = 50
SECTION_B_KEYS = (
    "tasks.listed",
    "tasks.lights.red",
    "tasks.lights.yellow",
    "notices.listed",
    "notices.special",
    "inspections.style",
    "inspections.onsite",
    "inspections.onsite_units",
    "inspections.implementation",
    "experiences.count",
    "problems.found",
    "problems.rectification_rate",
    "models.commended",
    "service.city_projects",
    "service.industrial_projects",
    "service.enterprises",
)


def page_query(request, *names) -> dict:
    return {name: request.GET[name] for name in names if request.GET.get(name)}


# --- index ----------------------------------------------------------------------------------


@require_roles(*STAFF)
def index(request):
    tasks = readable_tasks(request.user)
    light_counts = tasks.exclude(status=TaskStatus.CLOSED).aggregate(
        **{light: Count("pk", filter=Q(light=light)) for light in Light.values}
    )
    problems = readable_problems(request.user)
    org, period = home_org(request.user), reporting_period()
    context = {
        "org": org,
        "period": period,
        "light_counts": light_counts,
        "overdue": problems.exclude(status=ProblemStatus.RECTIFIED)
        .filter(deadline__lt=timezone.localdate())
        .count(),
        "figures": list(compute_many(SECTION_B_KEYS, org, period).values()) if org else [],
        "is_office": services.is_office(request.user),
    }
    return render(request, "supervision/index.html", context)


# --- tasks ------------------------------------------------------------------------------------

SORTS = {
    "light": (LIGHT_ORDER.asc(), "deadline", "number"),
    "deadline": ("deadline", "number"),
    "progress": ("progress", "deadline"),
    "number": ("number",),
}


@require_roles(*STAFF)
def task_list(request):
    tasks = readable_tasks(request.user).prefetch_related("partners")
    light = request.GET.get("light", "")
    if light in Light.values:
        tasks = tasks.filter(light=light)
    status = request.GET.get("status", "")
    if status in TaskStatus.values:
        tasks = tasks.filter(status=status)
    elif status != "all":
        tasks = tasks.exclude(status=TaskStatus.CLOSED)
    if request.GET.get("level") == TaskLevel.LISTED:
        tasks = tasks.filter(level=TaskLevel.LISTED)
    org = readable_orgs(request.user).filter(code=request.GET.get("org", "").strip()).first()
    if org is not None:
        tasks = tasks.filter(lead_unit__path__startswith=org.path)
    query = request.GET.get("q", "").strip()
    if query:
        tasks = tasks.filter(Q(name__icontains=query) | Q(number__icontains=query))
    sort = request.GET.get("sort", "light")
    tasks = tasks.order_by(*SORTS.get(sort, SORTS["light"]))
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = page_query(request, "light", "status", "level", "org", "q", "sort")
    context = {
        "page_obj": page,
        "query_without_page": urlencode(kept) + "&" if kept else "",
        "light": light,
        "status": status,
        "sort": sort,
        "org": org,
        "q": query,
        "lights": Light.choices,
        "statuses": TaskStatus.choices,
        "is_office": services.is_office(request.user),
        "may_plate": services.is_office(request.user),
    }
    return render(request, "supervision/task_list.html", context)


def next_task_number() -> str:
    year = timezone.localdate().year
    prefix = f"DB{year}-"
    taken = Task.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1:03d}"


@require_roles(*OFFICE)
def task_new(request):
    form = TaskForm(request.POST or None, initial={"number": next_task_number()})
    if request.method == "POST" and form.is_valid():
        try:
            task = services.register_task(
                form.task_fields(),
                by=request.user,
                partners=form.cleaned_data["partners"],
                milestones=form.cleaned_data["milestones"],
                assign="assign" in request.POST,
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Task %(number)s was registered.") % {"number": task.number}
            )
            return redirect("supervision:task_detail", pk=task.pk)
    return render(request, "supervision/task_form.html", {"form": form, "task": None})


@require_roles(*OFFICE)
def task_edit(request, pk):
    task = get_object_or_404(Task, pk=pk)
    initial = {name: getattr(task, name) for name in (*TaskForm.FIELDS, "requirement")}
    initial |= {"partners": task.partners.all(), "milestones": milestones_text(task)}
    form = TaskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_task(
                task,
                form.task_fields(),
                by=request.user,
                partners=form.cleaned_data["partners"],
                milestones=form.cleaned_data["milestones"],
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The task was saved."))
            return redirect("supervision:task_detail", pk=task.pk)
    return render(request, "supervision/task_form.html", {"form": form, "task": task})


@require_roles(*STAFF)
def task_detail(request, pk):
    task = get_object_or_404(
        readable_tasks(request.user).prefetch_related("partners", "milestones"), pk=pk
    )
    today = timezone.localdate()
    expected = expected_progress(task.start_date, task.deadline, today, milestone_points(task))
    reports = task.reports.select_related("by").prefetch_related("attachments")
    context = {
        "task": task,
        "expected": min(expected, 100),
        "reports": reports,
        "history": task_history(task),
        "may_report": services.may_report(request.user, task) and task.status != TaskStatus.CLOSED,
        "is_office": services.is_office(request.user),
        "note_form": NoteForm(),
    }
    return render(request, "supervision/task_detail.html", context)


def task_history(task: Task) -> list[dict]:
    """The workflow's events and the light changes, newest first, as one timeline."""
    events = [
        {
            "at": e.at,
            "day": timezone.localtime(e.at).date(),
            "kind": e.get_kind_display(),
            "note": e.note,
            "by": e.by,
            "light": "",
        }
        for e in task.events.select_related("by")
    ]
    lights = [
        {
            "at": None,
            "day": c.on,
            "kind": _("Light"),
            "note": "",
            "by": None,
            "light": c.light,
            "previous": c.previous,
        }
        for c in task.light_changes.all()
    ]
    return sorted(
        events + lights, key=lambda item: (item["day"], item["at"] is not None), reverse=True
    )


def task_for_office(request, pk) -> Task:
    if not services.is_office(request.user):
        raise PermissionDenied
    return get_object_or_404(Task, pk=pk)


def workflow_step(request, pk, step, done_message):
    task = task_for_office(request, pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        step(task, by=request.user, note=note)
    except services.SupervisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done_message)
    return redirect("supervision:task_detail", pk=task.pk)


@require_POST
def task_assign(request, pk):
    task = task_for_office(request, pk)
    services.assign_task(task, by=request.user)
    messages.success(request, _("The task was assigned to its units."))
    return redirect("supervision:task_detail", pk=task.pk)


@require_POST
def task_done(request, pk):
    return workflow_step(request, pk, services.mark_done, _("The task is done (办结)."))


@require_POST
def task_close(request, pk):
    return workflow_step(request, pk, services.close_task, _("The task is closed (销号)."))


@require_POST
def task_reopen(request, pk):
    return workflow_step(request, pk, services.reopen_task, _("The task was reopened."))


@require_roles(*STAFF)
def task_progress(request, pk):
    """The lead unit files a progress report. Anyone else: 404 (a cooperating unit reads
    the task but gets no form), and nothing changes."""
    task = get_object_or_404(readable_tasks(request.user), pk=pk)
    if not services.may_report(request.user, task):
        raise Http404
    form = ProgressForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.file_progress(
                task,
                by=request.user,
                percent=data["percent"],
                done=data["done"],
                reported_on=data["reported_on"],
                next_steps=data["next_steps"],
                problems=data["problems"],
                support=data["support"],
                reason=data["reason"],
                files=data["files"],
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The progress report was filed."))
            return redirect("supervision:task_detail", pk=task.pk)
    return render(request, "supervision/progress_form.html", {"form": form, "task": task})


# --- attachments ---------------------------------------------------------------------------


@require_roles(*STAFF)
def attachment(request, pk):
    item = get_object_or_404(Attachment.objects.select_related("report", "problem"), pk=pk)
    if item.report_id is not None:
        readable = readable_tasks(request.user).filter(pk=item.report.task_id).exists()
    else:
        readable = readable_problems(request.user).filter(pk=item.problem_id).exists()
    if not readable or not item.file.storage.exists(item.file.name):
        raise Http404
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"attachment\"; filename*=UTF-8''{quote(item.name)}"
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- lights -------------------------------------------------------------------------------------


@require_roles(*STAFF)
def light_rules(request):
    """Everyone reads the rules; the administrator changes them."""
    rules = current_light_rules()
    may_edit = request.user.role == Role.ADMIN
    form = LightRulesForm(request.POST or None, initial=asdict(rules))
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            changed = save_light_rules(form.cleaned_data["rules"])
            messages.success(
                request,
                _("The rules were saved; %(n)d tasks changed light.") % {"n": changed},
            )
            return redirect("supervision:light_rules")
    return render(
        request,
        "supervision/light_rules.html",
        {"form": form, "rules": rules, "may_edit": may_edit},
    )


@require_roles(*STAFF)
def light_history(request):
    changes = LightChange.objects.select_related("task__lead_unit").filter(
        task__in=readable_tasks(request.user).values("pk")
    )
    light = request.GET.get("light", "")
    if light in Light.values:
        changes = changes.filter(light=light)
    page = Paginator(changes.order_by("-on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    kept = page_query(request, "light")
    context = {
        "page_obj": page,
        "query_without_page": urlencode(kept) + "&" if kept else "",
        "light": light,
        "lights": Light.choices,
    }
    return render(request, "supervision/light_history.html", context)


# --- inspections and problems ------------------------------------------------------------------


@require_roles(*READ_ALL)
def inspection_list(request):
    inspections = Inspection.objects.annotate(problem_count=Count("problems")).order_by(
        "-date", "-id"
    )
    page = Paginator(inspections, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "is_office": services.is_office(request.user)}
    return render(request, "supervision/inspection_list.html", context)


@require_roles(*OFFICE)
def inspection_new(request):
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {k: data[k] for k in ("number", "kind", "date", "experiences", "summary")}
        try:
            inspection = services.record_inspection(
                fields, by=request.user, units=data["units"], problems=data["problems"]
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Inspection %(number)s was recorded with %(n)d problems.")
                % {"number": inspection.number, "n": len(data["problems"])},
            )
            return redirect("supervision:inspection_detail", pk=inspection.pk)
    return render(request, "supervision/inspection_form.html", {"form": form})


@require_roles(*READ_ALL)
def inspection_detail(request, pk):
    inspection = get_object_or_404(Inspection.objects.prefetch_related("units"), pk=pk)
    problems = problems_with_light(inspection.problems.select_related("unit"))
    return render(
        request,
        "supervision/inspection_detail.html",
        {"inspection": inspection, "problems": problems.order_by("number")},
    )


@require_roles(*STAFF)
def problem_list(request):
    problems = problems_with_light(readable_problems(request.user))
    light = request.GET.get("light", "")
    if light in Light.values:
        problems = problems.filter(light=light)
    status = request.GET.get("status", "open")
    if status in ProblemStatus.values:
        problems = problems.filter(status=status)
    elif status == "open":
        problems = problems.exclude(status=ProblemStatus.RECTIFIED)
    problems = problems.order_by(LIGHT_ORDER.asc(), "deadline", "number")
    page = Paginator(problems, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = page_query(request, "light", "status")
    context = {
        "page_obj": page,
        "query_without_page": urlencode(kept) + "&" if kept else "",
        "light": light,
        "status": status,
        "lights": Light.choices,
        "statuses": ProblemStatus.choices,
    }
    return render(request, "supervision/problem_list.html", context)


@require_roles(*STAFF)
def problem_detail(request, pk):
    problem = get_object_or_404(problems_with_light(readable_problems(request.user)), pk=pk)
    may_rectify = services.may_rectify(request.user, problem)
    form = RectificationForm(
        request.POST or None,
        request.FILES or None,
        initial={"status": problem.status, "evidence": problem.evidence},
    )
    if request.method == "POST":
        if not may_rectify:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_rectification(
                    problem,
                    by=request.user,
                    status=data["status"],
                    evidence=data["evidence"],
                    on=data["on"],
                    files=data["files"],
                )
            except services.SupervisionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The rectification was recorded."))
                return redirect("supervision:problem_detail", pk=problem.pk)
    context = {
        "problem": problem,
        "form": form if may_rectify else None,
        "attachments": problem.attachments.all(),
    }
    return render(request, "supervision/problem_detail.html", context)
