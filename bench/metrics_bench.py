"""The half-year report's figures through the metric engine against hand-written SQL.

    .venv/bin/python bench/metrics_bench.py --db sqlite:////work/benchdata/city.sqlite3
    .venv/bin/python bench/metrics_bench.py --db postgresql://postgres@127.0.0.1:55432/tally_bench_city

On a database filled by bench/generate.py, for the root, a street and a community, over
2023H1, median of --runs:

- **report**: every metric key of the built-in half-year template (tally/reports/builtin/),
  computed together by the engine (`compute_many`, a fresh computation each run);
- **engine**: the figures the floor answers, by the engine;
- **floor**: the same figures from bench/handsql.py — hand-written SQL, nothing between;
  the figures must be equal (the benchmark stops otherwise);
- engine / floor, and each level's cost beside the root's (a community's figure should
  cost a small fraction of the city's);
- the slowest metrics of the report for the root and for the community, one at a time.

Budgets (DESIGN.md): the whole report for the root ≤ 1 s on PostgreSQL, ≤ 1.3× the floor.
"""

import argparse
import json
import sys

from benchenv import OUT, default_db, engine, levels, median, setup_django, timed

PERIOD = "2023H1"


def template_keys() -> list[str]:
    from tally.reports.builtin import HALF_YEAR, builtin_template
    from tally.reports.language import parse

    return parse(builtin_template(HALF_YEAR).source).metric_keys


def queries_of(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def check_equal(label: str, engine_values: dict, hand_values: dict) -> None:
    import handsql

    wrong = [
        (key, engine_values[key].value, hand_values[key])
        for key in hand_values
        if not handsql.same(engine_values[key].value, hand_values[key])
    ]
    if wrong:
        sys.exit(f"{label}: the engine and the hand-written SQL disagree: {wrong}")


def cold(compute):
    """`compute` with an empty cache: the engine keeps values under the data version
    (tally/metrics/freshness.py), and what is measured here is computing them."""
    from django.core.cache import cache

    def run():
        cache.clear()
        return compute()

    return run


def measure_level(label: str, org, period, keys: list[str], runs: int) -> dict:
    import handsql
    from django.db import connection

    from tally.metrics.engine import compute_many

    floor_keys = handsql.keys()

    def floor():
        with connection.cursor() as cursor:
            return handsql.figures(cursor, org.path, period.start, period.end)

    check_equal(label, cold(lambda: compute_many(floor_keys, org, period))(), floor())
    report = cold(lambda: compute_many(keys, org, period))
    return {
        "org": org.code,
        "report_ms": 1000 * median(timed(report, runs)),
        "report_queries": queries_of(report),
        # The same report asked again before anything changed: from the cache.
        "cached_ms": 1000 * median(timed(lambda: compute_many(keys, org, period), runs)),
        "cached_queries": queries_of(lambda: compute_many(keys, org, period)),
        "engine_ms": 1000
        * median(timed(cold(lambda: compute_many(floor_keys, org, period)), runs)),
        "floor_ms": 1000 * median(timed(floor, runs)),
        "floor_queries": len(handsql.QUERIES),
    }


def slowest(org, period, keys: list[str], count: int = 6) -> list[tuple[str, float]]:
    from tally.metrics.engine import compute

    each = [
        (key, 1000 * median(timed(cold(lambda k=key: compute(k, org, period)), 1))) for key in keys
    ]
    return sorted(each, key=lambda pair: -pair[1])[:count]


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a database filled by bench/generate.py")
    parser.add_argument("--scale", default="zone", help="the default database's scale")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    setup_django(args.db or default_db(args.scale))
    from tally.lib.periods import parse_period

    period, keys = parse_period(PERIOD), template_keys()
    print(f"metrics: {len(keys)} keys of the half-year template, {PERIOD}, {engine()}")
    results = {}
    for label, org in levels():
        figures = results[label] = measure_level(label, org, period, keys, args.runs)
        print(
            f"  {label:9} report {figures['report_ms']:8.1f} ms ({figures['report_queries']} q)"
            f", cached {figures['cached_ms']:5.1f} ms ({figures['cached_queries']} q)"
            f" | engine {figures['engine_ms']:8.1f} ms  floor {figures['floor_ms']:8.1f} ms"
            f"  engine/floor {figures['engine_ms'] / figures['floor_ms']:5.2f}"
        )
    root = results["root"]
    for label in ("street", "community"):
        share = results[label]["report_ms"] / root["report_ms"]
        results[label]["share_of_root"] = share
        print(f"  {label} / root (whole report): {share:.3f}")
    for label, org in levels()[::2]:
        top = slowest(org, period, keys)
        results[label]["slowest"] = top
        print(f"  slowest for the {label}: " + ", ".join(f"{k} {ms:.0f} ms" for k, ms in top))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"metrics-{engine()}.json").write_text(json.dumps(results, indent=1))
    return results


if __name__ == "__main__":
    main()
