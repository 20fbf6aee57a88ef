"""Read-only questions other modules ask of supervision.

The economy module links its construction projects and enterprises to 包联 assignments
by code (项目编号 or 统一社会信用代码): `assignments_of` and `served_codes` answer from
here, so that supervision never imports economy.
"""

import datetime as dt

from django.db.models import Q, QuerySet

from .models import ObjectKind, ServiceAssignment

__all__ = ["ObjectKind", "active_assignments", "assignments_of", "served_codes"]


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
