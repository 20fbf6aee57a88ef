"""A record's detail, edit and delete pages: the same checks as an import, scoped to the
user's subtree (outside it: 404, nothing changes), and every write in the audit log."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tally.ledgers.declarations import TEXT, Column
from tally.ledgers.ledger import Ledger
from tally.ledgers.models import GenericRecord, LedgerType
from tally.ledgers.registry import _BUILTIN, get_ledger, register
from tally.orgs.models import Org

from .sheets import TALKS
from .steps import make_member, records

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def add_event(org, name, day=dt.date(2023, 3, 15), category=TALKS) -> GenericRecord:
    ledger = get_ledger("events")
    record = ledger.new_instance({"org": org, "name": name, "date": day, "category": category})
    record.save()
    return record


def form_data(record: GenericRecord, **changes) -> dict:
    data = {
        "name": record.data["name"],
        "category": record.data["category"],
        "org": record.data["org"],
        "date": record.data["date"],
    }
    return {**data, **changes}


def audit_entries(record, action):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(GenericRecord),
        object_pk=str(record.pk),
        action=action,
    )


@pytest.fixture
def event(world, events_type):
    return add_event(world.village_a, "大家谈第一期")


def detail_url(record):
    return reverse("ledgers:detail", args=[record.ledger_type.key, record.pk])


def test_it_shows_a_clerk_the_form_of_a_record_in_the_subtree(login, event):
    page = login("clerk").get(detail_url(event))
    assert page.status_code == 200
    assert page.context["form"].initial["name"] == "大家谈第一期"


def test_it_saves_an_edit_and_audits_it(login, event):
    response = login("clerk").post(detail_url(event), form_data(event, category="专题培训"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.data["category"] == "专题培训"
    (entry,) = audit_entries(event, LogEntry.Action.UPDATE)
    assert "专题培训" in str(entry.changes)


def test_it_refuses_a_bad_edit_with_the_reason_and_changes_nothing(login, event):
    before = GenericRecord.objects.get(pk=event.pk).data
    response = login("clerk").post(detail_url(event), form_data(event, date="2023-02-30"), **EN)
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [
        "The date “2023-02-30” does not exist: check the year, month and day."
    ]
    assert GenericRecord.objects.get(pk=event.pk).data == before
    assert not audit_entries(event, LogEntry.Action.UPDATE).exists()


def test_it_will_not_move_a_record_out_of_the_clerks_subtree(login, event):
    response = login("clerk").post(detail_url(event), form_data(event, org="Z-B-1"), **EN)
    assert response.status_code == 200
    assert "“Z-B-1” is not among the organisations you may choose" in str(
        response.context["form"].errors
    )
    event.refresh_from_db()
    assert event.org.code == "Z-A-1"


@pytest.mark.parametrize("chosen", ["Z-B", "乙街道党工委", "乙街道党工委（Z-B）"])
def test_it_refuses_another_street_chosen_in_the_chooser_and_writes_nothing(
    login, world, events_type, chosen
):
    data = {"name": "新活动", "category": "主题活动", "org": chosen, "date": "2023-04-01"}
    response = login("clerk").post(
        reverse("ledgers:new", args=["events"]), data, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    assert response.context["form"].errors["org"] == [
        f"“{chosen}”不在您可选的组织中：只能选择本组织及其下级组织。"
    ]
    assert not records("events").exists()


def test_it_takes_the_organisation_by_name_and_shows_it_by_name(login, world, events_type):
    clerk = login("clerk")
    data = {"name": "新活动", "category": "主题活动", "org": "甲二社区党委", "date": "2023-04-01"}
    response = clerk.post(reverse("ledgers:new", args=["events"]), data)
    assert response.status_code == 302
    record = records("events").get()
    assert record.org == world.community_a
    page = clerk.get(response["Location"]).content.decode()
    assert 'data-org-label="甲二社区党委（Z-A-2）"' in page
    assert 'data-org-chooser="/orgs/_choose/?scope=write"' in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_answers_404_outside_the_subtree_and_changes_nothing(login, event, method):
    sibling = login("sibling_clerk")
    before = GenericRecord.objects.get(pk=event.pk).data
    data = form_data(event, name="改掉") if method == "post" else {}
    assert getattr(sibling, method)(detail_url(event), data).status_code == 404
    delete = reverse("ledgers:delete", args=["events", event.pk])
    assert getattr(sibling, method)(delete).status_code == 404
    assert GenericRecord.objects.get(pk=event.pk).data == before


def test_it_shows_a_leader_the_record_read_only(login, event):
    leader = login("leader")
    page = leader.get(detail_url(event))
    assert page.status_code == 200 and "form" not in page.context
    assert "大家谈第一期" in page.content.decode()
    assert leader.post(detail_url(event), form_data(event, name="x")).status_code == 403


def test_it_asks_before_deleting_and_audits_the_deletion(login, event):
    clerk = login("clerk")
    url = reverse("ledgers:delete", args=["events", event.pk])
    confirm = clerk.get(url)
    assert confirm.status_code == 200 and "大家谈第一期" in confirm.content.decode()
    assert records("events").count() == 1
    assert clerk.post(url).status_code == 302
    assert records("events").count() == 0
    assert audit_entries(event, LogEntry.Action.DELETE).count() == 1


def test_it_creates_a_record_from_the_form_and_audits_it(login, world, events_type):
    clerk = login("clerk")
    data = {"name": "新活动", "category": "主题活动", "org": "Z-A-2", "date": "2023年4月1日"}
    response = clerk.post(reverse("ledgers:new", args=["events"]), data)
    assert response.status_code == 302
    record = records("events").get()
    assert (record.org, record.date) == (world.community_a, dt.date(2023, 4, 1))
    assert audit_entries(record, LogEntry.Action.CREATE).count() == 1


def test_it_refuses_a_second_record_with_the_same_key(login, event):
    data = form_data(event)
    response = login("clerk").post(reverse("ledgers:new", args=["events"]), data, **EN)
    assert response.status_code == 200
    assert "A record with the same key already exists." in str(response.context["form"].errors)
    assert records("events").count() == 1


def test_it_keeps_a_masked_number_the_form_sent_back(login, world):
    LedgerType.objects.create(
        key="roster",
        name="值班",
        columns=[
            {"key": "org", "header": "组织编码", "type": "org", "required": True},
            {"key": "date", "header": "值班日期", "type": "date", "required": True},
            {"key": "person", "header": "身份证号", "type": "person", "required": True},
        ],
        natural_key=["person", "date"],
        org_column="org",
        date_column="date",
    )
    member = make_member(world.village_a, 1)
    ledger = get_ledger("roster")
    record = ledger.new_instance(
        {"org": world.village_a, "date": dt.date(2023, 6, 1), "person": member}
    )
    record.save()
    clerk = login("clerk")
    page = clerk.get(detail_url(record))
    shown = page.context["form"].initial["person"]
    assert "*" in shown and member.id_number not in page.content.decode()
    response = clerk.post(
        detail_url(record), {"org": "Z-A-2", "date": "2023-06-01", "person": shown}
    )
    assert response.status_code == 302, response.context["form"].errors
    record.refresh_from_db()
    assert (record.data["person"], record.data["org"]) == (member.pk, "Z-A-2")


class OrgNameLedger(Ledger):
    """A test-only ledger over the organisations themselves, with forms."""

    key = "test_org_names"
    name = "test"
    model = Org
    columns = [
        Column("组织编码", "code", TEXT, required=True),
        Column("组织名称", "name", TEXT, required=True),
    ]
    natural_key = ("code",)
    org_field = ""
    org_column = None

    def row_org(self, values):
        return Org.objects.filter(code=values.get("code")).first()


@pytest.fixture
def org_names(db):
    ledger = register(OrgNameLedger())
    yield ledger
    del _BUILTIN[ledger.key]


def test_it_explains_why_a_record_others_refer_to_cannot_be_deleted(login, world, org_names):
    make_member(world.village_a, 1)
    admin = login("admin")
    url = reverse("ledgers:delete", args=["test_org_names", world.village_a.pk])
    response = admin.post(url, follow=True, **EN)
    assert response.status_code == 200
    assert (
        "other records refer to this one; delete or change them first." in response.content.decode()
    )
    assert Org.objects.filter(pk=world.village_a.pk).exists()
