"""The built-in half-year report for the demo zone's root: its HTML page's server time
against the floor, the sum of its metrics' own compute time. See bench/README.md.

    .venv/bin/python bench/report_bench.py [--runs 15]
    DATABASE_URL=postgresql://... .venv/bin/python bench/report_bench.py

Budget (DESIGN.md): the whole report for the root renders as HTML in under 1 s of server
time. The floor is what no rendering can beat: each metric of the report computed on its
own (value only, a fresh computation each), summed.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
PERIOD = "2023H1"


def setup_django(database_url: str | None) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ["TALLY_DEVELOPMENT"] = "1"
    os.environ["TALLY_VAR_DIR"] = str(OUT / "var")
    os.environ["TALLY_TASK_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        db = OUT / "report_bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tally.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if database_url:
        call_command("flush", interactive=False, verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    if database_url:
        # What autovacuum does on a server shortly after a load: without statistics the
        # planner takes the fresh tables for empty and training.trained_members' subtree
        # filter runs for minutes (measured: over 20 s, against 32 ms after ANALYZE).
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def median_seconds(action, runs: int) -> float:
    """Median time of `action` with an empty figure cache each time: the engine keeps
    values under the data version (tally/metrics/freshness.py), and what is measured is
    computing them."""
    from django.core.cache import cache

    action()  # warm caches (templates, translations, the registry) once
    times = []
    for _ in range(runs):
        cache.clear()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def page_time(runs: int) -> tuple[float, int]:
    from django.db import connection
    from django.test import Client

    from tally.accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="zhangshuji"))
    path = f"/reports/t/half-year/?org=QS&period={PERIOD}"

    def get():
        response = client.get(path)
        assert response.status_code == 200, response.status_code

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        get()
    return median_seconds(get, runs), len(queries)


def floor_time(runs: int) -> tuple[float, list[tuple[str, float]]]:
    from tally.lib.periods import parse_period
    from tally.metrics import registry
    from tally.metrics.engine import compute
    from tally.orgs.models import Org
    from tally.reports.language import parse
    from tally.reports.models import ReportTemplate

    template = ReportTemplate.objects.get(key="half-year")
    known = {metric.key for metric in registry.all_metrics()}
    keys = [key for key in parse(template.source).metric_keys if key in known]
    org, period = Org.objects.get(code="QS"), parse_period(PERIOD)
    each = [
        (key, median_seconds(lambda k=key: compute(k, org, period).value, runs)) for key in keys
    ]
    return sum(seconds for _key, seconds in each), each


def breakdown_time(runs: int) -> float:
    """The children figures the report's charts and tables need, each on its own."""
    from tally.lib.periods import parse_period
    from tally.metrics import registry
    from tally.metrics.engine import children_figures
    from tally.orgs.models import Org
    from tally.reports.language import BY_ORG, parse
    from tally.reports.models import ReportTemplate

    source = ReportTemplate.objects.get(key="half-year").source
    known = {metric.key for metric in registry.all_metrics()}
    keys = [
        key
        for block in parse(source).blocks
        if block.by == BY_ORG and all(k in known for k in block.keys)
        for key in block.keys
    ]
    org, period = Org.objects.get(code="QS"), parse_period(PERIOD)
    return sum(median_seconds(lambda k=key: children_figures(k, org, period), runs) for key in keys)


def month_series_time(runs: int) -> float:
    """The months the report's charts and tables by month need, each computed on its own
    (a cumulative figure is a fresh computation per month)."""
    from tally.lib.periods import parse_period
    from tally.metrics import registry
    from tally.metrics.engine import compute
    from tally.orgs.models import Org
    from tally.reports.document import months_of
    from tally.reports.language import BY_MONTH, parse
    from tally.reports.models import ReportTemplate

    source = ReportTemplate.objects.get(key="half-year").source
    known = {metric.key for metric in registry.all_metrics()}
    keys = [
        key
        for block in parse(source).blocks
        if block.by == BY_MONTH and all(k in known for k in block.keys)
        for key in block.keys
    ]
    org, months = Org.objects.get(code="QS"), months_of(parse_period(PERIOD))
    return sum(
        median_seconds(lambda k=key, m=month: compute(k, org, m).value, runs)
        for key in keys
        for month in months
    )


def document_time(runs: int) -> float:
    from tally.lib.periods import parse_period
    from tally.orgs.models import Org
    from tally.reports.document import build_document
    from tally.reports.models import ReportTemplate
    from tally.reports.services import as_template

    template = as_template(ReportTemplate.objects.get(key="half-year"))
    org, period = Org.objects.get(code="QS"), parse_period(PERIOD)
    return median_seconds(lambda: build_document(template, org, period), runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    setup_django(os.environ.get("DATABASE_URL") or None)
    from django.db import connection

    page, queries = page_time(args.runs)
    document = document_time(args.runs)
    floor, each = floor_time(args.runs)
    breakdowns = breakdown_time(args.runs) + month_series_time(args.runs)
    print(f"database: {connection.vendor}; demo zone root QS, {PERIOD}; median of {args.runs}")
    print(f"metrics in the report (registered): {len(each)}")
    print(f"floor: sum of the metrics' own compute time  {floor * 1000:8.1f} ms")
    print(f"  + the charts' and tables' series (org, month) {(floor + breakdowns) * 1000:5.1f} ms")
    print(f"document: resolving the template             {document * 1000:8.1f} ms")
    print(f"HTML page, server time ({queries} queries)      {page * 1000:8.1f} ms")
    print(f"page / floor                                 {page / floor:8.2f}")
    print(f"page / (floor + series)                      {page / (floor + breakdowns):8.2f}")
    print(f"budget 1000 ms: {'met' if page < 1 else 'MISSED'}")
    slowest = sorted(each, key=lambda item: -item[1])[:5]
    print("slowest metrics: " + ", ".join(f"{k} {s * 1000:.1f} ms" for k, s in slowest))


if __name__ == "__main__":
    main()
