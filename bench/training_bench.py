"""Training person-times at city scale: what a community's figure costs beside the city's.

A person-time counts under the attendee's organisation on the class's start date
(Attendance.attendee_org, written at write time). The figure for an organisation filters
the subtree first, by the indexed path prefix of that organisation; so a community's
figure must cost a fraction of the city's. This builds the DESIGN.md city (1 city, 12
districts, 120 streets, ~2,500 communities, 150,000 members) with 1,000,000 attendance
rows, then times the metric for the city, a district, a street and a community, the
children breakdown of the city and of a district, and the write-time refresh of the
attendee organisations (what an import of attendance or members pays).

    DATABASE_URL=postgresql://postgres@127.0.0.1:55432/tally_bench \\
        .venv/bin/python bench/training_bench.py [--attendance 1000000] [--members 150000]

The database named is flushed first. See bench/README.md.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

DISTRICTS, STREETS, COMMUNITIES = 12, 10, 21  # 12 × 10 × 21 = 2,520 communities
CLASSES = 2000


def setup_django(database_url: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ["TALLY_DEVELOPMENT"] = "1"
    os.environ["TALLY_VAR_DIR"] = str(OUT / "var")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tally.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)


def build_tree():
    """The city's tree, written in bulk with treebeard's own paths."""
    from tally.orgs.models import Org, OrgKind

    rows = []

    def node(parent_path, depth, index, code, name, kind, children):
        path = Org._get_path(parent_path, depth, index)
        rows.append(Org(path=path, depth=depth, numchild=children, code=code, name=name, kind=kind))
        return path

    city = node(None, 1, 1, "C", "基准市委", OrgKind.CITY, DISTRICTS)
    for d in range(1, DISTRICTS + 1):
        district = node(city, 2, d, f"C-{d}", f"第{d}区", OrgKind.DISTRICT, STREETS)
        for s in range(1, STREETS + 1):
            code, name = f"C-{d}-{s}", f"第{d}区{s}街道"
            street = node(district, 3, s, code, name, OrgKind.STREET, COMMUNITIES)
            for c in range(1, COMMUNITIES + 1):
                node(street, 4, c, f"{code}-{c}", f"{name}{c}社区", OrgKind.COMMUNITY, 0)
    Org.objects.bulk_create(rows, batch_size=5000)
    return Org.objects.filter(kind=OrgKind.COMMUNITY).order_by("path")


def build_members(communities, count: int):
    from tally.party.models import Member, MemberHistory

    ids = list(communities.values_list("pk", flat=True))
    joined = date(2010, 7, 1)
    members = [
        Member(
            name=f"党员{i}",
            org_id=ids[i % len(ids)],
            category="正式党员",
            join_date=joined,
            id_number_enc=b"",
            id_index=f"bench-{i}",
        )
        for i in range(count)
    ]
    Member.objects.bulk_create(members, batch_size=5000)
    rows = Member.objects.values_list("pk", "org_id")
    history = [
        MemberHistory(member_id=pk, org_id=org, category="正式党员", valid_from=joined)
        for pk, org in rows.iterator(chunk_size=10000)
    ]
    MemberHistory.objects.bulk_create(history, batch_size=5000)


def build_classes():
    from tally.orgs.models import Org, OrgKind
    from tally.party.models import TrainingClass

    organizers = list(Org.objects.filter(kind__in=[OrgKind.CITY, OrgKind.DISTRICT]))
    first = date(2023, 1, 3)
    TrainingClass.objects.bulk_create(
        [
            TrainingClass(
                number=f"PX-{i:05d}",
                name=f"培训班{i}",
                level="区级",
                audience="党员干部",
                organizer=organizers[i % len(organizers)],
                start_date=first + timedelta(days=i % 360),
            )
            for i in range(CLASSES)
        ],
        batch_size=2000,
    )


def build_attendance(count: int) -> None:
    """`count` rows: member m attends classes (m·7 + k·311) mod CLASSES, k = 0, 1, …;
    unique pairs, spread over every class and member. One INSERT … SELECT."""
    from django.db import connection

    from tally.party.models import Attendance, Member, TrainingClass

    members = Member.objects.count()
    per_member = -(-count // members)
    table = Attendance._meta.db_table
    member_table, class_table = Member._meta.db_table, TrainingClass._meta.db_table
    with connection.cursor() as cursor:
        # Table names come from the models; the numbers are parameters.
        cursor.execute(
            f"""
            INSERT INTO {table} (training_class_id, member_id, created_at, updated_at)
            SELECT c.id, m.id, now(), now()
            FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM {member_table}) m
            CROSS JOIN generate_series(0, %s) AS k
            JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM {class_table}) c
              ON c.n = (m.n * 7 + k * 311) %% %s
            WHERE m.n * %s + k < %s
            """,  # noqa: S608
            [per_member - 1, CLASSES, per_member, count],
        )
        cursor.execute(f"ANALYZE {table}")


def timed(fn, runs: int = 5) -> float:
    """Median seconds of `runs` calls (after one warm-up)."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attendance", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=150_000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it is flushed).")
    setup_django(url)
    from django.db import connection

    from tally.lib.periods import parse_period
    from tally.metrics.engine import children_figures, compute
    from tally.orgs.models import Org
    from tally.party.models import Attendance
    from tally.party.services import refresh_attendee_orgs

    began = time.perf_counter()
    communities = build_tree()
    build_members(communities, args.members)
    build_classes()
    build_attendance(args.attendance)
    built = time.perf_counter() - began
    start = time.perf_counter()
    refresh_attendee_orgs(Attendance.objects.all())
    refresh_all = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    step = max(1, args.attendance // 10_000)
    sample = list(Attendance.objects.order_by("pk").values_list("pk", flat=True))[::step]
    start = time.perf_counter()
    refresh_attendee_orgs(Attendance.objects.filter(pk__in=sample))
    refresh_sample = time.perf_counter() - start

    period = parse_period("2023")
    city = Org.objects.get(code="C")
    district, street = Org.objects.get(code="C-5"), Org.objects.get(code="C-5-3")
    community = Org.objects.get(code="C-5-3-7")
    rows = Attendance.objects.count()
    print(f"city: {Org.objects.count()} organisations, {rows} attendance rows ({built:.0f} s)")
    print(f"refresh of every row's attendee organisation: {refresh_all:.1f} s")
    print(f"refresh of {len(sample)} rows: {refresh_sample * 1000:.0f} ms")
    figures = {}
    levels = (("city", city), ("district", district), ("street", street), ("community", community))
    for label, org in levels:
        value = compute("training.person_times", org, period).value
        seconds = timed(lambda org=org: compute("training.person_times", org, period).value)
        figures[label] = seconds
        print(f"training.person_times {label:9} {value:>8} rows  {seconds * 1000:8.1f} ms")
    for label, org in (("city", city), ("district", district)):
        seconds = timed(lambda org=org: children_figures("training.person_times", org, period), 3)
        print(f"children of the {label:8}              {seconds * 1000:8.1f} ms")
    print(f"community / city: {figures['community'] / figures['city']:.3f}")


if __name__ == "__main__":
    main()
