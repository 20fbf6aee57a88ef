"""Large files are checked and imported by the worker (django-tasks; the tests run its
ImmediateBackend), while the page polls a progress fragment (htmx)."""

import pytest
from django.urls import reverse

from tally.ledgers import tasks
from tally.ledgers.models import ImportBatch

from .sheets import TALKS, event_rows, xlsx
from .steps import commit, latest_batch, records, upload

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def clerk(login, world, events_type):
    return login("clerk")


def many_events(n: int) -> bytes:
    return xlsx(event_rows(*[(f"活动{i}", TALKS, "Z-A", "2023-03-15") for i in range(n)]))


def test_it_checks_and_imports_a_large_file_in_the_background(clerk, monkeypatch, settings):
    data = many_events(300)
    settings.IMPORT_INLINE_ROWS = 299  # rows decide, not the size sent
    queued = []
    original = tasks.check_kept_file

    def spy(batch, **kwargs):
        queued.append(ImportBatch.objects.get(pk=batch.pk).status)
        return original(batch, **kwargs)

    monkeypatch.setattr(tasks, "check_kept_file", spy)
    response = upload(clerk, "events", "big.xlsx", data)
    assert response.status_code == 302
    assert queued == [ImportBatch.Status.QUEUED]  # kept first, checked by the worker
    batch = latest_batch("events")
    assert batch.status == ImportBatch.Status.PREVIEW and batch.counts["new"] == 300
    assert batch.progress == 100
    commit(clerk, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert records("events").count() == 300


def running_batch(world, status=ImportBatch.Status.CHECKING) -> ImportBatch:
    return ImportBatch.objects.create(
        ledger_key="events",
        user=world.users["clerk"],
        org=world.street_a,
        original_name="big.xlsx",
        status=status,
        progress=45,
        progress_text="Looking up codes",
    )


def test_it_shows_a_polling_progress_bar_while_the_worker_runs(clerk, world):
    batch = running_batch(world)
    page = clerk.get(reverse("ledgers:batch", args=["events", batch.pk]), **EN).content.decode()
    progress_url = reverse("ledgers:batch_progress", args=["events", batch.pk])
    assert f'hx-get="{progress_url}"' in page and 'hx-trigger="every 1s"' in page
    assert 'data-progress="45"' in page
    fragment = clerk.get(progress_url, HTTP_HX_REQUEST="true", **EN)
    assert fragment.status_code == 200
    assert 'data-progress="45"' in fragment.content.decode()
    assert "Looking up codes" in fragment.content.decode()
    assert "HX-Refresh" not in fragment
    assert "<html" not in fragment.content.decode()


def test_it_reloads_the_page_when_the_worker_is_done(clerk, world):
    batch = running_batch(world)
    progress_url = reverse("ledgers:batch_progress", args=["events", batch.pk])
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.PREVIEW, progress=100)
    fragment = clerk.get(progress_url, HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true"


def test_it_keeps_the_progress_of_others_private(login, world):
    batch = running_batch(world)
    url = reverse("ledgers:batch_progress", args=["events", batch.pk])
    assert login("sibling_clerk").get(url).status_code == 404


def test_it_commits_a_large_file_in_the_background_too(clerk, monkeypatch, settings):
    data = many_events(50)
    upload(clerk, "events", "big.xlsx", data)
    batch = latest_batch("events")
    settings.IMPORT_INLINE_ROWS = 10
    enqueued = []
    real_task = tasks.commit_import

    class Spy:
        @staticmethod
        def enqueue(pk):
            enqueued.append(pk)
            return real_task.enqueue(pk)

    monkeypatch.setattr(tasks, "commit_import", Spy)
    commit(clerk, batch)
    assert enqueued == [batch.pk]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert records("events").count() == 50
