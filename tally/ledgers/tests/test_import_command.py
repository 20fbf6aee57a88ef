"""`manage.py import_ledger KEY FILE [--as USERNAME] [--dry-run]`: prints the same preview
as the web page and exits non-zero when anything is wrong (a public contract)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tally.ledgers.models import ImportBatch

from .sheets import TALKS, csv_bytes, event_rows, xlsx
from .steps import records

GOOD = xlsx(
    event_rows(
        ("大家谈第一期", TALKS, "Z-A", "2023-03-15"),
        ("交流会", "工作经验交流座谈会", "Z-A-1", "2023/4/2"),
    )
)
ONE_BAD = xlsx(
    event_rows(
        ("大家谈第一期", TALKS, "Z-A", "2023-03-15"),
        ("交流会", "座谈", "Z-A-1", "2023-04-31"),
    )
)


def run(*args) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of the command, in English."""
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        try:
            call_command("import_ledger", *args, stdout=out, stderr=err)
            status = 0
        except SystemExit as exit_:
            status = exit_.code
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "events.xlsx"
    path.write_bytes(GOOD)
    return str(path)


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "events-bad.xlsx"
    path.write_bytes(ONE_BAD)
    return str(path)


def test_it_imports_a_good_file_and_exits_0(world, good_file):
    status, out, err = run("events", good_file, "--as", "clerk")
    assert status == 0, err
    assert "Ledger: 活动 (events)  File: events.xlsx" in out
    assert "2 rows: 2 new, 0 changed, 0 unchanged, 0 with errors, 0 skipped" in out
    batch = ImportBatch.objects.get()
    assert f"Imported as batch #{batch.pk}." in out
    assert batch.status == ImportBatch.Status.COMMITTED and batch.user.username == "clerk"
    assert records("events").count() == 2


def test_it_says_nothing_changes_when_run_again(world, good_file):
    run("events", good_file, "--as", "clerk")
    status, out, _ = run("events", good_file, "--as", "clerk")
    assert status == 0
    assert "2 rows: 0 new, 0 changed, 2 unchanged" in out


def test_it_checks_only_on_a_dry_run(world, good_file):
    status, out, _ = run("events", good_file, "--as", "clerk", "--dry-run")
    assert status == 0
    assert "2 rows: 2 new" in out and "Dry run: nothing was written." in out
    assert records("events").count() == 0
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_it_prints_every_error_and_exits_1(world, bad_file, dry_run):
    status, out, err = run("events", bad_file, "--as", "clerk", *dry_run)
    assert status == 1
    assert "2 rows: 1 new, 0 changed, 0 unchanged, 1 with errors, 0 skipped" in out
    assert "Errors:" in out
    assert "row 3 活动类别 “座谈”: “座谈” is not one of the choices" in out
    assert "row 3 活动日期 “2023-04-31”: The date “2023-04-31” does not exist" in out
    assert records("events").count() == 0
    assert not ImportBatch.objects.filter(status=ImportBatch.Status.COMMITTED).exists()
    if not dry_run:
        assert "Nothing was written (batch #" in err


def test_it_shows_changes_old_to_new(world, good_file, tmp_path):
    run("events", good_file, "--as", "clerk")
    changed = tmp_path / "changed.csv"
    changed.write_bytes(csv_bytes(event_rows(("交流会", "专题培训", "Z-A-1", "2023-04-02"))))
    status, out, _ = run("events", str(changed), "--as", "clerk", "--dry-run")
    assert status == 0
    assert "row 2 活动类别: 工作经验交流座谈会 → 专题培训" in out


def test_it_refuses_rows_outside_the_users_subtree(world, good_file):
    status, out, _ = run("events", good_file, "--as", "sibling_clerk")
    assert status == 1
    assert "is outside the organisations you may change" in out
    assert records("events").count() == 0


def test_it_refuses_a_broken_file_with_the_reason(world, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    status, _, err = run("events", str(path), "--as", "clerk")
    assert status == 1
    assert "The file is damaged or is not a spreadsheet." in err
    assert not ImportBatch.objects.exists()


def test_it_refuses_a_file_over_the_size_limit(world, good_file, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    status, _, err = run("events", good_file, "--as", "clerk")
    assert status == 1
    assert "larger than" in err


def test_it_imports_as_the_first_administrator_by_default(world, good_file):
    status, _, _ = run("events", good_file)
    assert status == 0
    assert ImportBatch.objects.get().user.username == "admin"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "x.xlsx"], "No ledger has the key nope."),
        (["events", "/nonexistent/x.xlsx", "--as", "clerk"], "No file at /nonexistent/x.xlsx."),
        (["events", "x.xlsx", "--as", "ghost"], "No active user ghost."),
        (["events", "x.xlsx", "--as", "member"], "member may not import this ledger."),
    ],
)
def test_it_names_what_is_wrong_with_the_command(world, args, message):
    with translation.override("en"), pytest.raises(CommandError, match=message):
        call_command("import_ledger", *args, stdout=io.StringIO(), stderr=io.StringIO())
