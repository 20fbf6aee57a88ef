"""Reporting obligations: for each unit and period on time, late or missing; the reporting
rate of a unit with one late and one missing report; any ledger can be an obligation
(the default receipts, or a module's own); one-click 催报 chases each missing unit once."""

import datetime as dt

import pytest
import time_machine

from tally.ledgers.models import GenericRecord, LedgerType
from tally.lib.periods import parse_period
from tally.metrics.engine import compute_many
from tally.supervision import obligations, services
from tally.supervision.models import (
    Notification,
    Obligation,
    ReportingRecord,
    ReportState,
    WeeklyFiling,
)
from tally.supervision.obligations import (
    due_on,
    refresh_obligation,
    register_receipts,
)

KEYS = ("reporting.rate", "reporting.late", "reporting.missing", "reporting.expected")


def weekly(world, **extra):
    fields = {
        "ledger_key": "weekly_filings",
        "name": "我的这7天",
        "frequency": "weekly",
        "due_day": 7,
        "unit_kinds": [],
        "starts_on": dt.date(2023, 6, 5),  # Monday of 2023-W23
        "active": True,
    } | extra
    return services.declare_obligation(
        fields, by=world.users["office"], units=[world.street_a, world.street_b]
    )


def filed(unit, week, on):
    return WeeklyFiling.objects.create(unit=unit, week=week, done="工作", submitted_on=on)


def states(obligation, unit):
    rows = ReportingRecord.objects.filter(obligation=obligation, unit=unit).order_by("period")
    return [(r.period, r.state) for r in rows]


@pytest.fixture(autouse=True)
def midsummer():
    with time_machine.travel(dt.datetime(2023, 7, 3, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_it_tells_on_time_late_and_missing_for_each_unit_and_week(world):
    filed(world.street_a, "2023-W23", dt.date(2023, 6, 11))  # the Sunday: on time
    filed(world.street_a, "2023-W24", dt.date(2023, 6, 19))  # Monday after: late
    filed(world.street_a, "2023-W26", dt.date(2023, 6, 30))
    filed(world.street_a, "2023-W27", dt.date(2023, 7, 3))
    obligation = weekly(world)
    assert states(obligation, world.street_a) == [
        ("2023-W23", ReportState.ON_TIME),
        ("2023-W24", ReportState.LATE),
        ("2023-W25", ReportState.MISSING),
        ("2023-W26", ReportState.ON_TIME),
        ("2023-W27", ReportState.ON_TIME),  # filed before it is due
    ]
    assert states(obligation, world.street_b)[-1] == ("2023-W27", ReportState.PENDING)


def test_it_gives_the_reporting_rate_of_a_unit_with_one_late_and_one_missing_report(world):
    filed(world.street_a, "2023-W23", dt.date(2023, 6, 11))
    filed(world.street_a, "2023-W24", dt.date(2023, 6, 20))  # late
    filed(world.street_a, "2023-W26", dt.date(2023, 6, 25))  # W25 missing
    weekly(world)
    june = parse_period("2023-06")
    figures = compute_many(KEYS, world.street_a, june)
    # Due in June: the Sundays 11, 18 and 25 June; W26 is due on 2 July.
    assert figures["reporting.expected"].value == 3
    assert figures["reporting.late"].value == 1
    assert figures["reporting.missing"].value == 1
    assert figures["reporting.rate"].text == "33.3%"
    zone = compute_many(KEYS, world.root, parse_period("2023-W24"))
    assert zone["reporting.expected"].value == 2 and zone["reporting.missing"].value == 1


def test_it_dues_monthly_reports_by_a_day_and_caps_it_at_the_month_end(world):
    obligation = Obligation(frequency="monthly", due_day=31, starts_on=dt.date(2023, 1, 1))
    assert due_on(obligation, parse_period("2023-02")) == dt.date(2023, 2, 28)
    obligation.due_day = 25
    assert due_on(obligation, parse_period("2023-06")) == dt.date(2023, 6, 25)


def test_it_answers_any_ledger_from_its_rows_without_registration(world):
    ledger_type = LedgerType.objects.get(key="events")
    GenericRecord.objects.create(
        ledger_type=ledger_type,
        org=world.village_a,
        date=dt.date(2023, 6, 10),
        data={"name": "大家谈", "category": "能力作风建设大家谈", "date": "2023-06-10"},
        natural_key="大家谈|2023-06-10",
    )
    obligation = services.declare_obligation(
        {
            "ledger_key": "events",
            "name": "活动月报",
            "frequency": "monthly",
            "due_day": 25,
            "unit_kinds": ["街道党工委"],
            "starts_on": dt.date(2023, 6, 1),
            "active": True,
        },
        by=world.users["office"],
    )
    june = dict(states(obligation, world.street_a))["2023-06"]
    assert june == ReportState.LATE  # the June row was written today, 3 July: after the 25th
    record = ReportingRecord.objects.get(
        obligation=obligation, unit=world.street_a, period="2023-06"
    )
    assert record.received_on == dt.date(2023, 7, 3) and record.due_on == dt.date(2023, 6, 25)


def test_it_lets_a_module_say_how_its_reports_arrive(world, monkeypatch):
    monkeypatch.setattr(obligations, "_RECEIPTS", dict(obligations._RECEIPTS))
    register_receipts("project_reports", lambda units, period: {world.street_b.pk: period.start})
    obligation = Obligation.objects.create(
        ledger_key="project_reports",
        name="项目月报",
        frequency="monthly",
        due_day=25,
        starts_on=dt.date(2023, 6, 1),
    )
    obligation.units.set([world.street_a, world.street_b])
    refresh_obligation(obligation)
    assert states(obligation, world.street_b)[0] == ("2023-06", ReportState.ON_TIME)
    assert states(obligation, world.street_a)[0] == ("2023-06", ReportState.MISSING)


def test_it_chases_each_missing_unit_once_a_day(world):
    obligation = weekly(world)
    office = world.users["office"]
    assert services.chase_missing(obligation, "2023-W25", by=office) == 2
    assert services.chase_missing(obligation, "2023-W25", by=office) == 0
    assert Notification.objects.filter(org=world.street_a, title__contains="我的这7天").count() == 1


def test_it_refuses_an_obligation_without_units_or_with_a_day_outside_the_week(world):
    with pytest.raises(services.SupervisionError):
        weekly(world, due_day=8)
    with pytest.raises(services.SupervisionError):
        services.declare_obligation(
            {
                "ledger_key": "weekly_filings",
                "name": "x",
                "frequency": "weekly",
                "due_day": 7,
                "unit_kinds": [],
                "starts_on": dt.date(2023, 6, 5),
                "active": True,
            },
            by=world.users["office"],
        )
    assert not Obligation.objects.exists()


def page_queries(client, obligation) -> int:
    from django.db import connection
    from django.urls import reverse

    statements = []
    path = reverse("supervision:obligation_detail", args=[obligation.pk]) + "?period=2023-W26"

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


def test_its_page_makes_as_many_queries_for_an_old_obligation_as_for_a_new_one(world, login):
    """The page refreshes the periods it shows, not every one since the start (a query
    each: 183 for a weekly obligation three years old); what arrived shows at once."""
    client = login("office")
    new = weekly(world, starts_on=dt.date(2023, 5, 1))  # 2023-W18: more than shown
    old = weekly(world, name="老的报送", starts_on=dt.date(2020, 1, 6))
    assert page_queries(client, old) == page_queries(client, new)
    filed(world.street_b, "2023-W26", dt.date(2023, 6, 30))  # not through the service
    page_queries(client, old)
    assert dict(states(old, world.street_b))["2023-W26"] == ReportState.ON_TIME
