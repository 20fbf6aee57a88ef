"""Import into a growing table (issue 13 item 3): successive attendance files, each
adding new person-times to the same classes, imported through `import_ledger`; prints
rows/s for each file (it must stay steady as the table grows) and the peak memory of
the process (≤ 1 GB for a 200,000-row file).

    .venv/bin/python bench/import_growth_bench.py [--rows 200000] [--files 5] [--classes 40]
    DATABASE_URL=postgresql://... .venv/bin/python bench/import_growth_bench.py --rows 50000
"""

import argparse
import datetime as dt
import io
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import import_bench  # the same fresh database and organisation tree

OUT = import_bench.OUT


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def id_number(index: int) -> str:
    from tally.lib.idcard import make_id_number

    birth = dt.date(1950, 1, 1) + dt.timedelta(days=index // 100)
    return make_id_number("420303", birth, index % 100, "男")


def make_people(count: int, codes: list[str]) -> list[str]:
    """`count` party members in bulk (no history: the bench is about the import)."""
    from tally.orgs.models import Org
    from tally.party.models import Member

    orgs = list(Org.objects.filter(code__in=codes))
    numbers, members = [], []
    for index in range(count):
        member = Member(name=f"学员{index}", org=orgs[index % len(orgs)], category="正式党员")
        numbers.append(id_number(index))
        member.id_number = numbers[-1]
        members.append(member)
    Member.objects.bulk_create(members, batch_size=2000)
    return numbers


def make_classes(count: int) -> list[str]:
    from tally.orgs.models import Org
    from tally.party.models import TrainingClass

    root = Org.objects.get(code="B")
    classes = [
        TrainingClass(
            number=f"PX-{index:03d}",
            name=f"培训班{index}",
            level="区级",
            audience="党员干部",
            organizer=root,
            start_date=dt.date(2023, 1, 1) + dt.timedelta(days=index),
        )
        for index in range(count)
    ]
    TrainingClass.objects.bulk_create(classes)
    return [c.number for c in classes]


def write_file(path: Path, pairs) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("参训")
    sheet.write_string(0, 0, "培训班编号")
    sheet.write_string(0, 1, "身份证号")
    for row, (number, person) in enumerate(pairs, start=1):
        sheet.write_string(row, 0, number)
        sheet.write_string(row, 1, person)
    book.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000, help="rows per file")
    parser.add_argument("--files", type=int, default=5)
    parser.add_argument("--classes", type=int, default=40)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    import_bench.setup_django(args.database_url)
    from django.core.management import call_command

    from tally.party.models import Attendance

    codes = import_bench.build_tree()
    per_file = max(1, args.rows // args.classes)  # people per file, at every class
    people = make_people(per_file * args.files, codes)
    classes = make_classes(args.classes)
    print(f"{args.files} files of {per_file * args.classes:,} rows, {args.classes} classes")
    for index in range(args.files):
        group = people[index * per_file : (index + 1) * per_file]
        path = OUT / f"attendance-{index}.xlsx"
        write_file(path, ((number, person) for person in group for number in classes))
        before = Attendance.objects.count()
        started = time.perf_counter()
        out = io.StringIO()
        call_command("import_ledger", "training_attendance", str(path), "--as", "bench", stdout=out)
        seconds = time.perf_counter() - started
        added = Attendance.objects.count() - before
        assert added == per_file * args.classes, out.getvalue()[:2000]
        print(
            f"file {index + 1}: {added:,} rows into a table of {before:,} — "
            f"{added / seconds:,.0f} rows/s ({seconds:.1f} s), peak RSS {peak_rss_mb():,.0f} MB"
        )
    print(f"peak RSS of the process: {peak_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()
