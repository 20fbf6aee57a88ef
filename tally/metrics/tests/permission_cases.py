from django.urls import reverse

from tally.ledgers.models import LedgerType
from tally.metrics.models import MetricDefinition
from tally.testing.permissions import Case, statuses

STAFF_ONLY = {"member": 403}
ADMIN_ONLY = statuses(403, admin=200)


def detail(key, org, period="2023H1"):
    return f"{reverse('metrics:detail', args=[key])}?org={org.code}&period={period}"


def rows_export(key, org, period="2023H1"):
    return f"{reverse('metrics:rows_export', args=[key])}?org={org.code}&period={period}"


def a_definition(world) -> MetricDefinition:
    definition, _ = MetricDefinition.objects.get_or_create(
        key="events.all",
        defaults={
            "label": "活动数",
            "unit": "次",
            "ledger_type": LedgerType.objects.get(key="events"),
        },
    )
    return definition


CASES = [
    Case("metrics:index", lambda w: reverse("metrics:index"), statuses(200, **STAFF_ONLY)),
    Case(
        "metrics:index",
        lambda w: reverse("metrics:index") + f"?org={w.root.code}&period=2023H1",
        statuses(200, clerk=404, sibling_clerk=404, **STAFF_ONLY),
        label="metrics:index root (a clerk gets the form's error, as a 404)",
    ),
    Case(
        "metrics:detail",
        lambda w: reverse("metrics:detail", args=["events.talks"]),
        statuses(200, **STAFF_ONLY),
        label="metrics:detail home organisation",
    ),
    Case(
        "metrics:detail",
        lambda w: detail("events.talks", w.street_a),
        statuses(200, sibling_clerk=404, **STAFF_ONLY),
        label="metrics:detail street A",
    ),
    Case(
        "metrics:detail",
        lambda w: detail("env.facilities.rate", w.root),
        statuses(200, clerk=404, sibling_clerk=404, **STAFF_ONLY),
        label="metrics:detail derived, root",
    ),
    Case(
        "metrics:detail",
        lambda w: detail("no.such", w.street_a),
        statuses(404, **STAFF_ONLY),
        label="metrics:detail unknown key",
    ),
    Case(
        "metrics:rows_export",
        lambda w: rows_export("events.talks", w.street_a),
        statuses(200, sibling_clerk=404, **STAFF_ONLY),
    ),
    Case(
        "metrics:rows_export",
        lambda w: rows_export("env.facilities.rate", w.street_a),
        statuses(404, **STAFF_ONLY),
        label="metrics:rows_export derived",
    ),
    Case("metrics:definitions", lambda w: reverse("metrics:definitions"), ADMIN_ONLY),
    Case(
        "metrics:definition_new",
        lambda w: reverse("metrics:definition_new") + "?ledger=events",
        ADMIN_ONLY,
    ),
    Case(
        "metrics:definition_edit",
        lambda w: reverse("metrics:definition_edit", args=[a_definition(w).pk]),
        ADMIN_ONLY,
    ),
    Case(
        "metrics:definition_edit",
        lambda w: reverse("metrics:definition_edit", args=[a_definition(w).pk]),
        statuses(403, admin=302),
        method="post",
        data=lambda w: {
            "label": "活动数",
            "unit": "次",
            "aggregate": "count",
            "date_mode": "flow",
            "active": "on",
        },
        label="metrics:definition_edit POST",
    ),
]
