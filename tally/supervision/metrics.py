"""The figures of section B (DOMAIN.md's metric table)."""

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from tally.metrics.definitions import count, custom, distinct, rate, total
from tally.metrics.registry import register

from .models import (
    InspectionKind,
    LightChange,
    NoticeKind,
    ObjectKind,
    Problem,
    ProblemStatus,
    Task,
)
from .selectors import active_assignments

SERVICE_LEDGER = "service_assignments"


def served_at_end(object_kind: str):
    """包联: assignments of one kind running on the period's last day (a stock)."""

    def rows(org, period):
        return active_assignments(period.end).filter(
            object_kind=object_kind, cadre__org__path__startswith=org.path
        )

    return rows


def service_metric(key, label, object_kind):
    return custom(
        key,
        label,
        "个",
        ledger=SERVICE_LEDGER,
        rows=served_at_end(object_kind),
        aggregate=("distinct", "object_code"),
        description=_(
            "Distinct objects of this kind served by at least one cadre on the period's last day."
        ),
    )


register(
    service_metric(
        "service.city_projects", _("City construction projects served"), ObjectKind.CITY_PROJECT
    ),
    service_metric(
        "service.industrial_projects",
        _("Industrial projects served"),
        ObjectKind.INDUSTRIAL_PROJECT,
    ),
    service_metric(
        "service.enterprises", _("Industrial enterprises above size served"), ObjectKind.ENTERPRISE
    ),
)


# --- tasks, inspections, problems, models ---------------------------------------------------


def tasks_lit_at_end(light: str):
    """Tasks whose light on the period's last day was `light`: the latest light change
    of each task on or before that day (a stock, from the history)."""

    def rows(org, period):
        latest = (
            LightChange.objects.filter(task=OuterRef("pk"), on__lte=period.end)
            .order_by("-on", "-id")
            .values("light")[:1]
        )
        return (
            Task.objects.filter(lead_unit__path__startswith=org.path)
            .annotate(light_at_end=Subquery(latest))
            .filter(light_at_end=light)
            .select_related("lead_unit")
        )

    return rows


def rectified_by_end(org, period):
    return Problem.objects.filter(
        unit__path__startswith=org.path,
        found_on__range=(period.start, period.end),
        status=ProblemStatus.RECTIFIED,
        rectified_on__lte=period.end,
    ).select_related("unit", "inspection")


def inspections(key, label, kind):
    return count(key, label, "次", ledger="inspections", where={"kind": kind})


register(
    count(
        "tasks.listed", _("Tasks under listed supervision"), "项", ledger="tasks", date="plated_on"
    ),
    *(
        custom(
            f"tasks.lights.{light}",
            label,
            "项",
            ledger="tasks",
            rows=tasks_lit_at_end(light),
            description=_("Tasks whose light on the period's last day was this one."),
        )
        for light, label in (
            ("red", _("Tasks in red")),
            ("yellow", _("Tasks in yellow")),
            ("green", _("Tasks in green")),
        )
    ),
    count(
        "notices.listed",
        _("Notices of listed supervision"),
        "期",
        ledger="notices",
        where={"kind": NoticeKind.LISTED},
    ),
    count(
        "notices.special",
        _("Notices of special supervision"),
        "期",
        ledger="notices",
        where={"kind": NoticeKind.SPECIAL},
    ),
    inspections("inspections.style", _("Special inspections of work style"), InspectionKind.STYLE),
    inspections("inspections.onsite", _("On-site supervision visits"), InspectionKind.ONSITE),
    distinct(
        "inspections.onsite_units",
        _("Units visited on site"),
        "家",
        ledger="inspections",
        field="units",
        where={"kind": InspectionKind.ONSITE},
    ),
    inspections(
        "inspections.implementation",
        _("Inspections of implementation"),
        InspectionKind.IMPLEMENTATION,
    ),
    total(
        "experiences.count",
        _("Experiences summarised"),
        "条",
        ledger="inspections",
        field="experiences",
    ),
    count("problems.found", _("Problems found"), "个", ledger="problems"),
    custom(
        "problems.rectified",
        _("Problems rectified"),
        "个",
        ledger="problems",
        rows=rectified_by_end,
        description=_("Problems found in the period and rectified by its end."),
    ),
    rate(
        "problems.rectification_rate",
        _("Rectification rate"),
        numerator="problems.rectified",
        denominator="problems.found",
    ),
    count("models.commended", _("Commended models"), "名", ledger="models"),
)
