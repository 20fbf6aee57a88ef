"""bench/import_growth_bench.py runs on a tiny size, so that it cannot silently break."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_growth_bench_runs_tiny():
    result = subprocess.run(
        [
            sys.executable,
            "bench/import_growth_bench.py",
            "--rows",
            "40",
            "--files",
            "2",
            "--classes",
            "4",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "file 2: 40 rows into a table of 40" in result.stdout
    assert "peak RSS of the process" in result.stdout
