"""Every benchmark, one after the other, each in its own process; output in bench/out/.

    .venv/bin/python bench/run_all.py                       # zone scale, SQLite (make bench)
    .venv/bin/python bench/run_all.py --scale city          # make bench-city
    .venv/bin/python bench/run_all.py --postgres postgresql://postgres@127.0.0.1:55432/tally_bench

Zone scale generates a tiny and a zone data set (bench/generate.py) into bench/out/ and
measures on them (pages compare their query counts between the two scales); city scale
generates a zone and a city set, or reuses the city set named by --city-db (generating
it takes minutes: do it once). With --postgres the metrics benchmark runs there too (the
database named is flushed and filled). Each step's output goes to bench/out/<step>.txt;
the run ends with a table of the steps, their time and whether they passed.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

from benchenv import OUT

BENCH = Path(__file__).resolve().parent
# Benchmarks other engineers keep in bench/: run with their defaults when present.
OPTIONAL = ["import_growth_bench.py", "economy_bench.py"]


def sqlite_url(name: str) -> str:
    return f"sqlite:///{OUT / name}"


def steps(args) -> list[tuple[str, list[str]]]:
    small, big = ("tiny", "zone") if args.scale == "zone" else ("zone", "city")
    small_db = sqlite_url(f"bench-{small}.sqlite3")
    big_db = args.city_db if args.scale == "city" and args.city_db else None
    big_db = big_db or sqlite_url(f"bench-{big}.sqlite3")
    runs = ["--runs", "3" if args.scale == "city" else "5"]
    compare = str(OUT / f"pages-{small}-sqlite.json")
    plan = [
        (f"generate-{small}", ["generate.py", "--scale", small, "--db", small_db]),
    ]
    if not (args.scale == "city" and args.city_db):
        plan.append((f"generate-{big}", ["generate.py", "--scale", big, "--db", big_db]))
    plan += [
        ("metrics-sqlite", ["metrics_bench.py", "--db", big_db, *runs]),
        (f"pages-{small}", ["pages_bench.py", "--db", small_db, "--scale", small, *runs]),
        (
            f"pages-{big}",
            ["pages_bench.py", "--db", big_db, "--scale", big, *runs, "--compare", compare],
        ),
        ("throughput", ["throughput_bench.py", "--db", big_db, "--seconds", "10"]),
        ("import", ["import_bench.py", "--rows", "100000", "--peer-rows", "5000"]),
        ("report", ["report_bench.py", "--runs", "5"]),
    ]
    if args.postgres:
        pg_db = args.postgres
        if not (args.scale == "city" and args.pg_city_filled):
            plan.append(("generate-postgres", ["generate.py", "--scale", big, "--db", pg_db]))
        plan.append(("metrics-postgres", ["metrics_bench.py", "--db", pg_db, *runs]))
    plan += [(name.removesuffix(".py"), [name]) for name in OPTIONAL if (BENCH / name).exists()]
    return plan


def run_step(name: str, command: list[str]) -> tuple[bool, float]:
    print(f"\n=== {name}: {' '.join(command)}", flush=True)
    began = time.perf_counter()
    with (OUT / f"{name}.txt").open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, str(BENCH / command[0]), *command[1:]],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for line in process.stdout:
            sys.stdout.write(line)
            log.write(line)
        process.wait()
    return process.returncode == 0, time.perf_counter() - began


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["zone", "city"], default="zone")
    parser.add_argument("--city-db", help="an already generated city database (reused)")
    parser.add_argument("--postgres", help="a PostgreSQL database URL for the metrics")
    parser.add_argument(
        "--pg-city-filled", action="store_true", help="the PostgreSQL database holds the city"
    )
    parser.add_argument("--only", help="run only the steps whose name contains this")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    for name, command in steps(args):
        if args.only and args.only not in name and not name.startswith("generate"):
            continue
        ok, seconds = run_step(name, command)
        results.append((name, ok, seconds))
    print("\n=== summary")
    for name, ok, seconds in results:
        print(f"  {name:24} {'ok' if ok else 'FAILED':7} {seconds:7.1f} s")
    print(f"  total {sum(s for _n, _ok, s in results):.0f} s; output in {OUT}")
    return 0 if all(ok for _n, ok, _s in results) else 1


if __name__ == "__main__":
    sys.exit(main())
