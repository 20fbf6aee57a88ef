"""What an import may cost (issue 14, hole 3): the web request checks a file only when it
is small once unpacked; a file that unpacks to hundreds of MB goes to the worker, is
read row by row within a memory bound, and zip bombs are refused by their ratio; one
user runs only so many imports at once. Memory is measured in this process (Linux: the
peak resident size, reset through /proc/self/clear_refs)."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tally.ledgers import tasks
from tally.ledgers.models import ImportBatch
from tally.party.models import Visit

from .big_files import padded_xlsx, unpacked_size
from .sheets import TALKS, event_rows, xlsx
from .steps import latest_batch, records, upload

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
MB = 1024 * 1024


def status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


class PeakMemory:
    """The growth of this process's peak resident memory while the block runs, in MB."""

    def __enter__(self):
        Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from now
        self.before = status_kb("VmRSS")
        return self

    def __exit__(self, *exc):
        self.growth_mb = (status_kb("VmHWM") - self.before) / 1024


needs_proc = pytest.mark.skipif(
    not Path("/proc/self/clear_refs").exists(), reason="measures memory through Linux /proc"
)


@pytest.fixture
def clerk(login, world, events_type):
    return login("clerk")


@needs_proc
def test_it_sends_a_small_file_that_unpacks_big_to_the_worker(clerk, monkeypatch):
    data = padded_xlsx(20_000, codes=["Z-A-1"], padding=125)
    assert len(data) < 512 * 1024 < 25 * MB < unpacked_size(data)  # was checked in-request
    queued = []

    class Worker:  # takes the job and leaves it waiting
        enqueue = staticmethod(queued.append)

    monkeypatch.setattr(tasks, "check_import", Worker)
    clerk.get(reverse("ledgers:import", args=["visits"]))  # templates and catalogues loaded
    with PeakMemory() as peak:
        response = upload(clerk, "visits", "visits.xlsx", data)
    assert response.status_code == 302
    batch = latest_batch("visits")
    assert queued == [batch.pk] and batch.status == ImportBatch.Status.QUEUED
    assert batch.unpacked_size == unpacked_size(data)
    assert peak.growth_mb < 40, f"the upload request grew by {peak.growth_mb:.0f} MB"
    assert Visit.objects.count() == 0


@needs_proc
def test_it_imports_a_file_of_220_mb_unpacked_within_a_memory_bound(world, tmp_path):
    path = tmp_path / "visits.xlsx"
    path.write_bytes(padded_xlsx(150_000, codes=["Z-A-1", "Z-A-2", "Z-B-1"], padding=125))
    assert 200 * MB < unpacked_size(path.read_bytes()) < 240 * MB
    out = io.StringIO()
    with PeakMemory() as peak:
        call_command("import_ledger", "visits", str(path), "--as", "admin", stdout=out)
    assert Visit.objects.count() == 150_000
    # Before rows were streamed: +435 MB (535 MB in all for a fresh import_ledger).
    assert peak.growth_mb < 300, f"import_ledger grew by {peak.growth_mb:.0f} MB"


def test_it_refuses_a_zip_bomb_by_its_ratio(clerk, media):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as entry:
            for _ in range(50):
                entry.write(bytes(MB))
    response = upload(clerk, "events", "bomb.xlsx", data.getvalue(), **EN)
    assert response.status_code == 200
    assert "times its size, which no real spreadsheet does" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_it_limits_the_imports_one_user_runs_at_once(clerk, world, settings):
    settings.IMPORT_MAX_RUNNING_PER_USER = 2
    running = [
        ImportBatch.objects.create(
            ledger_key="events", user=world.users["clerk"], original_name="a.xlsx", status=status
        )
        for status in (ImportBatch.Status.QUEUED, ImportBatch.Status.COMMITTING)
    ]
    data = xlsx(event_rows(("活动", TALKS, "Z-A-1", "2023-03-15")))
    response = upload(clerk, "events", "events.xlsx", data, **EN)
    assert "You already have 2 imports running" in response.content.decode()
    assert ImportBatch.objects.count() == 2 and records("events").count() == 0
    running[0].refuse("done")
    assert upload(clerk, "events", "events.xlsx", data).status_code == 302
    assert latest_batch("events").status == ImportBatch.Status.PREVIEW
