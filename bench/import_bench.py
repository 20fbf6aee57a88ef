"""Ledger import, end to end: Tally's importer against django-import-export (the peer)
and python-calamine's bare parse (the floor). See bench/README.md.

    .venv/bin/python bench/import_bench.py [--rows 100000] [--peer-rows 5000]
"""

import argparse
import io
import json
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志春海波"
CATEGORIES = ["生活困难党员", "老党员", "老干部"]
HEADERS = ["对象姓名", "对象类别", "走访组织编码", "走访日期", "慰问金额(元)"]


def setup_django(database_url: str | None) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ["TALLY_DEVELOPMENT"] = "1"
    os.environ["TALLY_VAR_DIR"] = str(OUT / "var")
    os.environ["TALLY_TASK_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    os.environ["TALLY_IMPORT_MAX_ROWS"] = "1000000"
    os.environ["TALLY_UPLOAD_MAX_MB"] = "200"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        db = OUT / "import_bench.sqlite3"
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


def build_tree():
    from tally.accounts.models import Role, User
    from tally.orgs.models import Org, OrgKind
    from tally.orgs.services import add_org

    root = add_org(None, code="B", name="基准经开区党工委", kind=OrgKind.ZONE)
    codes = []
    for s in range(10):
        street = add_org(root, code=f"B-{s:02d}", name=f"第{s}街道", kind=OrgKind.STREET)
        for v in range(9):
            add_org(street, code=f"B-{s:02d}-{v}", name=f"第{s}街道{v}村", kind=OrgKind.VILLAGE)
            codes.append(f"B-{s:02d}-{v}")
    admin = User(username="bench", role=Role.ADMIN, org=Org.objects.get(code="B"))
    admin.set_password("Bench#2023pw")
    admin.save()
    return codes


def make_rows(count: int, codes: list[str], rng: random.Random) -> list[list]:
    start = date(2023, 1, 1)
    rows = []
    for i in range(count):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) + str(i)
        day = start + timedelta(days=rng.randrange(365))
        amount = rng.choice([200, 300, 500, 800, 1000, 1500.5])
        rows.append([name, rng.choice(CATEGORIES), rng.choice(codes), day, amount])
    return rows


def write_xlsx(path: Path, rows: list[list]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("走访慰问")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for col, header in enumerate(HEADERS):
        sheet.write_string(0, col, header)
    for r, row in enumerate(rows, start=1):
        sheet.write_string(r, 0, row[0])
        sheet.write_string(r, 1, row[1])
        sheet.write_string(r, 2, row[2])
        sheet.write_datetime(r, 3, _datetime(row[3]), date_format)
        sheet.write_number(r, 4, row[4])
    book.close()


def _datetime(day: date):
    from datetime import datetime

    return datetime(day.year, day.month, day.day)


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def floor(data: bytes) -> float:
    import python_calamine

    def parse():
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        return book.get_sheet_by_index(0).to_python(skip_empty_area=False)

    seconds, _ = timed(parse)
    return seconds


def tally_cli(path: Path) -> float:
    from django.core.management import call_command

    def run():
        call_command("import_ledger", "visits", str(path), "--as", "bench", stdout=io.StringIO())

    seconds, _ = timed(run)
    return seconds


def tally_web_path(path: Path) -> float:
    """Upload → preview → commit, as the web pages do it (the file is checked twice)."""
    from tally.accounts.models import User
    from tally.ledgers import services
    from tally.ledgers.registry import get_ledger

    user = User.objects.get(username="bench")
    ledger = get_ledger("visits")
    data = path.read_bytes()

    def run():
        batch = services.start_import(ledger, path.name, data, user=user, inline=True)
        services.request_commit(batch, inline=True)
        return batch

    seconds, _ = timed(run)
    return seconds


def peer_resource():
    from import_export import fields, resources, widgets

    from tally.orgs.models import Org
    from tally.party.models import Visit

    class VisitResource(resources.ModelResource):
        person_name = fields.Field(attribute="person_name", column_name="对象姓名")
        person_category = fields.Field(attribute="person_category", column_name="对象类别")
        org = fields.Field(
            attribute="org",
            column_name="走访组织编码",
            widget=widgets.ForeignKeyWidget(Org, "code"),
        )
        visited_on = fields.Field(
            attribute="visited_on", column_name="走访日期", widget=widgets.DateWidget()
        )
        amount = fields.Field(
            attribute="amount", column_name="慰问金额(元)", widget=widgets.DecimalWidget()
        )

        class Meta:
            model = Visit
            import_id_fields = ("person_name", "org", "visited_on")
            fields = ("person_name", "person_category", "org", "visited_on", "amount")

    return VisitResource


def peer(path: Path, *, use_bulk: bool) -> float:
    import tablib

    resource_class = peer_resource()
    resource_class._meta.use_bulk = use_bulk
    resource = resource_class()

    def run():
        dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
        result = resource.import_data(dataset, dry_run=False, raise_errors=True)
        assert not result.has_errors()

    seconds, _ = timed(run)
    return seconds


def clear_visits() -> None:
    from tally.ledgers.models import ImportBatch
    from tally.party.models import Visit

    Visit.objects.all().delete()
    ImportBatch.objects.all().delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--peer-rows", type=int, default=5_000)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()

    setup_django(args.database_url)
    from django.db import connection

    from tally.party.models import Visit

    rng = random.Random(2023)
    codes = build_tree()
    big, small = OUT / f"visits-{args.rows}.xlsx", OUT / f"visits-{args.peer_rows}.xlsx"
    write_xlsx(big, make_rows(args.rows, codes, rng))
    write_xlsx(small, make_rows(args.peer_rows, codes, random.Random(7)))

    results = {"database": connection.vendor, "rows": args.rows, "peer_rows": args.peer_rows}
    results["floor_s"] = floor(big.read_bytes())
    results["tally_cli_s"] = tally_cli(big)
    assert Visit.objects.count() == args.rows, Visit.objects.count()
    results["tally_reimport_s"] = tally_cli(big)
    assert Visit.objects.count() == args.rows
    clear_visits()
    results["tally_web_s"] = tally_web_path(big)
    clear_visits()
    results["tally_small_s"] = tally_cli(small)
    clear_visits()
    results["peer_s"] = peer(small, use_bulk=False)
    assert Visit.objects.count() == args.peer_rows
    clear_visits()
    results["peer_bulk_s"] = peer(small, use_bulk=True)
    clear_visits()
    report(results)


def report(r: dict) -> None:
    def rate(rows, seconds):
        return rows / seconds if seconds else float("inf")

    rates = {
        "floor (calamine parse)": rate(r["rows"], r["floor_s"]),
        "tally CLI import": rate(r["rows"], r["tally_cli_s"]),
        "tally re-import (unchanged)": rate(r["rows"], r["tally_reimport_s"]),
        "tally web path (check + commit)": rate(r["rows"], r["tally_web_s"]),
        f"tally CLI, {r['peer_rows']} rows": rate(r["peer_rows"], r["tally_small_s"]),
        "peer django-import-export": rate(r["peer_rows"], r["peer_s"]),
        "peer django-import-export use_bulk": rate(r["peer_rows"], r["peer_bulk_s"]),
    }
    print(f"database: {r['database']}; {r['rows']} rows (peer: {r['peer_rows']} rows)")
    for name, value in rates.items():
        print(f"  {name:<40} {value:>12,.0f} rows/s")
    tally = rates["tally CLI import"]
    peer, peer_bulk = (
        rates["peer django-import-export"],
        rates["peer django-import-export use_bulk"],
    )
    print(f"  tally / peer (default)      {tally / peer:>8.1f}×")
    print(f"  tally / peer (use_bulk)     {tally / peer_bulk:>8.1f}×")
    print(f"  tally / floor               {tally / rates['floor (calamine parse)']:>8.2f}")
    print(f"  budget ≥ 20,000 rows/s: {'met' if tally >= 20_000 else 'MISSED'}")
    (OUT / "import_bench.json").write_text(json.dumps({**r, "rates": rates}, indent=2))


if __name__ == "__main__":
    main()
