"""Server time and query count of every page an office user opens, on a generated data set.

    .venv/bin/python bench/pages_bench.py --db sqlite:////work/benchdata/city.sqlite3 \\
        --compare bench/out/pages-zone-sqlite.json

The pages are the GET rows of the role × URL table (each app's tests/permission_cases.py)
that answer an office user with 200: every list, detail, form, metric, report and
dashboard page, the public showcase included. Files (exports, .docx, .pdf, templates) are
left out: they are measured by the import and report benchmarks. Each page is requested
--runs times through Django's test Client (the whole middleware and template stack, debug
off) as the data set's office user; it prints the first request's time (an empty figure
cache: the first reader after a change), p50 and p95 of the others (figures from the cache
while the data stands, tally/metrics/freshness.py; --cold empties it before each request)
and the first request's query count.

With --compare (the JSON another scale's run wrote), a page whose query count differs
between the two scales is flagged: its query count grows with the rows (a loop of
queries), which no index fixes. Budget (DESIGN.md): every page p95 ≤ 200 ms at city scale,
query counts independent of the rows.

The permission table's paths name a test world (street A, community A, …); here they are
the generated set's first street, its community and village, the second street, the
office's department, and a 两新 organisation and a residential-compound branch added for
the run. Everything the run writes (those, records a path creates) is rolled back.
"""

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchenv import OUT, default_db, engine, median, percentile, setup_django

BUDGET_MS = 200
FILES = re.compile(r"export|docx|pdf|template|healthz")


@dataclass
class World:
    root: object
    street_a: object
    street_b: object
    village_a: object
    community_a: object
    village_b: object
    community_b: object
    department: object
    two_new_a: object
    red_property_a: object
    users: dict


def first(queryset):
    found = queryset.order_by("path").first()
    if found is None:
        sys.exit(f"the data set has no {queryset.query}: generate it with bench/generate.py")
    return found


def build_world() -> World:
    from tally.accounts.models import Role, User
    from tally.orgs.models import Org, OrgKind
    from tally.orgs.services import add_org

    streets = Org.objects.filter(kind=OrgKind.STREET).order_by("path")
    street_a, street_b = streets[0], streets[1]

    def below(street, kind):
        return first(Org.objects.filter(path__startswith=street.path, kind=kind))

    community_a = below(street_a, OrgKind.COMMUNITY)
    users = {user.role: user for user in User.objects.order_by("pk")}
    return World(
        root=Org.objects.get_root_nodes().first(),
        street_a=street_a,
        street_b=street_b,
        village_a=below(street_a, OrgKind.VILLAGE),
        community_a=community_a,
        village_b=below(street_b, OrgKind.VILLAGE),
        community_b=below(street_b, OrgKind.COMMUNITY),
        department=users[Role.OFFICE].org,
        two_new_a=add_org(street_a, code="BENCH-LX", name="基准公司党支部", kind=OrgKind.TWO_NEW),
        red_property_a=add_org(
            community_a, code="BENCH-WY", name="基准小区党支部", kind=OrgKind.RED_PROPERTY
        ),
        # The permission table's paths that need a clerk's record get the office's.
        users=dict.fromkeys(("clerk", "sibling_clerk", "office"), users[Role.OFFICE])
        | {"admin": users[Role.ADMIN], "leader": users[Role.LEADER]},
    )


def local_codes(path: str, world: World) -> str:
    """The permission table's organisation codes (Z-A, Z-A-2, Z-B) → the data set's."""
    codes = {"Z-A-2": world.community_a.code, "Z-A": world.street_a.code}
    codes["Z-B"] = world.street_b.code
    return re.sub(r"\bZ-[AB](?:-2)?\b(?![-\w])", lambda m: codes[m.group(0)], path)


def page_path(case, world) -> str | None:
    """The case's path on this data set; None when the record it makes for the path
    clashes with one another case made (the table's helpers expect a fresh database)."""
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic():
            return local_codes(case.path(world), world)
    except (DatabaseError, LookupError, ValueError):
        return None


def office_pages():
    from tests.test_permissions import collect_cases

    return [
        case
        for case in collect_cases()
        if case.method == "get" and case.expect.get("office") == 200 and not FILES.search(case.id)
    ]


class QueryCounter:
    """Counts the statements the connection runs (Django's own query log is cleared at
    the start of every request, so it cannot span one)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(client, path: str, runs: int, cold: bool = False) -> dict:
    """The first request (with an empty figure cache: what the first reader after a change
    waits) and `runs` more: as a page is asked again before the data changes, its figures
    come from the cache (tally/metrics/freshness.py), unless `cold` empties it each time."""
    from django.core.cache import cache
    from django.db import connection

    counter = QueryCounter()
    cache.clear()
    start = time.perf_counter()
    with connection.execute_wrapper(counter):
        response = client.get(path)
    first = 1000 * (time.perf_counter() - start)
    times = []
    for _ in range(runs):
        if cold:
            cache.clear()
        start = time.perf_counter()
        client.get(path)
        times.append(1000 * (time.perf_counter() - start))
    return {
        "status": response.status_code,
        "queries": counter.count,
        "first": first,
        "p50": median(times),
        "p95": percentile(times, 95),
    }


def flag_growing(results: dict, compare_path: str | None) -> list[str]:
    if not compare_path:
        return []
    other = json.loads(Path(compare_path).read_text(encoding="utf-8"))["pages"]
    return sorted(
        page
        for page, figures in results.items()
        if page in other and other[page]["queries"] != figures["queries"]
    )


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a database filled by bench/generate.py")
    parser.add_argument("--scale", default="zone", help="the data set's scale (for names)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compare", help="pages JSON of another scale's run")
    parser.add_argument("--only", help="pages whose name contains this")
    parser.add_argument(
        "--cold", action="store_true", help="empty the figure cache before every request"
    )
    args = parser.parse_args(argv)
    setup_django(args.db or default_db(args.scale))
    from django.db import transaction
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    results = {}
    with transaction.atomic():
        world = build_world()
        client = Client()
        client.force_login(world.users["office"])
        pages = [c for c in office_pages() if not args.only or args.only in c.id]
        print(f"pages: {len(pages)} pages as the office user, {args.scale}, {engine()}")
        skipped = []
        for case in pages:
            path = page_path(case, world)
            if path is None:
                skipped.append(case.id)
                continue
            figures = results[case.id] = measure(client, path, args.runs, args.cold)
            figures["path"] = path
            over = " OVER BUDGET" if figures["p95"] > BUDGET_MS else ""
            bad = "" if figures["status"] == 200 else f" status {figures['status']}"
            print(
                f"  {case.id[:50]:50} first {figures['first']:7.1f}"
                f"  p50 {figures['p50']:7.1f}  p95 {figures['p95']:7.1f} ms"
                f"  {figures['queries']:4} q{over}{bad}"
            )
        transaction.set_rollback(True)
    if skipped:
        print(f"  skipped (their test record could not be made here): {', '.join(skipped)}")
    growing = flag_growing(results, args.compare)
    for page in growing:
        print(f"  query count grows with the rows: {page}")
    over = [page for page, figures in results.items() if figures["p95"] > BUDGET_MS]
    print(f"  {len(over)} of {len(results)} pages over the {BUDGET_MS} ms p95 budget")
    failed = sorted(page for page, figures in results.items() if figures["status"] != 200)
    if failed:
        print(f"  pages that did not answer 200: {', '.join(failed)}")
    summary = {"scale": args.scale, "engine": engine(), "pages": results, "growing": growing}
    summary["cold"] = args.cold
    summary["failed"] = failed
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"pages-{args.scale}-{engine()}{'-cold' if args.cold else ''}.json").write_text(
        json.dumps(summary, indent=1)
    )
    return summary


if __name__ == "__main__":
    sys.exit(1 if main()["failed"] else 0)
