"""The leaders' dashboard at demo scale: server time of /dashboard/ (the zone and a
street) and its query count, the median of several requests after a warm-up.

    .venv/bin/python bench/dashboard_bench.py [--runs 9] [--database-url URL] [--reuse]
        [--profile]

`--reuse` keeps a database already seeded by an earlier run (so that two versions of the
code are measured on the same rows, one after the other); `--profile` prints where one
request of each page spends its time (cProfile, Tally's 25 costliest calls).

Measured on SQLite, the demo seeded once and the two versions run in turn on it (a loaded
2-core machine, load ~6): the zone 261–477 → 145–262 ms median (ratio 0.47–0.71), the
street 136–334 → 131–193 ms (0.57–1.1, noise), queries 58 → 41 and 57 → 41 — after
panels shared their figures, the project lights of both days came from one fetch and the
indicators' bars from three queries.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
PAGES = ("/dashboard/?period=2023H1", "/dashboard/?org=QS-DC&period=2023H1&metric=wishes.claimed")


def setup_django(database_url: str | None, *, reuse: bool = False) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ["TALLY_DEVELOPMENT"] = "1"
    os.environ["TALLY_VAR_DIR"] = str(OUT / "var")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        db = OUT / "dashboard_bench.sqlite3"
        for suffix in ("", "-wal", "-shm") if not reuse else ():
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tally.settings")
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--database-url")
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    setup_django(args.database_url, reuse=args.reuse)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tally.accounts.models import User
    from tally.supervision.models import Task

    call_command("migrate", verbosity=0)
    if not (args.reuse and Task.objects.exists()):
        call_command("seed_demo", stdout=io.StringIO())
    client = Client()
    client.force_login(User.objects.get(username="zhangshuji"))
    for url in PAGES:
        client.get(url, HTTP_HOST="127.0.0.1")  # warm: templates, settings
        times = []
        for _run in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url, HTTP_HOST="127.0.0.1")
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        median, fastest = statistics.median(times), min(times)
        print(f"{url}: median {median:.0f} ms, min {fastest:.0f} ms, {len(queries)} queries")
        if args.profile:
            profile(client, url)


def profile(client, url: str) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(client.get, url, HTTP_HOST="127.0.0.1")
    stats = pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative")
    stats.print_stats(r"tally/(?!.*middleware)", 25)  # Tally's own calls, not Django's


if __name__ == "__main__":
    main()
