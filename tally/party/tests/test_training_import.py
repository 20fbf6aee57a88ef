"""Importing training classes and attendance: persons found by ID number, one row per
person per class, rows owned by the class's organiser."""

import pytest
from django.utils.translation import override

from tally.lib.masking import UNMASKED_ID_PATTERN
from tally.party.models import Attendance, TrainingClass
from tally.testing.sheets import import_sheet

from .conftest import id_number

pytestmark = pytest.mark.django_db

CLASS_HEADER = [
    "培训班编号",
    "培训班名称",
    "层级",
    "培训对象",
    "主办组织编码",
    "开始日期",
    "结束日期",
    "学时",
]
ATTENDANCE_HEADER = ["培训班编号", "身份证号"]


@pytest.fixture
def classes(world):
    rows = [
        ["PX-A", "甲街道党员培训班", "街道级", "党员干部", "Z-A", "2023-03-01", "2023-03-02", "8"],
        ["PX-B", "乙街道党员培训班", "街道级", "党员干部", "Z-B", "2023-03-01", "", "4"],
    ]
    batch = import_sheet("training_classes", CLASS_HEADER, rows, world.users["office"])
    assert batch.status == "committed", batch.errors
    return {c.number: c for c in TrainingClass.objects.all()}


def test_it_imports_attendance_by_id_number(world, classes, make_member):
    first, second = make_member(1, world.village_a), make_member(2, world.village_b)
    rows = [["PX-A", id_number(1)], ["PX-A", id_number(2).lower()]]
    batch = import_sheet("training_attendance", ATTENDANCE_HEADER, rows, world.users["clerk"])
    assert batch.status == "committed", batch.errors
    assert set(Attendance.objects.values_list("training_class__number", "member")) == {
        ("PX-A", first.pk),
        ("PX-A", second.pk),
    }
    again = import_sheet("training_attendance", ATTENDANCE_HEADER, rows, world.users["clerk"])
    assert again.counts["unchanged"] == 2
    assert Attendance.objects.count() == 2


def test_it_refuses_an_unknown_person_without_showing_the_number(world, classes, make_member):
    make_member(1, world.village_a)
    rows = [["PX-A", id_number(1)], ["PX-A", id_number(9)]]
    with override("en"):
        batch = import_sheet("training_attendance", ATTENDANCE_HEADER, rows, world.users["clerk"])
    assert batch.error_count == 1
    error = batch.errors[0]
    assert (error["line"], error["column"]) == (3, "身份证号")
    assert "No party member has the code" in error["message"]
    assert id_number(9) not in str(batch.errors)
    assert not UNMASKED_ID_PATTERN.search(str(batch.errors))
    assert not Attendance.objects.exists()


def test_it_refuses_a_duplicate_attendance_row(world, classes, make_member):
    make_member(1, world.village_a)
    rows = [["PX-A", id_number(1)], ["PX-A", id_number(1)]]
    with override("en"):
        batch = import_sheet("training_attendance", ATTENDANCE_HEADER, rows, world.users["clerk"])
    assert batch.error_count == 1
    assert batch.errors[0]["line"] == 3
    assert "Same 培训班编号、身份证号 as row 2" in batch.errors[0]["message"]
    assert not Attendance.objects.exists()


def test_it_refuses_attendance_of_another_streets_class(world, classes, make_member):
    make_member(1, world.village_a)
    with override("en"):
        batch = import_sheet(
            "training_attendance", ATTENDANCE_HEADER, [["PX-B", id_number(1)]], world.users["clerk"]
        )
    assert "outside the organisations you may change" in batch.errors[0]["message"]
    assert not Attendance.objects.exists()


def test_it_refuses_an_unknown_class_and_a_wrong_check_digit(world, classes, make_member):
    make_member(1, world.village_a)
    wrong = id_number(1)[:17] + ("1" if id_number(1)[17] != "1" else "2")
    rows = [["PX-Z", id_number(1)], ["PX-A", wrong]]
    with override("en"):
        batch = import_sheet("training_attendance", ATTENDANCE_HEADER, rows, world.users["clerk"])
    messages = [e["message"] for e in batch.errors]
    assert "No training class has the code “PX-Z”." in messages
    assert any("does not add up" in m for m in messages)
    assert not Attendance.objects.exists()


def test_it_refuses_a_class_ending_before_it_starts(world):
    row = ["PX-C", "培训班", "区级", "党员干部", "Z", "2023-03-05", "2023-03-01", "8"]
    with override("en"):
        batch = import_sheet("training_classes", CLASS_HEADER, [row], world.users["office"])
    assert batch.errors[0]["column"] == "结束日期"
    assert "ends before it starts" in batch.errors[0]["message"]
    assert not TrainingClass.objects.exists()
