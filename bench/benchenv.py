"""What every benchmark shares: Django set up on the database named, a progress bar, a
median timer and the organisations a benchmark measures at.

A benchmark names its database by URL (`--db`, else DATABASE_URL, else a SQLite file
under bench/out/); bench/generate.py fills it, the benchmarks only read it.
"""

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Where results and default databases go (the tests point it at a temporary directory).
OUT = Path(os.environ.get("TALLY_BENCH_OUT") or ROOT / "bench" / "out")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def default_db(scale: str) -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{OUT / f'bench-{scale}.sqlite3'}"


def setup_django(database_url: str, *, debug: bool = False) -> None:
    """Django on `database_url`, with debug off (as in production) unless asked."""
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ["TALLY_DEVELOPMENT"] = "1"
    os.environ["TALLY_DEBUG"] = "1" if debug else "0"
    os.environ.setdefault("TALLY_VAR_DIR", str(OUT / "var"))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tally.settings")
    import django

    django.setup()


def engine() -> str:
    from django.db import connection

    return connection.vendor


class Progress:
    """A one-line progress bar on stderr: label, bar, count, rows/s."""

    def __init__(self, label: str, total: int, *, quiet: bool = False):
        self.label, self.total, self.done = label, max(total, 1), 0
        self.began = self.shown = time.perf_counter()
        self.quiet = quiet or not sys.stderr.isatty()

    def advance(self, count: int) -> None:
        self.done += count
        now = time.perf_counter()
        if not self.quiet and (now - self.shown > 0.2 or self.done >= self.total):
            self.shown = now
            width = 30
            filled = int(width * min(self.done, self.total) / self.total)
            rate = self.done / max(now - self.began, 1e-9)
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(
                f"\r{self.label:<24} [{bar}] {self.done:>9,}/{self.total:,} {rate:>9,.0f}/s"
            )
            sys.stderr.flush()

    def finish(self) -> float:
        """End the bar's line; without a terminal (a log file), one line per bar."""
        seconds = time.perf_counter() - self.began
        if self.quiet:
            rate = self.done / max(seconds, 1e-9)
            line = f"{self.label:<24} {self.done:>9,} in {seconds:6.1f} s {rate:>9,.0f}/s"
            sys.stderr.write(line + "\n")
        else:
            sys.stderr.write("\n")
        sys.stderr.flush()
        return seconds


def timed(fn: Callable, runs: int = 5, warm: bool = True) -> list[float]:
    """Seconds of `runs` calls (after one warm-up call)."""
    if warm:
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def median(values) -> float:
    return statistics.median(values)


def percentile(values, p: float) -> float:
    """The nearest-rank percentile (p in 0..100) of a few samples."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def levels():
    """(label, org) of the root, a street and a community of the generated data set."""
    from tally.orgs.models import Org, OrgKind

    root = Org.objects.get_root_nodes().first()
    street = Org.objects.filter(kind=OrgKind.STREET).order_by("path").first()
    community = Org.objects.filter(kind=OrgKind.COMMUNITY, path__startswith=street.path)
    return [("root", root), ("street", street), ("community", community.order_by("path").first())]
