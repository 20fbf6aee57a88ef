"""The figures of section B (DOMAIN.md's metric table)."""

from django.utils.translation import gettext_lazy as _

from tally.metrics.definitions import custom
from tally.metrics.registry import register

from .models import ObjectKind
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
