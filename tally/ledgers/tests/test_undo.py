"""A committed import can be undone while no later change touched its rows: its new
records go, its changed records get their old values back."""

import pytest
from django.urls import reverse

from tally.ledgers.models import ImportBatch

from .sheets import TALKS, event_rows, xlsx
from .steps import records, snapshot, upload_and_commit

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def clerk(login, world, events_type):
    return login("clerk")


def first_file() -> bytes:
    return xlsx(
        event_rows(
            ("大家谈第一期", TALKS, "Z-A", "2023-03-15"),
            ("交流会", "工作经验交流座谈会", "Z-A-1", "2023-04-02"),
        )
    )


def second_file() -> bytes:
    """Changes one record of the first file and adds one."""
    return xlsx(
        event_rows(
            ("大家谈第一期", TALKS, "Z-A", "2023-03-15"),
            ("交流会", "专题培训", "Z-A-1", "2023-04-02"),
            ("主题党日", "主题活动", "Z-A-2", "2023-05-01"),
        )
    )


def undo(client, batch):
    url = reverse("ledgers:batch_undo", args=[batch.ledger_key, batch.pk])
    return client.post(url, follow=True, **EN)


def test_it_undoes_an_import_that_added_records(clerk):
    batch = upload_and_commit(clerk, "events", "first.xlsx", first_file())
    assert records("events").count() == 2
    response = undo(clerk, batch)
    assert "The import was undone." in response.content.decode()
    assert records("events").count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UNDONE and batch.undone_at is not None


def test_it_puts_back_what_an_import_changed(clerk):
    upload_and_commit(clerk, "events", "first.xlsx", first_file())
    before = snapshot("events")
    second = upload_and_commit(clerk, "events", "second.xlsx", second_file())
    assert (second.counts["new"], second.counts["changed"]) == (1, 1)
    undo(clerk, second)
    assert snapshot("events") == before


def test_it_refuses_to_undo_after_a_later_edit_of_its_rows(clerk):
    batch = upload_and_commit(clerk, "events", "first.xlsx", first_file())
    record = records("events").get(data__name="交流会")
    edit = reverse("ledgers:detail", args=["events", record.pk])
    data = {"name": "交流会", "category": "主题活动", "org": "Z-A-1", "date": "2023-04-02"}
    assert clerk.post(edit, data).status_code == 302
    page = clerk.get(reverse("ledgers:batch", args=["events", batch.pk]), **EN)
    assert "it can no longer be undone" in page.content.decode()
    response = undo(clerk, batch)
    assert "it can no longer be undone" in response.content.decode()
    assert records("events").count() == 2
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED


def test_it_refuses_to_undo_an_import_whose_rows_a_later_import_changed(clerk):
    first = upload_and_commit(clerk, "events", "first.xlsx", first_file())
    second = upload_and_commit(clerk, "events", "second.xlsx", second_file())
    undo(clerk, first)
    assert records("events").count() == 3
    undo(clerk, second)
    undo(clerk, first)
    assert records("events").count() == 0


def test_it_refuses_to_undo_after_a_changed_record_was_deleted(clerk):
    upload_and_commit(clerk, "events", "first.xlsx", first_file())
    second = upload_and_commit(clerk, "events", "second.xlsx", second_file())
    records("events").filter(data__name="交流会").delete()
    response = undo(clerk, second)
    assert "have been deleted since" in response.content.decode()
    assert records("events").count() == 2


def test_it_lets_only_the_uploader_undo(login, clerk):
    batch = upload_and_commit(clerk, "events", "first.xlsx", first_file())
    assert (
        login("office").post(reverse("ledgers:batch_undo", args=["events", batch.pk])).status_code
        == 403
    )
    assert (
        login("sibling_clerk")
        .post(reverse("ledgers:batch_undo", args=["events", batch.pk]))
        .status_code
        == 404
    )
    assert records("events").count() == 2


def test_it_does_not_undo_twice(clerk):
    batch = upload_and_commit(clerk, "events", "first.xlsx", first_file())
    undo(clerk, batch)
    response = undo(clerk, batch)
    assert "Only an import that was committed can be undone." in response.content.decode()


def test_it_lists_the_batch_with_who_when_and_counts(clerk):
    batch = upload_and_commit(clerk, "events", "first.xlsx", first_file())
    page = clerk.get(reverse("ledgers:list", args=["events"])).content.decode()
    assert "first.xlsx" in page and f'href="/ledgers/events/batches/{batch.pk}/"' in page
    history = clerk.get(reverse("ledgers:batches", args=["events"])).content.decode()
    assert "first.xlsx" in history and "clerk" in history
    assert batch.file and batch.user.username == "clerk"
    assert batch.committed_at is not None and batch.counts["new"] == 2
