"""Each benchmark of bench/ runs on a tiny data set, so that none breaks unnoticed.

Nothing here is timed (performance is measured by bench/ itself, never in tests); what
is checked is that each benchmark runs to its end and says what it measured: the metrics
benchmark agrees with the hand-written SQL (it stops otherwise), every page answers the
office user with 200, the server answers the load generator.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def run(script: str, *args: str, out: Path) -> str:
    env = os.environ | {"TALLY_BENCH_OUT": str(out), "TALLY_VAR_DIR": str(out / "var")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A tiny data set, generated once for the module: (its URL, the output folder)."""
    out = tmp_path_factory.mktemp("bench")
    url = f"sqlite:///{out / 'tiny.sqlite3'}"
    printed = run("generate.py", "--scale", "tiny", "--seed", "3", "--db", url, out=out)
    assert "party.Attendance                      3,000" in printed
    return url, out


def test_generate_fills_every_ledger_the_report_counts(tiny):
    import sqlite3

    url, _out = tiny
    database = sqlite3.connect(url.removeprefix("sqlite:///"))
    counts = {
        table: database.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608
        for table in ("orgs_org", "party_member", "party_attendance", "community_participation")
    }
    assert counts == {
        "orgs_org": 21,
        "party_member": 600,
        "party_attendance": 3000,
        "community_participation": 1200,
    }


def test_metrics_bench_matches_the_hand_written_sql(tiny):
    url, out = tiny
    printed = run("metrics_bench.py", "--db", url, "--runs", "1", out=out)
    figures = json.loads((out / "metrics-sqlite.json").read_text())
    assert set(figures) == {"root", "street", "community"}
    assert figures["root"]["report_queries"] > 0
    assert "engine/floor" in printed


def test_pages_bench_opens_every_page(tiny):
    url, out = tiny
    run("pages_bench.py", "--db", url, "--scale", "tiny", "--runs", "1", out=out)
    first = json.loads((out / "pages-tiny-sqlite.json").read_text())
    assert len(first["pages"]) > 80 and first["failed"] == []
    again = run(
        "pages_bench.py",
        *("--db", url, "--scale", "tiny", "--runs", "1", "--only", "party:"),
        *("--compare", str(out / "pages-tiny-sqlite.json")),
        out=out,
    )
    assert "query count grows with the rows" not in again


def test_throughput_bench_loads_the_showcase_and_the_bare_view(tiny):
    url, out = tiny
    run("throughput_bench.py", "--db", url, "--seconds", "1", "--connections", "2", out=out)
    rates = json.loads((out / "throughput-sqlite.json").read_text())
    assert rates["bare"] > 0 and rates["showcase"] > 0 and rates["dashboard"] > 0
