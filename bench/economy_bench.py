"""The economy module at city scale: what a street's and a community's section C/E figures
cost beside the whole tree's.

Builds a tree (a root, `--streets` streets of `--communities` communities each), then
writes through the ledgers' own import path (`import_now`, what `manage.py import_ledger`
runs: read, check, resolve codes, compare, write in one transaction):

- `--projects` investment projects entered in 2023H1 at 谋划, then three imports moving
  70% / 45% / 25% of them on to 跟踪, 在谈 and 签约 (each appends to the stage history);
- as many construction projects (产业 / 城建 / 民生 / 政府投资) with a monthly report for
  each month January–June (six imports, each checked against the month before);
- enterprises (a tenth of the projects) with their libraries, two support applications
  each, and the fiscal indicators `revenue` and `tax` with targets and two years of
  monthly actuals per street.

Then it times `compute_many` of every `investment.*`, `projects.*`, `support.*`,
`enterprises.*`, `livelihood.*` and `fiscal.*` metric for 2023H1, for the root, a street
and a community (median of five runs after a warm-up), and prints the ratios.

    .venv/bin/python bench/economy_bench.py [--projects 10000]        # SQLite, fresh file
    DATABASE_URL=postgresql://postgres@127.0.0.1:55432/tally_bench \\
        .venv/bin/python bench/economy_bench.py                       # flushed first

tally/economy/tests/test_bench.py runs it tiny inside the test database.
"""

import argparse
import io
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

PREFIXES = ("investment.", "projects.", "support.", "enterprises.", "livelihood.", "fiscal.")
CATEGORIES = ("产业项目", "城市建设项目", "民生项目", "政府投资项目")
LIVELIHOOD = ("教育", "医疗", "养老", "交通路网", "住房保障", "文体", "水电气暖")
PROGRAMMES = ("产业升级贷贴息", "应急转贷", "创新券", "科创贷", "补贴资金", "外经贸专项资金")
# (stage, share of the projects reaching it, days after the previous stage)
MOVES = (("跟踪", 0.70, 20), ("在谈", 0.45, 25), ("签约", 0.25, 30))


@dataclass
class Built:
    root: object
    street: object
    community: object
    rows: dict = field(default_factory=dict)  # ledger key → rows written
    seconds: dict = field(default_factory=dict)  # ledger key → import seconds


def setup_django(database_url: str | None) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ["TALLY_DEVELOPMENT"] = "1"
    os.environ["TALLY_VAR_DIR"] = str(OUT / "var")
    os.environ["TALLY_IMPORT_MAX_ROWS"] = "1000000"
    os.environ["TALLY_UPLOAD_MAX_MB"] = "200"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        db = OUT / "economy_bench.sqlite3"
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


def xlsx(header: list[str], rows: list[list]) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_string(r, c, value.isoformat())  # as clerks type them
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def run_import(built: Built, user, key: str, rows: list[list]) -> None:
    """One file through the ledger's import; a file with an error stops the bench."""
    from tally.ledgers import services
    from tally.ledgers.registry import get_ledger

    ledger = get_ledger(key)
    header = [column.header for column in ledger.columns]
    data = xlsx(header, rows)
    start = time.perf_counter()
    batch = services.import_now(ledger, f"{key}.xlsx", data, user=user)
    built.seconds[key] = built.seconds.get(key, 0.0) + time.perf_counter() - start
    if batch.error_count or batch.status != "committed":
        raise SystemExit(f"{key}: {batch.status}, {batch.errors[:3]} {batch.notes[:3]}")
    built.rows[key] = built.rows.get(key, 0) + len(rows)


def build_tree(streets: int, communities: int):
    from tally.accounts.models import Role, User
    from tally.orgs.models import OrgKind
    from tally.orgs.services import add_org

    root = add_org(None, code="E", name="基准经开区党工委", kind=OrgKind.ZONE)
    leaves = []
    for s in range(1, streets + 1):
        street = add_org(root, code=f"E-{s:02d}", name=f"第{s}街道", kind=OrgKind.STREET)
        for c in range(1, communities + 1):
            code = f"E-{s:02d}-{c:02d}"
            leaves.append(
                add_org(street, code=code, name=f"第{s}街道{c}社区", kind=OrgKind.COMMUNITY)
            )
    admin = User(username="economy-bench", role=Role.ADMIN, org=root)
    admin.set_password("Bench#2023pw")
    admin.save()
    return root, leaves, admin


def investment_rows(n: int, leaves, rng: random.Random) -> list[list]:
    rows = []
    for i in range(n):
        entered = date(2023, 1, 1) + timedelta(days=rng.randrange(181))
        amount = Decimal(rng.randrange(50, 5000)) / 100
        org = leaves[i % len(leaves)].code
        rows.append(
            [
                *(f"ZS-{i:06d}", f"招商项目{i}", f"投资方{i % 97}", "新能源汽车", float(amount)),
                *("谋划", entered, entered, org, f"领导{i % 12}"),
            ]
        )
    return rows


def build_pipeline(built: Built, user, n: int, leaves, rng: random.Random) -> None:
    rows = investment_rows(n, leaves, rng)
    run_import(built, user, "investment_projects", rows)
    for stage, share, days in MOVES:
        rows = rows[: int(n * share)]
        for row in rows:
            row[5], row[6] = stage, row[6] + timedelta(days=days)
        run_import(built, user, "investment_projects", rows)


def construction_rows(n: int, leaves, rng: random.Random) -> list[list]:
    rows = []
    for i in range(n):
        category = CATEGORIES[i % len(CATEGORIES)]
        livelihood = LIVELIHOOD[i % len(LIVELIHOOD)] if category == "民生项目" else ""
        total = Decimal(rng.randrange(100, 3000)) / 100
        plan = (total * Decimal("0.4")).quantize(Decimal("0.01"))
        rows.append(
            [
                *(f"XM-{i:06d}", f"建设项目{i}", category, livelihood, 2023, float(total)),
                *(float(plan), date(2023, 1, 1), date(2023, 12, 31), leaves[i % len(leaves)].code),
            ]
        )
    return rows


def build_projects(built: Built, user, n: int, leaves, rng: random.Random) -> None:
    projects = construction_rows(n, leaves, rng)
    run_import(built, user, "construction_projects", projects)
    pace = [Decimal(rng.randrange(60, 130)) / 100 for _ in projects]
    for month in range(1, 7):
        reports = []
        for row, speed in zip(projects, pace, strict=True):
            done = Decimal(str(row[6])) * month / 12 * speed
            progress = min(100, int(Decimal(month * 100) / 12 * speed))
            reports.append([row[0], f"2023-{month:02d}", float(round(done, 2)), progress, "施工中"])
        run_import(built, user, "project_reports", reports)


def build_enterprises(built: Built, user, n: int, leaves, rng: random.Random) -> None:
    from tally.lib.creditcode import make_credit_code

    def yes(flag: bool) -> str:
        return "是" if flag else "否"

    enterprises, applications = [], []
    for i in range(max(1, n // 10)):
        code = make_credit_code(f"9142030{i:010d}")
        sme, upgraded = i % 3 == 0, i % 4 == 0
        filed = date(2023, 1, 1) + timedelta(days=rng.randrange(181)) if sme else None
        done = date(2023, 2, 1) + timedelta(days=rng.randrange(140)) if upgraded else None
        enterprises.append(
            [
                *(code, f"企业{i}", "汽车零部件", yes(i % 2 == 0), yes(sme), filed),
                *(yes(i % 5 == 0), yes(upgraded), done, leaves[i % len(leaves)].code),
            ]
        )
        for k in range(2):
            applied = Decimal(rng.randrange(1000, 50000)) / 100
            applications.append(
                [
                    *(code, PROGRAMMES[(i + k) % len(PROGRAMMES)], f"2023年第{k + 1}批"),
                    *(f"申报{i}-{k}", date(2023, 3, 1) + timedelta(days=i % 100)),
                    *(float(applied), float(applied * Decimal("0.8")), "已获批"),
                ]
            )
    run_import(built, user, "enterprises", enterprises)
    run_import(built, user, "support_applications", applications)


def build_fiscal(built: Built, user, root, streets) -> None:
    run_import(
        built,
        user,
        "indicators",
        [
            ["revenue", "地方一般公共预算收入", "万元", "", root.code],
            ["tax", "税收收入", "万元", "revenue", root.code],
        ],
    )
    targets, actuals = [], []
    for index, street in enumerate(streets, start=1):
        base = Decimal(1000 * index)
        targets += [["revenue", street.code, 2023, float(base * 12)]]
        targets += [["tax", street.code, 2023, float(base * 11)]]
        for year, scale in ((2022, Decimal("0.7")), (2023, Decimal(1))):
            for month in range(1, 13):
                revenue = base * month * scale
                actuals.append(["revenue", street.code, f"{year}-{month:02d}", float(revenue)])
                actuals.append(
                    ["tax", street.code, f"{year}-{month:02d}", float(revenue * Decimal("0.9"))]
                )
    run_import(built, user, "indicator_targets", targets)
    run_import(built, user, "indicator_actuals", actuals)


def build(projects: int, streets: int, communities: int, seed: int = 2023) -> Built:
    """The tree and every economy ledger, through the import path."""
    from tally.orgs.models import Org, OrgKind

    rng = random.Random(seed)
    root, leaves, admin = build_tree(streets, communities)
    street_orgs = list(Org.objects.filter(kind=OrgKind.STREET).order_by("path"))
    built = Built(root=root, street=street_orgs[0], community=leaves[0])
    build_pipeline(built, admin, projects, leaves, rng)
    build_projects(built, admin, projects, leaves, rng)
    build_enterprises(built, admin, projects, leaves, rng)
    build_fiscal(built, admin, root, street_orgs)
    return built


def economy_keys() -> list[str]:
    from tally.metrics.registry import builtin_metrics

    return sorted(m.key for m in builtin_metrics() if m.key.startswith(PREFIXES))


def timed(fn, runs: int) -> float:
    """Median seconds of `runs` calls after one warm-up."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(built: Built, runs: int = 5) -> dict:
    """{level: (seconds, figures)} for the root, the first street and its first community."""
    from tally.lib.periods import parse_period
    from tally.metrics.engine import compute_many

    keys, period = economy_keys(), parse_period("2023H1")
    found = {}
    for level, org in (
        ("root", built.root),
        ("street", built.street),
        ("community", built.community),
    ):
        figures = compute_many(keys, org, period)
        seconds = timed(lambda org=org: compute_many(keys, org, period), runs)
        found[level] = (seconds, figures)
    return found


def report(built: Built, measured: dict) -> None:
    for key, rows in built.rows.items():
        seconds = built.seconds[key]
        print(f"import {key:22} {rows:>8} rows {seconds:7.2f} s {rows / seconds:>9,.0f} rows/s")
    keys = economy_keys()
    print(f"{len(keys)} metrics of sections C and E, 2023H1, compute_many:")
    for level, (seconds, figures) in measured.items():
        library = figures["investment.library.count"].value
        print(f"  {level:9} {seconds * 1000:8.1f} ms   investment.library.count = {library}")
    root = measured["root"][0]
    print(f"street / root: {measured['street'][0] / root:.3f}")
    print(f"community / root: {measured['community'][0] / root:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--streets", type=int, default=12)
    parser.add_argument("--communities", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django(os.environ.get("DATABASE_URL"))
    began = time.perf_counter()
    built = build(args.projects, args.streets, args.communities)
    print(f"built in {time.perf_counter() - began:.0f} s")
    report(built, measure(built, args.runs))


if __name__ == "__main__":
    main()
