"""Importing the six community ledgers with DOMAIN.md's headers: good files, re-imports
that change nothing, and bad input refused in plain language with nothing written."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from tally.community import services
from tally.community.models import (
    Commitment,
    Participation,
    Registration,
    VolunteerActivity,
    VolunteerTeam,
    Wish,
    WishStatus,
)
from tally.ledgers import services as ledger_services
from tally.ledgers.models import ImportBatch
from tally.ledgers.registry import get_ledger
from tally.lib.masking import UNMASKED_ID_PATTERN
from tally.testing.sheets import import_sheet

from .factories import id_number, make_wish, messages_of


@pytest.fixture(autouse=True)
def english():
    """The assertions read the reasons in English, whatever the catalogue says."""
    with translation.override("en"):
        yield


COMMITTED = ImportBatch.Status.COMMITTED
REGISTRATION = ["身份证号", "报到社区编码", "报到日期"]
COMMITMENT = ["身份证号", "社区编码", "承诺内容", "承诺日期", "状态", "完成日期"]
PARTICIPATION = ["身份证号", "社区编码", "活动名称", "参与日期"]
WISH = [
    "心愿编号",
    "社区编码",
    "心愿内容",
    "发布日期",
    "认领人身份证号",
    "认领单位编码",
    "认领日期",
    "状态",
    "完成日期",
]
TEAM = ["队伍编号", "队伍名称", "所属组织编码", "服务对象", "成立日期"]
ACTIVITY = ["队伍编号", "活动名称", "活动日期", "服务对象", "参与人数", "服务时长(小时)"]


def assert_refused(batch, *fragments):
    assert batch.status == ImportBatch.Status.PREVIEW and batch.error_count > 0
    text = " ".join(messages_of(batch))
    for fragment in fragments:
        assert fragment in text, text
    assert not UNMASKED_ID_PATTERN.search(str(batch.errors)), batch.errors


# --- registrations ---------------------------------------------------------------------


def test_it_imports_registrations_and_a_second_import_changes_nothing(world, people):
    rows = [[id_number(1), "Z-A-2", "2023-03-05"], [id_number(3), "Z-B-2", "2023年4月1日"]]
    batch = import_sheet("registrations", REGISTRATION, rows, world.users["admin"])
    assert batch.status == COMMITTED, batch.errors
    assert Registration.objects.get(member=people.me).registered_on == dt.date(2023, 3, 5)
    again = import_sheet("registrations", REGISTRATION, rows, world.users["admin"])
    assert again.counts["unchanged"] == 2 and again.counts["new"] == 0


def test_it_moves_a_registration_when_the_member_registers_elsewhere(world, people):
    import_sheet(
        "registrations", REGISTRATION, [[id_number(1), "Z-A-2", "2023-03-05"]], world.users["admin"]
    )
    batch = import_sheet(
        "registrations", REGISTRATION, [[id_number(1), "Z-B-2", "2023-08-01"]], world.users["admin"]
    )
    assert batch.counts["changed"] == 1
    registration = Registration.objects.get(member=people.me)
    assert (registration.community, registration.registered_on) == (
        world.community_b,
        dt.date(2023, 8, 1),
    )
    assert Registration.objects.count() == 1


def test_it_refuses_a_registration_at_an_organisation_that_is_not_a_community(world, people):
    rows = [[id_number(1), "Z-A-1", "2023-03-05"]]
    batch = import_sheet("registrations", REGISTRATION, rows, world.users["admin"])
    assert_refused(batch, "甲一村党支部", "社区党组织")
    assert not Registration.objects.exists()


def test_it_refuses_an_unknown_person_without_showing_the_number(world, people):
    unknown = id_number(77)
    batch = import_sheet(
        "registrations", REGISTRATION, [[unknown, "Z-A-2", "2023-03-05"]], world.users["admin"]
    )
    assert_refused(batch)
    assert batch.errors[0]["column"] == "身份证号"
    assert unknown not in str(batch.errors)
    assert not Registration.objects.exists()


def test_it_refuses_a_mistyped_id_number(world, people):
    typo = id_number(1)[:-1] + ("0" if id_number(1)[-1] != "0" else "1")
    batch = import_sheet(
        "registrations", REGISTRATION, [[typo, "Z-A-2", "2023-03-05"]], world.users["admin"]
    )
    assert_refused(batch)
    assert not Registration.objects.exists()


def test_it_refuses_the_same_member_twice_in_one_file(world, people):
    rows = [[id_number(1), "Z-A-2", "2023-03-05"], [id_number(1), "Z-B-2", "2023-03-06"]]
    batch = import_sheet("registrations", REGISTRATION, rows, world.users["admin"])
    assert_refused(batch, "row 2")
    assert not Registration.objects.exists()


def test_it_refuses_a_registration_outside_the_clerks_subtree(world, people):
    rows = [[id_number(3), "Z-B-2", "2023-03-05"]]
    batch = import_sheet("registrations", REGISTRATION, rows, world.users["clerk"])
    assert_refused(batch, "乙二社区党委")
    assert not Registration.objects.exists()


# --- commitments and participations -----------------------------------------------------


def test_it_imports_commitments_and_checks_their_status(world, people):
    rows = [
        [id_number(1), "Z-A-2", "每月义务理发一次", "2023-03-05", "已完成", "2023-04-01"],
        [id_number(2), "Z-A-2", "结对帮扶困难家庭", "2023-03-06", "进行中", ""],
    ]
    batch = import_sheet("commitments", COMMITMENT, rows, world.users["clerk"])
    assert batch.status == COMMITTED, batch.errors
    assert Commitment.objects.count() == 2
    bad = [
        [id_number(1), "Z-A-2", "宣传反诈", "2023-03-05", "已完成", ""],
        [id_number(2), "Z-A-2", "清理楼道", "2023-03-05", "进行中", "2023-03-09"],
        [id_number(2), "Z-A-2", "陪老人就医", "2023-03-05", "已完成", "2023-03-01"],
    ]
    refused = import_sheet("commitments", COMMITMENT, bad, world.users["clerk"])
    assert refused.error_count == 3
    assert Commitment.objects.count() == 2


def test_it_imports_participations(world, people):
    rows = [
        [id_number(1), "Z-A-2", "社区环境整治", "2023-04-15"],
        [id_number(1), "Z-A-2", "社区环境整治", "2023-05-15"],
    ]
    batch = import_sheet("participations", PARTICIPATION, rows, world.users["clerk"])
    assert batch.status == COMMITTED, batch.errors
    assert Participation.objects.filter(member=people.me).count() == 2


# --- wishes -------------------------------------------------------------------------------


def wish_row(number, *, claimer="", unit="", claimed="", status="待认领", done=""):
    return [
        number,
        "Z-A-2",
        "为独居老人修理水龙头",
        "2023-03-01",
        claimer,
        unit,
        claimed,
        status,
        done,
    ]


def test_it_imports_wishes_in_each_state(world, people):
    rows = [
        wish_row("WX-1"),
        wish_row("WX-2", claimer=id_number(1), claimed="2023-03-02", status="已认领"),
        wish_row("WX-3", unit="Z-D1", claimed="2023-03-02", status="已完成", done="2023-03-09"),
    ]
    batch = import_sheet("wishes", WISH, rows, world.users["clerk"])
    assert batch.status == COMMITTED, batch.errors
    assert Wish.objects.get(number="WX-2").claimer == people.me
    assert Wish.objects.get(number="WX-3").claiming_unit == world.department
    again = import_sheet("wishes", WISH, rows, world.users["clerk"])
    assert again.counts["unchanged"] == 3


def test_it_refuses_a_wish_claimed_twice_in_one_file(world, people):
    rows = [
        wish_row("WX-1", claimer=id_number(1), claimed="2023-03-02", status="已认领"),
        wish_row("WX-1", claimer=id_number(1), claimed="2023-03-02", status="已认领"),
    ]
    assert_refused(import_sheet("wishes", WISH, rows, world.users["clerk"]), "心愿编号", "row 2")
    assert not Wish.objects.exists()


def test_it_refuses_one_wish_claimed_by_two_people_in_one_file(world, people):
    rows = [
        wish_row("WX-1", claimer=id_number(1), claimed="2023-03-02", status="已认领"),
        wish_row("WX-1", claimer=id_number(2), claimed="2023-03-02", status="已认领"),
    ]
    assert_refused(import_sheet("wishes", WISH, rows, world.users["clerk"]), "心愿编号")
    assert not Wish.objects.exists()


def test_it_refuses_a_file_giving_a_claimed_wish_to_someone_else(world, people):
    make_wish(
        world.community_a,
        "WX-1",
        claimer=people.neighbour,
        claimed_on=dt.date(2023, 3, 2),
        status=WishStatus.CLAIMED,
    )
    rows = [wish_row("WX-1", claimer=id_number(1), claimed="2023-03-02", status="已认领")]
    assert_refused(import_sheet("wishes", WISH, rows, world.users["clerk"]), "claimed once")
    assert Wish.objects.get(number="WX-1").claimer == people.neighbour


def test_it_refuses_a_status_going_back(world, people):
    make_wish(
        world.community_a,
        "WX-1",
        claimer=people.me,
        claimed_on=dt.date(2023, 3, 2),
        status=WishStatus.DONE,
        completed_on=dt.date(2023, 3, 9),
    )
    rows = [wish_row("WX-1", claimer=id_number(1), claimed="2023-03-02", status="已认领")]
    assert_refused(import_sheet("wishes", WISH, rows, world.users["clerk"]), "cannot go back")


def test_it_refuses_inconsistent_wish_rows(world, people):
    rows = [
        wish_row("WX-1", claimer=id_number(1)),  # waiting, yet a claimer
        wish_row("WX-2", status="已认领"),  # claimed by nobody, no date
        wish_row("WX-3", unit="Z-D1", claimed="2023-02-01", status="已认领"),  # before 发布日期
        wish_row("WX-4", unit="Z-D1", claimed="2023-03-02", status="已完成"),  # no 完成日期
    ]
    batch = import_sheet("wishes", WISH, rows, world.users["clerk"])
    lines = {error["line"] for error in batch.errors}
    assert lines == {2, 3, 4, 5}, batch.errors
    assert not Wish.objects.exists()


def test_it_records_a_claim_made_in_a_file_like_the_workflow(world, people):
    wish = make_wish(world.community_a, "WX-1")
    rows = [wish_row("WX-1", claimer=id_number(1), claimed="2023-03-02", status="已认领")]
    batch = import_sheet("wishes", WISH, rows, world.users["clerk"])
    assert batch.status == COMMITTED, batch.errors
    wish.refresh_from_db()
    assert (wish.claimer, wish.status, wish.version) == (people.me, WishStatus.CLAIMED, 1)
    assert wish.claimed_by == world.users["clerk"]


# --- volunteers -------------------------------------------------------------------------


def test_it_imports_teams_then_their_activities(world):
    teams = [["ZYD-1", "甲二社区银龄志愿服务队", "Z-A-2", "空巢老人", "2023-01-10"]]
    assert import_sheet("volunteer_teams", TEAM, teams, world.users["clerk"]).status == COMMITTED
    activities = [
        ["ZYD-1", "上门陪伴独居老人", "2023-05-20", "空巢老人", "12", "3.5"],
        ["ZYD-1", "为老人测血压", "2023-05-21", "", "", ""],
    ]
    batch = import_sheet("volunteer_activities", ACTIVITY, activities, world.users["clerk"])
    assert batch.status == COMMITTED, batch.errors
    first = VolunteerActivity.objects.get(name="上门陪伴独居老人")
    assert (first.team.number, first.participants, str(first.hours)) == ("ZYD-1", 12, "3.5")


def test_it_refuses_activities_of_an_unknown_team_or_another_street(world):
    VolunteerTeam.objects.create(
        number="ZYD-1",
        name="队",
        org=world.community_a,
        serves="其他",
        founded_on=dt.date(2023, 1, 1),
    )
    rows = [["ZYD-9", "活动", "2023-05-20", "", "", ""]]
    assert_refused(
        import_sheet("volunteer_activities", ACTIVITY, rows, world.users["clerk"]), "ZYD-9"
    )
    rows = [["ZYD-1", "活动", "2023-05-20", "", "-3", ""]]
    assert_refused(import_sheet("volunteer_activities", ACTIVITY, rows, world.users["clerk"]))
    rows = [["ZYD-1", "活动", "2023-05-20", "", "", ""]]
    assert_refused(
        import_sheet("volunteer_activities", ACTIVITY, rows, world.users["sibling_clerk"]),
        "甲二社区党委",
    )
    assert not VolunteerActivity.objects.exists()


def test_it_undoes_an_import_that_claimed_a_wish(world, people):
    wish = make_wish(world.community_a, "WX-1")
    rows = [wish_row("WX-1", claimer=id_number(1), claimed="2023-03-02", status="已认领")]
    batch = import_sheet("wishes", WISH, rows, world.users["clerk"])
    ledger_services.undo_batch(batch)
    wish.refresh_from_db()
    assert (wish.status, wish.claimer) == (WishStatus.WAITING, None)


def test_it_keeps_an_import_once_the_workflow_went_on(world, people):
    make_wish(world.community_a, "WX-1")
    rows = [wish_row("WX-1", claimer=id_number(1), claimed="2023-03-02", status="已认领")]
    batch = import_sheet("wishes", WISH, rows, world.users["clerk"])
    services.close_wish(Wish.objects.get(number="WX-1"), by=world.users["clerk"])
    assert ledger_services.undo_blockers(get_ledger("wishes"), batch)
    assert Wish.objects.get(number="WX-1").status == WishStatus.DONE


def test_it_reimports_its_own_export_without_changes(world, people, login):
    rows = [
        wish_row("WX-1"),
        wish_row("WX-2", claimer=id_number(1), claimed="2023-03-02", status="已认领"),
    ]
    import_sheet("wishes", WISH, rows, world.users["admin"])
    office = login("office")  # may see personal data: the unmasked export round-trips
    exported = office.post(
        reverse("ledgers:export_unmasked", args=["wishes"]), {"reason": "核对台账"}
    )
    assert exported.status_code == 200
    batch = ledger_services.start_import(
        get_ledger("wishes"),
        "wishes.xlsx",
        exported.content,
        user=world.users["admin"],
        inline=True,
    )
    assert batch.error_count == 0, batch.errors
    assert batch.counts["unchanged"] == 2
