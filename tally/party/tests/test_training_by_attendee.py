"""Training by the attendee: for subtree figures and breakdowns an attendance row counts
under the attendee's organisation on the class's start date (from the membership
history), whoever organised the class; the class itself counts under its organiser. The
organisation is written with the row and kept right when a member is transferred, an
import moves or is undone, or a class's date changes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tally.ledgers import services as ledger_services
from tally.lib.periods import parse_period
from tally.metrics.engine import children_figures, compute
from tally.party.models import Attendance
from tally.party.services import transfer_member
from tally.testing.sheets import import_sheet

from .conftest import (
    ATTENDANCE_HEADER,
    CLASS_HEADER,
    MEMBER_HEADER,
    add_class,
    id_number,
    member_row,
)

pytestmark = pytest.mark.django_db
H1 = parse_period("2023H1")


def attend(training_class, *members):
    """Through the record's own save, as a form does."""
    for member in members:
        Attendance(training_class=training_class, member=member).save()


def person_times(org, period=H1, key="training.person_times"):
    return compute(key, org, period).value


def by_child(org, key="training.person_times"):
    return {figure.org.code: figure.value for figure in children_figures(key, org, H1)}


@pytest.fixture
def zone_class(world):
    return add_class("PX-1", "2023-03-01", organizer=world.root)


def test_it_counts_a_district_class_under_each_attendees_street(world, make_member, zone_class):
    # Every street showed 0 person-times: district classes counted under the zone.
    attend(zone_class, make_member(1, world.village_a), make_member(2, world.community_a))
    attend(zone_class, make_member(3, world.village_b), make_member(4, world.department))
    assert person_times(world.root) == 4
    assert person_times(world.street_a) == 2
    assert person_times(world.community_a) == 1
    assert by_child(world.root) == {"Z-A": 2, "Z-B": 1, "Z-D1": 1}
    # The class itself still counts under its organiser.
    assert compute("training.classes", world.root, H1).value == 1
    assert compute("training.classes", world.street_a, H1).value == 0


def test_it_counts_classes_for_non_public_organisations_by_attendee_too(world, make_member):
    two_new = add_class("LX-1", "2023-04-01", organizer=world.root, audience="两新组织")
    attend(two_new, make_member(1, world.two_new_a), make_member(2, world.village_b))
    key = "training.two_new.person_times"
    assert (person_times(world.street_a, key=key), person_times(world.street_b, key=key)) == (1, 1)


def test_it_agrees_with_coverage_for_every_organisation(world, make_member, zone_class):
    members = [
        make_member(i, org)
        for i, org in enumerate(
            (world.village_a, world.community_a, world.village_b, world.two_new_a, world.department)
        )
    ]
    attend(zone_class, *members)
    for child in children_figures("training.trained_members", world.root, H1):
        assert by_child(world.root)[child.org.code] == child.value, child.org.code
    for child in children_figures("training.trained_members", world.street_a, H1):
        assert by_child(world.street_a)[child.org.code] == child.value, child.org.code


def test_it_counts_a_row_where_the_member_was_on_the_classs_first_day(world, make_member):
    member = make_member(1, world.village_a)
    march = add_class("PX-3", "2023-03-01", organizer=world.root)
    june = add_class("PX-6", "2023-06-01", organizer=world.root)
    attend(march, member)
    attend(june, member)
    assert person_times(world.street_a) == 2
    # A transfer dated back before June moves June's row, not March's.
    transfer_member(member, world.village_b, dt.date(2023, 5, 10), by=world.users["admin"])
    assert (person_times(world.street_a), person_times(world.street_b)) == (1, 1)
    rows = dict(Attendance.objects.values_list("training_class__number", "attendee_org__code"))
    assert rows == {"PX-3": "Z-A-1", "PX-6": "Z-B-1"}


def test_it_recounts_a_class_whose_start_date_moves(world, make_member):
    member = make_member(1, world.village_a)
    transfer_member(member, world.village_b, dt.date(2023, 5, 10), by=world.users["admin"])
    training_class = add_class("PX-1", "2023-04-01", organizer=world.root)
    attend(training_class, member)
    assert person_times(world.street_a) == 1
    training_class.start_date = dt.date(2023, 6, 1)
    training_class.save()
    assert (person_times(world.street_a), person_times(world.street_b)) == (0, 1)


def test_it_counts_before_the_history_begins_under_the_first_organisation(world, make_member):
    # Entered without a joining date, a member's history starts on the day of the entry.
    member = make_member(1, world.community_a, join_date=None)
    assert member.history.get().valid_from == timezone.localdate()
    attend(add_class("PX-1", "2023-03-01", organizer=world.root), member)
    assert person_times(world.street_a) == 1 and person_times(world.root) == 1


def test_it_counts_imported_rows_by_attendee_and_recounts_an_undone_class_import(
    world, make_member
):
    member = make_member(1, world.village_a)
    transfer_member(member, world.village_b, dt.date(2023, 5, 10), by=world.users["admin"])
    office = world.users["office"]
    first = [["PX-1", "冬训班", "区级", "党员干部", "Z", "2023-04-01"]]
    assert import_sheet("training_classes", CLASS_HEADER, first, office).status == "committed"
    rows = [["PX-1", id_number(1)]]
    assert import_sheet("training_attendance", ATTENDANCE_HEADER, rows, office).status == (
        "committed"
    )
    assert Attendance.objects.get().attendee_org == world.village_a
    moved = [["PX-1", "冬训班", "区级", "党员干部", "Z", "2023-06-01"]]
    batch = import_sheet("training_classes", CLASS_HEADER, moved, office)
    assert Attendance.objects.get().attendee_org == world.village_b
    ledger_services.undo_batch(batch)
    assert Attendance.objects.get().attendee_org == world.village_a


def test_it_follows_a_member_moved_by_an_import_and_back_by_its_undo(world, make_member):
    member = make_member(1, world.village_a)
    today_class = add_class("PX-T", timezone.localdate(), organizer=world.root)
    attend(today_class, member)
    assert Attendance.objects.get().attendee_org == world.village_a
    # A members file with another organisation moves the member from today on.
    batch = import_sheet("members", MEMBER_HEADER, [member_row(1, "Z-B-1")], world.users["office"])
    assert batch.status == "committed", batch.errors
    assert Attendance.objects.get().attendee_org == world.village_b
    ledger_services.undo_batch(batch)
    assert Attendance.objects.get().attendee_org == world.village_a


def test_it_shows_the_rows_behind_the_figure_as_a_person_reads_them(world, login, make_member):
    zone_class = add_class("PX-1", "2023-03-01", organizer=world.root)
    attend(zone_class, make_member(1, world.village_a, name="王小明"))
    attend(zone_class, make_member(2, world.village_b, name="李小红"))
    url = reverse("metrics:detail", args=["training.person_times"])
    response = login("clerk").get(url, {"period": "2023H1"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.context["result"].value == 1  # her street's member at the zone's class
    headers = [column.header for column in response.context["ledger"].listed_columns]
    assert headers == ["姓名", "身份证号", "培训班编号", "培训班名称", "开始日期", "所在组织"]
    [(_obj, cells)] = response.context["rows"]
    masked = id_number(1)[:3] + "*" * 11 + id_number(1)[-4:]
    assert cells == ["王小明", masked, "PX-1", "培训班PX-1", dt.date(2023, 3, 1), "甲一村党支部"]
    page = response.content.decode()
    assert "李小红" not in page and id_number(1) not in page


def test_it_groups_children_in_one_query_whatever_the_number_of_rows(world, make_member):
    zone_class = add_class("PX-1", "2023-03-01", organizer=world.root)
    attend(zone_class, make_member(1, world.village_a))
    with CaptureQueriesContext(connection) as few:
        children_figures("training.person_times", world.root, H1)
    attend(zone_class, *[make_member(i, world.village_b) for i in range(2, 12)])
    with CaptureQueriesContext(connection) as many:
        assert by_child(world.root)["Z-B"] == 10
    assert len(many) == len(few)
    # The subtree is found through the attendee's organisation, by its path prefix.
    sql = many[-1]["sql"]
    assert "attendee_org_id" in sql and "LIKE" in sql.upper()
