"""Demo data for the generic ledgers DOMAIN.md ships (events, briefings, publicity, service
items, government filings, technology contracts, environmental facilities): a year in the
fictional zone, the first half sized like the article's figures. Written in bulk through
the same GenericLedger that imports use, so records look exactly like imported ones.
Idempotent: a ledger that already has records is left alone."""

from datetime import date, timedelta
from decimal import Decimal

from tally.ledgers.generic import GenericLedger
from tally.ledgers.models import GenericRecord, LedgerType
from tally.lib.creditcode import make_credit_code

DEPARTMENTS = ["QS-BM-DZB", "QS-BM-DCS", "QS-BM-DJB", "QS-BM-ZSJ", "QS-BM-JFJ", "QS-BM-KJJ"]
STREETS = ["QS-DC", "QS-XC", "QS-NH"]
PLATFORMS = ["微信公众号", "经开区门户网站", "十堰日报", "学习强国", "抖音号", "今日头条"]


def day_in(rng, year: int, first_half: bool) -> date:
    start = date(year, 1, 3) if first_half else date(year, 7, 1)
    return start + timedelta(days=rng.randrange(175 if first_half else 180))


def events(ctx):
    rows = [
        {
            "name": f"能力作风建设大家谈（第{n}期）",
            "category": "能力作风建设大家谈",
            "org": DEPARTMENTS[n % len(DEPARTMENTS)],
            "date": date(ctx.year, 1 + (n * 2) % 6, 10 + n),
        }
        for n in range(1, 10)
    ]
    rows.append(
        {
            "name": "能力作风建设大家谈（下半年）",
            "category": "能力作风建设大家谈",
            "org": "QS-BM-DCS",
            "date": date(ctx.year, 9, 20),
        }
    )
    for n in range(1, 13):
        kind = "工作经验交流座谈会" if n % 2 else "主题活动"
        rows.append(
            {
                "name": f"{kind}（{ctx.year}年第{n}次）",
                "category": kind,
                "org": STREETS[n % len(STREETS)],
                "date": day_in(ctx.rng, ctx.year, n % 2 == 0),
            }
        )
    return rows


def briefings(ctx):
    rows = []
    for n in range(1, 30):
        first_half = n <= 19
        rows.append(
            {
                "issue": f"{ctx.year}年第{n}期",
                "title": "能力作风建设专刊" if n % 2 else "督查工作简报",
                "date": date(ctx.year, 1, 8) + timedelta(days=(n - 1) * 9)
                if first_half
                else day_in(ctx.rng, ctx.year, False),
                "org": "QS-BM-DZB",
            }
        )
    return rows


def publicity(ctx):
    rows = []
    orgs = DEPARTMENTS + STREETS
    for n in range(1, 2722 + 1 + 1800):
        first_half = n <= 2722
        rows.append(
            {
                "title": f"经开区能力作风建设动态（{n}）",
                "platform": PLATFORMS[n % len(PLATFORMS)],
                "date": day_in(ctx.rng, ctx.year, first_half),
                "org": orgs[n % len(orgs)],
            }
        )
    return rows


def service_items(ctx):
    rows = []
    for n in range(1, 566 + 1 + 60):
        online = (
            date(ctx.year - 1, 3, 1) + timedelta(days=ctx.rng.randrange(300)) if n <= 380 else None
        )
        if online is None:
            online = day_in(ctx.rng, ctx.year, n <= 566)
        rows.append(
            {"code": f"JB-{n:04d}", "name": f"即办事项{n:04d}", "org": "QS-BM-ZWJ", "date": online}
        )
    return rows


def gov_filings(ctx):
    rows = []
    for n in range(1, 31 + 1 + 20):
        rows.append(
            {
                "number": f"BA-{ctx.year}-{n:03d}",
                "name": f"{'政府投资' if n % 4 == 0 else '企业投资'}项目{n:03d}",
                "category": "政府投资项目" if n % 4 == 0 else "备案项目",
                "date": day_in(ctx.rng, ctx.year, n <= 31),
                "org": "QS-BM-JFJ",
            }
        )
    return rows


def tech_contracts(ctx):
    # 40 contracts in the first half adding up to 14 亿元, then some more.
    amounts = [Decimal("0.35")] * 40 + [Decimal("0.28")] * 15
    rows = []
    for n, amount in enumerate(amounts, start=1):
        rows.append(
            {
                "number": f"{ctx.year}4203{n:08d}",
                "credit_code": make_credit_code(f"9142030{n:010d}"),
                "date": day_in(ctx.rng, ctx.year, n <= 40),
                "amount": amount,
                "org": "QS-BM-KJJ",
            }
        )
    return rows


def env_facilities(ctx):
    plan = [("维修更换", 51), ("清淤疏通", 12), ("新建管网", 17)]
    rows, n = [], 0
    for category, count in plan:
        for _ in range(count):
            n += 1
            found = date(ctx.year, 1, 5) + timedelta(days=ctx.rng.randrange(150))
            rows.append(
                {
                    "number": f"HB-{ctx.year}-{n:03d}",
                    "category": category,
                    "location": f"{['东风路', '柳林路', '滨湖大道', '春晖街'][n % 4]}{n}号附近",
                    "org": "QS-BM-STJ",
                    "found": found,
                    "done": min(
                        found + timedelta(days=5 + ctx.rng.randrange(20)), date(ctx.year, 6, 30)
                    ),
                }
            )
    for extra in range(8):  # found in the second half, some still open
        n += 1
        found = day_in(ctx.rng, ctx.year, False)
        rows.append(
            {
                "number": f"HB-{ctx.year}-{n:03d}",
                "category": plan[extra % 3][0],
                "location": f"马岭村{extra + 1}组",
                "org": "QS-BM-STJ",
                "found": found,
                "done": found + timedelta(days=10) if extra % 2 else None,
            }
        )
    return rows


BUILDERS = {
    "events": events,
    "briefings": briefings,
    "publicity": publicity,
    "service_items": service_items,
    "gov_filings": gov_filings,
    "tech_contracts": tech_contracts,
    "env_facilities": env_facilities,
}


def seed(ctx) -> None:
    for key, build in BUILDERS.items():
        ledger_type = LedgerType.objects.filter(key=key).first()
        if ledger_type is None or GenericRecord.objects.filter(ledger_type=ledger_type).exists():
            continue
        ledger = GenericLedger(ledger_type)
        records = []
        for row in build(ctx):
            values = {k: ctx.orgs[v] if k in org_keys(ledger) and v else v for k, v in row.items()}
            records.append(ledger.new_instance(values))
        GenericRecord.objects.bulk_create(records, batch_size=1000)
        ctx.log.append(f"  {ledger_type.name}: {len(records)}")


def org_keys(ledger: GenericLedger) -> set[str]:
    return {column.key for column in ledger.columns if column.type == "org"}
