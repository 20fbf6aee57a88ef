"""Project monthly reports as a reporting obligation due by the 25th: a unit's report of a
month is in once every project owing one has its row (the day of the last), one project
missing keeps it missing; a unit with nothing owed has filed; the reporting metrics count
them; an import of reports and its undo move the records at once."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tally.economy.models import ProjectReport
from tally.ledgers import services as ledger_services
from tally.lib.periods import parse_period
from tally.metrics.engine import compute_many
from tally.supervision import services as supervision
from tally.supervision.models import ReportingRecord, ReportState

from .conftest import REPORT_HEADER, add_construction, add_report, import_sheet

pytestmark = pytest.mark.django_db
ON_TIME, LATE, MISSING, PENDING = (
    ReportState.ON_TIME,
    ReportState.LATE,
    ReportState.MISSING,
    ReportState.PENDING,
)


@pytest.fixture(autouse=True)
def early_july():
    with time_machine.travel(dt.datetime(2023, 7, 3, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def reported(project, month, on: str, cumulative="1", progress="50"):
    report = add_report(project, month, cumulative, progress)
    day = dt.datetime.fromisoformat(f"{on}T10:00")
    ProjectReport.objects.filter(pk=report.pk).update(
        created_at=timezone.make_aware(day, timezone.get_current_timezone())
    )
    return report


@pytest.fixture
def projects(world):
    a1 = add_construction("XM-A1", world.street_a)
    a2 = add_construction("XM-A2", world.village_a)  # street A's subtree
    b1 = add_construction("XM-B1", world.street_b)
    reported(a1, "2023-05", "2023-05-20")
    reported(a2, "2023-05", "2023-05-24")
    reported(b1, "2023-05", "2023-05-28")  # after the 25th
    reported(a1, "2023-06", "2023-06-20")  # A2's June report never came
    reported(b1, "2023-06", "2023-06-25")
    return a1, a2, b1


def declare(world):
    return supervision.declare_obligation(
        {
            "ledger_key": "project_reports",
            "name": "项目月报",
            "frequency": "monthly",
            "due_day": 25,
            "unit_kinds": [],
            "starts_on": dt.date(2023, 5, 1),
            "active": True,
        },
        by=world.users["office"],
        units=[world.street_a, world.street_b, world.department],
    )


def states(obligation, unit):
    records = ReportingRecord.objects.filter(obligation=obligation, unit=unit).order_by("period")
    return [(r.period, r.state, r.received_on) for r in records]


def test_it_judges_each_units_month_by_its_last_project_report(world, projects):
    obligation = declare(world)
    assert states(obligation, world.street_a) == [
        ("2023-05", ON_TIME, dt.date(2023, 5, 24)),
        ("2023-06", MISSING, None),  # XM-A2 is missing: the street has not filed
        ("2023-07", PENDING, None),
    ]
    assert [s[:2] for s in states(obligation, world.street_b)] == [
        ("2023-05", LATE),
        ("2023-06", ON_TIME),
        ("2023-07", PENDING),
    ]
    # The department has no construction project: nothing owed is nothing missing.
    assert [s[1] for s in states(obligation, world.department)] == [ON_TIME] * 3


def test_it_counts_the_monthly_reports_in_the_reporting_metrics(world, projects):
    declare(world)
    keys = ("reporting.rate", "reporting.late", "reporting.missing", "reporting.expected")
    street_a = compute_many(keys, world.street_a, parse_period("2023Q2"))
    assert street_a["reporting.expected"].value == 2
    assert street_a["reporting.missing"].value == 1
    assert street_a["reporting.rate"].text == "50.0%"
    zone = compute_many(keys, world.root, parse_period("2023-05"))
    assert zone["reporting.expected"].value == 3 and zone["reporting.late"].value == 1


def test_an_import_and_its_undo_move_the_records_at_once(world, projects):
    obligation = declare(world)
    batch = import_sheet(
        "project_reports",
        REPORT_HEADER,
        [["XM-A2", "2023-06", "1.5", "60%", "主体施工"]],
        world.users["clerk"],
    )
    assert batch.status == "committed"
    june = ("2023-06", LATE, dt.date(2023, 7, 3))  # complete today, after 25 June
    assert states(obligation, world.street_a)[1] == june
    ledger_services.undo_batch(batch)
    assert states(obligation, world.street_a)[1] == ("2023-06", MISSING, None)
