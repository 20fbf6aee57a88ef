"""Training pages: classes with attendees, coverage by organisation, the untrained list
and its export, and a member's own record."""

import datetime as dt

import pytest
from django.urls import reverse

from tally.accounts.models import SecurityEvent
from tally.ledgers.reading import read_table
from tally.party.models import Attendance, TrainingClass
from tally.party.services import refresh_attendance_of_classes

from .conftest import id_number

pytestmark = pytest.mark.django_db


def add_class(number, organizer, start, level="区级", hours=8):
    return TrainingClass.objects.create(
        number=number,
        name=f"培训班{number}",
        level=level,
        audience="党员干部",
        organizer=organizer,
        start_date=dt.date.fromisoformat(start),
        hours=hours,
    )


@pytest.fixture
def trained_world(world, make_member):
    """Street A: 3 members, 2 trained; street B: 2 members, both trained."""
    a = [make_member(i, world.village_a if i < 3 else world.community_a) for i in range(1, 4)]
    b = [make_member(i, world.village_b) for i in range(11, 13)]
    zone_class = add_class("PX-1", world.root, "2023-03-01")
    street_class = add_class("PX-2", world.street_a, "2023-04-01", level="街道级", hours=4)
    Attendance.objects.bulk_create(
        [Attendance(training_class=zone_class, member=m) for m in (a[0], *b)]
        + [Attendance(training_class=street_class, member=m) for m in a[:2]]
    )
    refresh_attendance_of_classes([zone_class.pk, street_class.pk])
    return {"a": a, "b": b, "zone_class": zone_class, "street_class": street_class}


def test_it_shows_coverage_of_each_child(world, login, trained_world):
    response = login("leader").get(reverse("party:coverage"), {"period": "2023H1"})
    assert response.status_code == 200
    context = response.context
    assert (context["total"]["members"], context["total"]["trained"]) == (5, 4)
    rows = {row["org"].code: row for row in context["rows"]}
    assert rows["Z-A"]["text"] == "66.7%"
    assert rows["Z-A"]["untrained"] == 1
    assert rows["Z-B"]["text"] == "100.0%"
    assert reverse("party:untrained", args=["Z-A"]) in response.content.decode()


def test_it_drills_into_a_street(world, login, trained_world):
    response = login("clerk").get(reverse("party:coverage"), {"period": "2023H1"})
    assert response.context["org"] == world.street_a
    rows = {row["org"].code: row["percent"] for row in response.context["rows"]}
    assert rows == {"Z-A-1": 100, "Z-A-2": 0}


def test_it_lists_the_untrained_members(world, login, trained_world):
    response = login("clerk").get(reverse("party:untrained", args=["Z-A"]), {"period": "2023H1"})
    names = [member.name for member, _id, _phone in response.context["rows"]]
    assert names == ["党员3"]
    assert id_number(3) not in response.content.decode()


def test_it_exports_the_untrained_list_masked_as_a_security_event(world, login, trained_world):
    url = reverse("party:untrained_export", args=["Z-A"])
    response = login("clerk").get(url, {"period": "2023H1"})
    assert response.status_code == 200
    table = read_table(response.content)
    assert table.rows[0][:3] == ["姓名", "性别", "身份证号"]
    assert [row[0] for row in table.rows[1:]] == ["党员3"]
    assert table.rows[1][2] == id_number(3)[:3] + "*" * 11 + id_number(3)[-4:]
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.EXPORT)
    assert "ledger=members rows=1 unmasked=no" in event.detail
    assert "untrained org=Z-A period=2023H1" in event.detail


def test_it_lists_classes_with_their_attendance(world, login, trained_world):
    response = login("office").get(reverse("party:classes"), {"period": "2023H1"})
    assert response.context["totals"] == {"classes": 2, "people": 5}
    people = {c.number: c.people for c in response.context["page_obj"].object_list}
    assert people == {"PX-1": 3, "PX-2": 2}


def test_it_shows_a_class_and_its_attendees_masked(world, login, trained_world):
    url = reverse("party:class_detail", args=[trained_world["street_class"].pk])
    response = login("clerk").get(url)
    page = response.content.decode()
    assert "党员1" in page and "党员2" in page and "党员3" not in page
    assert id_number(1) not in page
    zone_url = reverse("party:class_detail", args=[trained_world["zone_class"].pk])
    assert login("clerk").get(zone_url).status_code == 404


def test_it_shows_a_member_their_own_training(world, login, trained_world):
    member = trained_world["a"][0]
    member.user = world.users["member"]
    member.save()
    response = login("member").get(reverse("party:my_training"), {"year": "2023"})
    assert response.context["totals"]["classes"] == 2
    assert response.context["totals"]["hours"] == 12
    page = response.content.decode()
    assert "培训班PX-1" in page and "培训班PX-2" in page


def test_it_tells_a_user_without_a_member_record(world, login):
    response = login("member").get(reverse("party:my_training"), HTTP_ACCEPT_LANGUAGE="en")
    assert "not linked to a party member record" in response.content.decode()


def test_it_names_the_rows_behind_a_training_figure_once(world, login, trained_world):
    # "构成该数值的参训记录记录 1520 条": the ledger's name already says 记录.
    url = reverse("metrics:detail", args=["training.person_times"])
    response = login("office").get(url, {"org": "Z", "period": "2023H1"})
    page = response.content.decode()
    assert "构成该数值的明细：参训记录 3 条" in page
    assert "记录记录" not in page
