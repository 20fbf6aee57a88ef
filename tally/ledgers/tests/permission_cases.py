"""Who may open which ledger page (walked by tests/test_permissions.py).

The objects a case needs are made by its path function: a record of the events ledger in
street A's village, a checked import batch uploaded by street A's clerk (with an error,
and without a kept file, so that committing it is refused and nothing is written)."""

import datetime as dt

from django.urls import reverse

from tally.ledgers.models import ImportBatch, LedgerType
from tally.ledgers.registry import get_ledger
from tally.testing.permissions import Case, statuses

STAFF = {"member": 403}
WRITERS = {"leader": 403, "member": 403}


def event_in_street_a(world):
    record = get_ledger("events").new_instance(
        {"org": world.village_a, "name": "大家谈", "category": "其他", "date": dt.date(2023, 3, 1)}
    )
    record.save()
    return record


def record_url(name):
    return lambda w: reverse(name, args=["events", event_in_street_a(w).pk])


def clerks_batch(world) -> ImportBatch:
    return ImportBatch.objects.create(
        ledger_key="events",
        user=world.users["clerk"],
        org=world.street_a,
        original_name="events.xlsx",
        status=ImportBatch.Status.PREVIEW,
        errors=[{"line": 2, "column": "活动日期", "value": "x", "message": "?"}],
        error_count=1,
    )


def batch_url(name):
    return lambda w: reverse(name, args=["events", clerks_batch(w).pk])


def ledger_with_people(world) -> str:
    LedgerType.objects.create(
        key="roster",
        name="值班",
        columns=[
            {"key": "org", "header": "组织编码", "type": "org", "required": True},
            {"key": "person", "header": "身份证号", "type": "person", "required": True},
        ],
        natural_key=["person"],
        org_column="org",
    )
    return reverse("ledgers:export_unmasked", args=["roster"])


def stars_type(world) -> str:
    ledger_type = LedgerType.objects.get(key="events")
    return reverse("ledgers:type_edit", args=[ledger_type.pk])


EVENTS = ["events"]
# The clerk's own batch: only writers of street A (and the all-writing roles) see it.
BATCH_READERS = statuses(200, sibling_clerk=404, leader=404, **STAFF)
# Acting on it (commit, undo, discard) is for the uploader alone.
BATCH_ACTORS = statuses(403, clerk=302, sibling_clerk=404, **STAFF)

CASES = [
    Case("ledgers:index", lambda w: reverse("ledgers:index"), statuses(200, **STAFF)),
    Case("ledgers:list", lambda w: reverse("ledgers:list", args=EVENTS), statuses(200, **STAFF)),
    Case(
        "ledgers:list",
        lambda w: reverse("ledgers:list", args=["no_such_ledger"]),
        statuses(404),
        label="ledgers:list unknown",
    ),
    Case(
        "ledgers:template",
        lambda w: reverse("ledgers:template", args=EVENTS),
        statuses(200, **STAFF),
    ),
    Case(
        "ledgers:export",
        lambda w: reverse("ledgers:export", args=EVENTS),
        statuses(200, **STAFF),
    ),
    Case(
        "ledgers:export_unmasked",
        ledger_with_people,
        statuses(403, office=200),
    ),
    Case(
        "ledgers:export_unmasked",
        lambda w: reverse("ledgers:export_unmasked", args=EVENTS),
        statuses(403),
        label="ledgers:export_unmasked without personal data",
    ),
    Case(
        "ledgers:import", lambda w: reverse("ledgers:import", args=EVENTS), statuses(200, **WRITERS)
    ),
    Case(
        "ledgers:import",
        lambda w: reverse("ledgers:import", args=["orgs"]),
        statuses(403, admin=200),
        label="ledgers:import orgs",
    ),
    Case(
        "ledgers:batches", lambda w: reverse("ledgers:batches", args=EVENTS), statuses(200, **STAFF)
    ),
    Case("ledgers:batch", batch_url("ledgers:batch"), BATCH_READERS),
    Case("ledgers:batch_progress", batch_url("ledgers:batch_progress"), BATCH_READERS),
    # The batch kept no file: its error workbook cannot be made, for anyone.
    Case("ledgers:batch_errors", batch_url("ledgers:batch_errors"), statuses(404, **STAFF)),
    # No personal data in the events ledger: nobody gets numbers in full from it.
    Case(
        "ledgers:batch_errors_unmasked",
        batch_url("ledgers:batch_errors_unmasked"),
        statuses(403, sibling_clerk=404, leader=404),
    ),
    Case("ledgers:batch_commit", batch_url("ledgers:batch_commit"), BATCH_ACTORS, method="post"),
    Case("ledgers:batch_undo", batch_url("ledgers:batch_undo"), BATCH_ACTORS, method="post"),
    Case("ledgers:batch_discard", batch_url("ledgers:batch_discard"), BATCH_ACTORS, method="post"),
    Case(
        "ledgers:batch_commit",
        batch_url("ledgers:batch_commit"),
        statuses(405, anonymous=302),
        label="ledgers:batch_commit by GET",
    ),
    Case("ledgers:new", lambda w: reverse("ledgers:new", args=EVENTS), statuses(200, **WRITERS)),
    Case(
        "ledgers:detail",
        record_url("ledgers:detail"),
        statuses(200, sibling_clerk=404, **STAFF),
    ),
    Case(
        "ledgers:detail",
        record_url("ledgers:detail"),
        statuses(200, sibling_clerk=404, leader=403, **STAFF),
        method="post",
        data=lambda w: {"name": ""},
        label="ledgers:detail edit",
    ),
    Case(
        "ledgers:delete",
        record_url("ledgers:delete"),
        statuses(200, sibling_clerk=404, **WRITERS),
    ),
    Case(
        "ledgers:delete",
        record_url("ledgers:delete"),
        statuses(302, sibling_clerk=404, **WRITERS),
        method="post",
        label="ledgers:delete confirmed",
    ),
    Case("ledgers:types", lambda w: reverse("ledgers:types"), statuses(403, admin=200)),
    Case("ledgers:type_new", lambda w: reverse("ledgers:type_new"), statuses(403, admin=200)),
    Case(
        "ledgers:type_key",
        lambda w: reverse("ledgers:type_key") + "?name=星级类别",
        statuses(403, admin=200),
    ),
    Case("ledgers:type_edit", stars_type, statuses(403, admin=200)),
]
