"""A period locked on publishing refuses every write to the rows it covers — an import,
a form edit, a deletion, an undo — with a clear message and nothing written, until the
office reopens it; rows outside the period or the subtree are not affected."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from tally.ledgers import services as ledger_services
from tally.ledgers.models import GenericRecord
from tally.ledgers.registry import get_ledger
from tally.lib.periods import parse_period
from tally.reports.models import PeriodLock
from tally.reports.services import lock_period, reopen_period

from .conftest import EVENT_HEADER, TALK, import_rows

pytestmark = pytest.mark.django_db
H1 = parse_period("2023H1")
LOCKED_MESSAGE = "报告发布时锁定"


@pytest.fixture
def locked(world, talks):
    return lock_period(world.root, H1, by=world.users["office"])


def import_events(world, rows, user="office"):
    with override("zh-hans"):  # the messages are read in Chinese, whatever ran before
        return import_rows("events", EVENT_HEADER, rows, world.users[user])


def test_it_refuses_an_import_of_a_row_dated_in_the_locked_period(world, talks, locked):
    batch = import_events(
        world,
        [
            ["乙二社区大家谈", TALK, "Z-B-2", "2023-06-18"],
            ["七月大家谈", TALK, "Z-B-2", "2023-07-02"],
        ],
    )
    assert batch.status != "committed"
    [error] = batch.errors
    assert error["line"] == 2 and error["column"] == "活动日期"
    assert LOCKED_MESSAGE in error["message"] and "2023年上半年" in error["message"]
    assert GenericRecord.objects.count() == 3  # nothing written, not even the July row


def test_it_takes_rows_outside_the_period_and_everything_after_reopening(world, talks, locked):
    batch = import_events(world, [["七月大家谈", TALK, "Z-B-2", "2023-07-02"]])
    assert batch.status == "committed", batch.errors
    reopen_period(locked, by=world.users["office"], reason="补录乙二社区活动")
    batch = import_events(world, [["乙二社区大家谈", TALK, "Z-B-2", "2023-06-18"]])
    assert batch.status == "committed", batch.errors
    assert GenericRecord.objects.count() == 5


def test_it_locks_only_the_subtree_it_was_published_for(world, talks):
    lock_period(world.street_a, H1, by=world.users["office"])
    batch = import_events(world, [["乙二社区大家谈", TALK, "Z-B-2", "2023-06-18"]])
    assert batch.status == "committed", batch.errors
    batch = import_events(world, [["甲三大家谈", TALK, "Z-A-1", "2023-06-18"]])
    assert batch.status != "committed" and LOCKED_MESSAGE in batch.errors[0]["message"]


def test_it_refuses_a_form_edit_and_a_deletion_of_a_locked_row(world, talks, locked, login):
    talk = talks[0]
    client = login("office")
    before = dict(talk.data)
    edit = client.post(
        reverse("ledgers:detail", args=["events", talk.pk]),
        {"name": "改名", "category": TALK, "org": "Z-A-1", "date": "2023-03-01"},
    )
    assert LOCKED_MESSAGE in edit.content.decode()
    talk.refresh_from_db()
    assert talk.data == before
    client.post(reverse("ledgers:delete", args=["events", talk.pk]))
    assert GenericRecord.objects.filter(pk=talk.pk).exists()


def test_it_refuses_to_undo_an_import_into_a_period_locked_since(world, talks):
    batch = import_events(world, [["乙二社区大家谈", TALK, "Z-B-2", "2023-06-18"]])
    assert batch.status == "committed", batch.errors
    lock_period(world.root, H1, by=world.users["office"])
    with override("zh-hans"), pytest.raises(ledger_services.BatchStateError, match=LOCKED_MESSAGE):
        ledger_services.undo_batch(batch)
    assert GenericRecord.objects.count() == 4
    assert PeriodLock.objects.active().count() == 1


def test_the_events_ledger_dates_its_rows_by_its_date_column(world):
    from tally.ledgers.guards import date_column_key

    assert date_column_key(get_ledger("events")) == "date"
