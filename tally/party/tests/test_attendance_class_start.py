"""Each attendance row carries its class's start date (Attendance.class_start), so that
"trained this year" reads the attendance rows without joining every one to its class.
The date is written with the row and kept right whenever the class's start date moves:
a form, a save, an import, an undone import."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from tally.ledgers import services as ledger_services
from tally.lib.periods import parse_period
from tally.metrics.engine import compute
from tally.party.models import Attendance, TrainingClass
from tally.party.selectors import trained_members, untrained_members
from tally.testing.sheets import import_sheet

from .conftest import ATTENDANCE_HEADER, CLASS_HEADER, add_class, id_number

pytestmark = pytest.mark.django_db
DAY = dt.date(2023, 6, 30)


def class_starts():
    return dict(Attendance.objects.values_list("member__name", "class_start"))


def trained(org, day=DAY):
    return trained_members(org, day).count(), untrained_members(org, day).count()


def test_a_row_saved_one_at_a_time_carries_its_classs_start(world, make_member):
    training_class = add_class("PX-1", "2023-03-01", organizer=world.root)
    row = Attendance(training_class=training_class, member=make_member(1, world.village_a))
    row.save()
    assert row.class_start == dt.date(2023, 3, 1)
    assert Attendance.objects.get().class_start == dt.date(2023, 3, 1)


def test_moving_a_class_from_last_year_makes_its_attendees_trained(world, make_member):
    # Were class_start not kept up to date, the member would stay untrained in 2023.
    member, other = make_member(1, world.village_a), make_member(2, world.village_a)
    training_class = add_class("PX-1", "2022-11-01", organizer=world.root)
    Attendance(training_class=training_class, member=member).save()
    assert trained(world.street_a) == (0, 2)
    assert compute("training.trained_members", world.root, parse_period("2023H1")).value == 0
    training_class.start_date = dt.date(2023, 3, 1)
    training_class.save()
    assert Attendance.objects.get().class_start == dt.date(2023, 3, 1)
    assert trained(world.street_a) == (1, 1)
    assert list(trained_members(world.street_a, DAY)) == [member]
    assert compute("training.trained_members", world.root, parse_period("2023H1")).value == 1
    assert compute("training.person_times", world.root, parse_period("2023H1")).value == 1
    assert compute("training.person_times", world.root, parse_period("2022")).value == 0
    # And back: a class moved out of the year no longer counts.
    training_class.start_date = dt.date(2023, 7, 1)
    training_class.save()
    assert trained(world.street_a) == (0, 2)
    assert compute("training.person_times", world.root, parse_period("2023H1")).value == 0
    assert other.attendance.count() == 0


def test_a_form_that_moves_a_class_moves_its_rows(world, make_member, login):
    training_class = add_class("PX-1", "2022-11-01", organizer=world.root)
    Attendance(training_class=training_class, member=make_member(1, world.village_a)).save()
    form = {
        "number": "PX-1",
        "name": "培训班PX-1",
        "level": "区级",
        "audience": "党员干部",
        "organizer": world.root.code,
        "start_date": "2023-03-01",
        "end_date": "",
        "hours": "",
    }
    url = reverse("ledgers:detail", args=["training_classes", training_class.pk])
    response = login("office").post(url, form)
    assert response.status_code == 302, response.context["form"].errors
    assert Attendance.objects.get().class_start == dt.date(2023, 3, 1)
    assert trained(world.street_a) == (1, 0)


def test_imports_write_the_date_and_an_undone_class_import_restores_it(world, make_member):
    make_member(1, world.village_a, name="甲")
    office = world.users["office"]
    first = [["PX-1", "冬训班", "区级", "党员干部", "Z", "2022-12-01"]]
    assert import_sheet("training_classes", CLASS_HEADER, first, office).status == "committed"
    rows = [["PX-1", id_number(1)]]
    batch = import_sheet("training_attendance", ATTENDANCE_HEADER, rows, office)
    assert batch.status == "committed", batch.errors
    assert class_starts() == {"甲": dt.date(2022, 12, 1)}
    assert trained(world.street_a) == (0, 1)
    moved = [["PX-1", "冬训班", "区级", "党员干部", "Z", "2023-02-01"]]
    batch = import_sheet("training_classes", CLASS_HEADER, moved, office)
    assert batch.status == "committed", batch.errors
    assert class_starts() == {"甲": dt.date(2023, 2, 1)}
    assert trained(world.street_a) == (1, 0)
    ledger_services.undo_batch(batch)
    assert class_starts() == {"甲": dt.date(2022, 12, 1)}
    assert trained(world.street_a) == (0, 1)


def test_coverage_reads_the_attendance_rows_alone(world, make_member):
    add_class("PX-1", "2023-03-01", organizer=world.root)
    sql = str(trained_members(world.street_a, DAY).query)
    assert "class_start" in sql
    assert TrainingClass._meta.db_table not in sql


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_existing_rows_and_is_reversible(world, make_member):
    training_class = add_class("PX-1", "2023-03-01", organizer=world.root)
    Attendance(training_class=training_class, member=make_member(1, world.village_a)).save()
    Attendance.objects.update(class_start=None)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("party", "0005_attendance_class_org_index")])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert Attendance.objects.get().class_start == dt.date(2023, 3, 1)
    assert trained(world.street_a) == (1, 0)
