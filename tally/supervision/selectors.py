"""Read-only questions of the supervision module: what a user may see, and what other
modules ask.

The economy module links its construction projects and enterprises to 包联 assignments
by code (项目编号 or 统一社会信用代码): `assignments_of` and `served_codes` answer from
here, so that supervision never imports economy.
"""

import datetime as dt

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from tally.accounts.scoping import EVERYTHING, NOTHING, scope_prefix, scope_queryset

from .models import Light, ObjectKind, Problem, ServiceAssignment, Task

__all__ = ["ObjectKind", "active_assignments", "assignments_of", "served_codes"]

# Worst first: red before yellow before green, not yet lit last.
LIGHT_ORDER = Case(
    When(light=Light.RED, then=Value(0)),
    When(light=Light.YELLOW, then=Value(1)),
    When(light=Light.GREEN, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


# --- 包联 ------------------------------------------------------------------------------------


def active_assignments(day: dt.date) -> QuerySet:
    """Assignments running on `day`: started on or before it, not ended before it."""
    return ServiceAssignment.objects.filter(start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )


def assignments_of(object_kind: str, code: str, *, on: dt.date | None = None) -> QuerySet:
    """The cadres' assignments to one project or enterprise (those running on `on` when
    given), with the cadre and the cadre's organisation loaded."""
    rows = active_assignments(on) if on else ServiceAssignment.objects.all()
    return rows.filter(object_kind=object_kind, object_code=code).select_related("cadre__org")


def served_codes(object_kind: str, on: dt.date) -> set[str]:
    """The codes of the objects of one kind that at least one cadre serves on `on`."""
    rows = active_assignments(on).filter(object_kind=object_kind)
    return set(rows.values_list("object_code", flat=True).distinct())


# --- tasks and problems ---------------------------------------------------------------------


def readable_tasks(user) -> QuerySet:
    """Tasks the user sees: all of them for the office, leaders and administrators; for a
    unit clerk, the assigned tasks whose lead or a cooperating unit is in her subtree."""
    tasks = Task.objects.select_related("lead_unit")
    prefix = scope_prefix(user)
    if prefix is NOTHING:
        return tasks.none()
    if prefix == EVERYTHING:
        return tasks
    involved = Q(lead_unit__path__startswith=prefix) | Q(partners__path__startswith=prefix)
    matching = Task.objects.filter(involved, assigned=True).values("pk")
    return tasks.filter(pk__in=matching)


def led_tasks(user) -> QuerySet:
    """Tasks the user's unit leads (its subtree's): the ones it reports on."""
    prefix = scope_prefix(user, write=True)
    tasks = Task.objects.select_related("lead_unit").filter(assigned=True)
    if prefix is NOTHING:
        return tasks.none()
    return tasks.filter(lead_unit__path__startswith=prefix)


def readable_problems(user) -> QuerySet:
    rows = Problem.objects.select_related("unit", "inspection")
    return scope_queryset(rows, user, org_field="unit")
