"""Demo data of the economy module: a year of the fictional zone's investment library with
its stage history, construction projects with their monthly reports, enterprises with
their support applications, and two years of monthly fiscal actuals with targets.

The first half of the demo year gives the article's figures (DOMAIN.md sections C and E):
121 projects entered the library (560.83 亿元), 51 signed (303.98), on 30 June 25 in key
negotiation (157.05), 78 in negotiation (260.63) and 34 tracked (171.34); 174 industrial
projects (615.04) and 70 livelihood projects in 7 categories (318.29); the support
programmes' applications and grants; the enterprise libraries; revenue up 129.2% with
tax up 148%, tax 96.6% of revenue, 74.3% of the year's target, 24.3 points ahead of
序时进度. The second half moves on (projects sign, move back a stage, start), so that the
pipeline "as of 30 June" is visibly answered from the history.

东城街道 (QS-DC, the clerk 王芳 of JOURNEYS.md 1) has 14 construction projects whose June
reports are due: one came in early at 60% (a yellow light), the others are missing, and one
of those reported 1.5 亿元 for May (her file's row 9 says 1.2).

Everything is made up. Idempotent: each ledger is seeded only while it is empty. Its own
seeded random generator keeps the data the same from run to run.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from random import Random

from django.db import transaction
from django.utils import timezone

from tally.lib import lights
from tally.lib.creditcode import make_credit_code
from tally.orgs.models import Org

from .models import (
    ApplicationStatus,
    Category,
    ConstructionProject,
    Enterprise,
    Indicator,
    IndicatorActual,
    IndicatorTarget,
    InvestmentProject,
    Programme,
    ProjectReport,
    Stage,
    StageChange,
    SupportApplication,
)

ZONE = "QS"
STREETS = ("QS-DC", "QS-XC", "QS-NH")
# Construction projects of the other streets (东城街道 has the journey's 14).
OTHER_STREETS = ("QS-XC", "QS-NH")
INVESTMENT_BUREAU = "QS-BM-ZSJ"
DEVELOPMENT_BUREAU = "QS-BM-JFJ"
CONSTRUCTION_BUREAU = "QS-BM-JSJ"
SOCIAL_BUREAU = "QS-BM-SWJ"
JOURNEY_STREET = "QS-DC"
JOURNEY_PROJECTS = 14
YELLOW_PACE = 0.75
CENT = Decimal("0.01")

CHAINS = {
    "新能源汽车": ("动力电池包", "电驱系统", "整车总装", "充电桩", "氢燃料电池"),
    "汽车零部件": ("精密铸件", "底盘系统", "汽车内饰", "制动系统", "车身焊装"),
    "智能装备": ("工业机器人", "数控机床", "智能产线", "激光设备"),
    "新材料": ("铝合金型材", "碳纤维复合材料", "高分子材料", "特种钢材"),
    "现代物流": ("智慧物流园", "冷链仓储", "公铁联运中心"),
    "数字经济": ("工业互联网平台", "数据中心", "智能网联测试场"),
    "生物医药": ("医疗器械", "中药饮片", "生物制剂"),
}
INVESTOR_PLACES = ("深圳", "武汉", "北京", "上海", "杭州", "苏州", "广州", "西安", "长沙", "宁波")
INVESTOR_WORDS = (
    "华创",
    "恒通",
    "远航",
    "鼎盛",
    "同力",
    "宏图",
    "新锐",
    "博达",
    "领航",
    "正泰",
    "安达",
)
LEADERS = ("张建国", "李卫东", "王志刚", "刘海涛", "赵文华", "孙明亮", "周立新", "吴红梅")

LIVELIHOOD_CATEGORIES = (
    ("交通路网", ("道路综合改造", "背街小巷整治", "停车场建设", "公交首末站")),
    ("城市更新", ("老旧小区改造", "棚户区改造", "街区立面整治")),
    ("教育", ("小学新建", "幼儿园扩建", "中学改扩建")),
    ("医疗卫生", ("社区卫生服务中心", "医院新院区", "急救站点")),
    ("文化体育", ("全民健身中心", "文化广场", "社区书屋")),
    ("生态环境", ("雨污分流", "河道综合治理", "公园绿地")),
    ("供水供电", ("供水管网改造", "水改工程", "配电网改造")),
)
ROADS = (
    "青山大道",
    "东城路",
    "西城路",
    "南湖路",
    "柳林路",
    "石桥路",
    "花园路",
    "春晖街",
    "滨湖大道",
)
URBAN_WORKS = ("市政道路工程", "桥梁建设", "综合管廊", "片区开发", "景观提升工程")
GOVERNMENT_WORKS = ("政务服务中心", "人才孵化中心", "应急指挥中心", "档案馆", "职业技能实训基地")
ENTERPRISE_WORDS = (
    "精工",
    "华泰",
    "东风",
    "顺达",
    "宏远",
    "汇通",
    "金鼎",
    "瑞丰",
    "嘉诚",
    "联创",
    "盛世",
)
INDUSTRIES = ("汽车零部件", "新能源汽车", "智能装备", "新材料", "电子信息", "生物医药", "现代物流")


@dataclass
class Seeding:
    ctx: object
    rng: Random
    year: int
    orgs: dict = field(default_factory=dict)

    def day(self, start: dt.date, end: dt.date) -> dt.date:
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def d(self, month: int, day: int, year_offset: int = 0) -> dt.date:
        return dt.date(self.year + year_offset, month, day)

    def org(self, code: str) -> Org:
        return self.orgs[code]


def split(rng: Random, total: str, n: int, low: str = "0.30") -> list[Decimal]:
    """n amounts of at least `low`, two decimals, adding up to `total` exactly."""
    total, low = Decimal(total), Decimal(low)
    weights = [rng.uniform(0.3, 2.0) for _ in range(n)]
    spare = total - low * n
    amounts = [
        low + (spare * Decimal(str(w)) / Decimal(str(sum(weights)))).quantize(CENT) for w in weights
    ]
    amounts[-1] += total - sum(amounts)
    assert amounts[-1] > 0
    return amounts


@transaction.atomic
def seed(ctx) -> None:
    seeding = Seeding(ctx=ctx, rng=Random(f"economy-{ctx.year}"), year=ctx.year)
    seeding.orgs = {o.code: o for o in Org.objects.filter(active=True)}
    if ZONE not in seeding.orgs:
        return
    steps = (
        (InvestmentProject, seed_investment),
        (ConstructionProject, seed_construction),
        (Enterprise, seed_enterprises),
        (Indicator, seed_indicators),
    )
    for model, step in steps:
        if not model.objects.exists():
            step(seeding)
    declare_report_obligation(seeding)
    ctx.log.append(
        f"economy: {InvestmentProject.objects.count()} investment projects, "
        f"{ConstructionProject.objects.count()} construction projects, "
        f"{ProjectReport.objects.count()} monthly reports, {Enterprise.objects.count()} "
        f"enterprises, {SupportApplication.objects.count()} support applications"
    )


# --- investment projects and their stage history -----------------------------------------


@dataclass
class Pipeline:
    """One group of projects: how many, their total, and how their stages run."""

    count: int
    total: str
    path: object  # (seeding, index) -> [(stage, date)], the first being 谋划 at entry


def seed_investment(s: Seeding) -> None:
    y = s.year
    H1_END, H2_START = s.d(6, 28), s.d(7, 3)

    def prior_entry():
        return s.day(s.d(3, 1, -1), s.d(10, 31, -1))

    def h1_entry(latest=None):
        return s.day(s.d(1, 4), latest or s.d(3, 31))

    def signed_before(index):
        entered = prior_entry()
        tracked = s.day(entered + dt.timedelta(days=20), entered + dt.timedelta(days=60))
        talking = s.day(s.d(11, 1, -1), s.d(2, 20))
        signed = s.day(s.d(3, 1), H1_END) if index % 3 else s.day(s.d(1, 10), s.d(2, 28))
        path = [(Stage.PLANNING, entered), (Stage.TRACKING, tracked), (Stage.NEGOTIATING, talking)]
        path.append((Stage.SIGNED, max(signed, talking + dt.timedelta(days=7))))
        if index % 2 == 0:
            started = path[-1][1] + dt.timedelta(days=s.rng.randint(25, 70))
            path.append((Stage.STARTED, started))
        return path

    def signed_new(index):
        signed = s.day(s.d(3, 10), H1_END)
        entered = s.day(s.d(1, 4), signed - dt.timedelta(days=45))
        talking = s.day(entered + dt.timedelta(days=7), signed - dt.timedelta(days=10))
        path = [(Stage.PLANNING, entered), (Stage.NEGOTIATING, talking), (Stage.SIGNED, signed)]
        if index % 4 == 0:
            path.append((Stage.STARTED, signed + dt.timedelta(days=s.rng.randint(40, 120))))
        return path

    def key_before(index):
        entered = prior_entry()
        path = [
            (Stage.PLANNING, entered),
            (Stage.TRACKING, entered + dt.timedelta(days=s.rng.randint(15, 50))),
            (Stage.NEGOTIATING, s.day(s.d(12, 1, -1), s.d(3, 15))),
            (Stage.KEY_NEGOTIATION, s.day(s.d(3, 20), H1_END)),
        ]
        if index < 3:  # signed in the second half
            path.append((Stage.SIGNED, s.day(s.d(8, 1), s.d(10, 30))))
        return path

    def key_new(index):
        entered = h1_entry(s.d(2, 28))
        talking = entered + dt.timedelta(days=s.rng.randint(10, 40))
        return [
            (Stage.PLANNING, entered),
            (Stage.NEGOTIATING, talking),
            (Stage.KEY_NEGOTIATION, s.day(talking + dt.timedelta(days=20), H1_END)),
        ]

    def talking_before(index):
        entered = prior_entry()
        path = [
            (Stage.PLANNING, entered),
            (Stage.TRACKING, entered + dt.timedelta(days=s.rng.randint(15, 60))),
            (Stage.NEGOTIATING, s.day(s.d(11, 15, -1), s.d(6, 20))),
        ]
        if index < 5:  # talks stalled in the second half: back to tracking
            path.append((Stage.TRACKING, s.day(s.d(9, 1), s.d(11, 30))))
        elif index < 11:
            path.append((Stage.KEY_NEGOTIATION, s.day(s.d(8, 1), s.d(12, 15))))
        return path

    def talking_new(index):
        entered = h1_entry(s.d(5, 10))
        path = [(Stage.PLANNING, entered)]
        if index % 2:
            path.append((Stage.TRACKING, entered + dt.timedelta(days=s.rng.randint(5, 20))))
        path.append((Stage.NEGOTIATING, s.day(path[-1][1] + dt.timedelta(days=5), H1_END)))
        if index < 10:  # signed after 30 June
            path.append((Stage.SIGNED, s.day(s.d(8, 1), s.d(12, 20))))
        return path

    def tracked_before(index):
        entered = prior_entry()
        path = [(Stage.PLANNING, entered), (Stage.TRACKING, s.day(s.d(11, 1, -1), s.d(2, 28)))]
        if index < 3:  # talked in March, back to tracking in May
            path.append((Stage.NEGOTIATING, s.day(s.d(3, 1), s.d(3, 31))))
            path.append((Stage.TRACKING, s.day(s.d(5, 1), s.d(5, 31))))
        return path

    def tracked_new(index):
        entered = h1_entry(s.d(6, 10))
        return [(Stage.PLANNING, entered), (Stage.TRACKING, s.day(entered, H1_END))]

    def planned_new(index):
        return [(Stage.PLANNING, h1_entry(H1_END))]

    def working_before(index):
        entered = s.day(s.d(5, 1, -2), s.d(6, 30, -1))
        signed = s.day(s.d(7, 1, -1), s.d(11, 30, -1))
        path = [(Stage.PLANNING, entered), (Stage.SIGNED, signed)]
        path.append((Stage.STARTED, s.day(s.d(1, 15), s.d(5, 30))))
        if index < 5:
            path.append((Stage.OPERATING, s.day(s.d(9, 1), s.d(12, 20))))
        return path

    def second_half(index):
        entered = s.day(H2_START, s.d(12, 20))
        path = [(Stage.PLANNING, entered)]
        if index % 2:
            path.append((Stage.TRACKING, s.day(entered, s.d(12, 28))))
        return path

    groups = [
        Pipeline(30, "183.98", signed_before),
        Pipeline(21, "120.00", signed_new),
        Pipeline(15, "96.55", key_before),
        Pipeline(10, "60.50", key_new),
        Pipeline(38, "130.43", talking_before),
        Pipeline(40, "130.20", talking_new),
        Pipeline(14, "76.24", tracked_before),
        Pipeline(20, "95.10", tracked_new),
        Pipeline(30, "155.03", planned_new),
        Pipeline(20, "168.40", working_before),
        Pipeline(40, "142.60", second_half),
    ]
    projects, histories = [], []
    serial = {y - 2: 0, y - 1: 0, y: 0}
    units = [INVESTMENT_BUREAU] * 6 + [*STREETS, DEVELOPMENT_BUREAU]
    for group in groups:
        amounts = split(s.rng, group.total, group.count)
        for index, amount in enumerate(amounts):
            path = ordered(group.path(index))
            entered = path[0][1]
            serial[entered.year] += 1
            chain = s.rng.choice(list(CHAINS))
            projects.append(
                InvestmentProject(
                    number=f"ZS-{entered.year}-{serial[entered.year]:03d}",
                    name=f"{s.rng.choice(CHAINS[chain])}项目",
                    investor=f"{s.rng.choice(INVESTOR_PLACES)}{s.rng.choice(INVESTOR_WORDS)}"
                    f"{chain[:2]}科技有限公司",
                    chain=chain,
                    amount=amount,
                    stage=path[-1][0],
                    stage_date=path[-1][1],
                    entered_on=entered,
                    org=s.org(s.rng.choice(units)),
                    leader=s.rng.choice(LEADERS),
                )
            )
            histories.append(path)
    InvestmentProject.objects.bulk_create(projects, batch_size=500)
    saved = dict(InvestmentProject.objects.values_list("number", "pk"))
    StageChange.objects.bulk_create(
        (
            StageChange(project_id=saved[project.number], stage=stage, date=day)
            for project, path in zip(projects, histories, strict=True)
            for stage, day in path
        ),
        batch_size=1000,
    )


def ordered(path: list[tuple[str, dt.date]]) -> list[tuple[str, dt.date]]:
    """Each stage at least a day after the one before (random dates may cross)."""
    fixed = [path[0]]
    for stage, day in path[1:]:
        fixed.append((stage, max(day, fixed[-1][1] + dt.timedelta(days=1))))
    return fixed


# --- construction projects and their monthly reports --------------------------------------


@dataclass
class Plan:
    category: str
    number: str
    name: str
    org: str
    total: Decimal
    start: dt.date | None
    end: dt.date | None
    livelihood: str = ""
    pace: float = 1.0  # physical progress against the schedule
    spend: float = 1.0  # investment against the annual plan × 序时进度
    year: int = 0
    may_cumulative: Decimal | None = None  # a May figure fixed by the journey


def seed_construction(s: Seeding) -> None:
    plans = [
        *industrial_plans(s),
        *livelihood_plans(s),
        *urban_plans(s),
        *government_plans(s),
        *earlier_plans(s),
    ]
    journey_plans(s, plans)
    ConstructionProject.objects.bulk_create(
        [
            ConstructionProject(
                number=p.number,
                name=p.name,
                category=p.category,
                livelihood_category=p.livelihood,
                plan_year=p.year or s.year,
                total_investment=p.total,
                annual_plan=annual_plan_of(p, s.year),
                start_date=p.start,
                planned_end=p.end,
                org=s.org(p.org),
            )
            for p in plans
        ],
        batch_size=500,
    )
    saved = {p.number: p for p in ConstructionProject.objects.all()}
    reports = [r for p in plans for r in reports_of(s, p, saved[p.number])]
    ProjectReport.objects.bulk_create(reports, batch_size=1000)
    received_in_time(s)


def annual_plan_of(plan: Plan, year: int) -> Decimal:
    share = Decimal("0.45") if (plan.year or year) == year else Decimal("0.6")
    return (plan.total * share).quantize(CENT)


def pace_of(s: Seeding, index: int) -> tuple[float, float]:
    """Most projects keep time; one in six lags (yellow), one in twelve far (red)."""
    if index % 12 == 5:
        return s.rng.uniform(0.35, 0.5), s.rng.uniform(0.3, 0.45)
    if index % 6 == 1:
        return s.rng.uniform(0.72, 0.8), s.rng.uniform(0.6, 0.7)
    return s.rng.uniform(0.95, 1.1), s.rng.uniform(0.9, 1.15)


def schedule(s: Seeding, index: int) -> tuple[dt.date | None, dt.date]:
    if index % 25 == 7:  # starts in the second half
        start = s.day(s.d(7, 5), s.d(9, 30))
        return start, start + dt.timedelta(days=s.rng.randint(300, 540))
    start = s.day(s.d(3, 1, -1), s.d(3, 15))
    return start, s.day(max(start + dt.timedelta(days=240), s.d(9, 1)), s.d(12, 31, 1))


def industrial_plans(s: Seeding) -> list[Plan]:
    totals = split(s.rng, "615.04", 174, low="0.50")
    plans = []
    for index, total in enumerate(totals):
        chain = s.rng.choice(list(CHAINS))
        start, end = schedule(s, index)
        pace, spend = pace_of(s, index)
        org = (DEVELOPMENT_BUREAU, INVESTMENT_BUREAU, *OTHER_STREETS)[index % 4]
        plans.append(
            Plan(
                Category.INDUSTRIAL,
                f"XM-{s.year}-{index + 1:03d}",
                f"{s.rng.choice(INVESTOR_WORDS)}{s.rng.choice(CHAINS[chain])}产业化项目",
                org,
                total,
                start,
                end,
                pace=pace,
                spend=spend,
            )
        )
    return plans


def livelihood_plans(s: Seeding) -> list[Plan]:
    totals = split(s.rng, "318.29", 70, low="0.80")
    plans = []
    for index, total in enumerate(totals):
        category, works = LIVELIHOOD_CATEGORIES[index % len(LIVELIHOOD_CATEGORIES)]
        start, end = schedule(s, index + 3)
        pace, spend = pace_of(s, index + 3)
        org = (CONSTRUCTION_BUREAU, SOCIAL_BUREAU, *OTHER_STREETS)[index % 4]
        plans.append(
            Plan(
                Category.LIVELIHOOD,
                f"MS-{s.year}-{index + 1:03d}",
                f"{ROADS[index % len(ROADS)]}{s.rng.choice(works)}项目",
                org,
                total,
                start,
                end,
                livelihood=category,
                pace=pace,
                spend=spend,
            )
        )
    return plans


def urban_plans(s: Seeding) -> list[Plan]:
    plans = []
    for index, total in enumerate(split(s.rng, "96.40", 25, low="0.80")):
        start, end = schedule(s, index + 1)
        pace, spend = pace_of(s, index + 2)
        plans.append(
            Plan(
                Category.URBAN,
                f"CJ-{s.year}-{index + 1:03d}",
                f"{ROADS[index % len(ROADS)]}{URBAN_WORKS[index % len(URBAN_WORKS)]}",
                (CONSTRUCTION_BUREAU, *OTHER_STREETS)[index % 3],
                total,
                start,
                end,
                pace=pace,
                spend=spend,
            )
        )
    return plans


def government_plans(s: Seeding) -> list[Plan]:
    plans = []
    for index, total in enumerate(split(s.rng, "38.60", 12, low="0.80")):
        start, end = schedule(s, index + 4)
        pace, spend = pace_of(s, index)
        plans.append(
            Plan(
                Category.GOVERNMENT,
                f"ZF-{s.year}-{index + 1:03d}",
                f"经开区{GOVERNMENT_WORKS[index % len(GOVERNMENT_WORKS)]}建设项目"
                + ("" if index < len(GOVERNMENT_WORKS) else f"（{index // 5 + 1}期）"),
                (DEVELOPMENT_BUREAU, CONSTRUCTION_BUREAU, *OTHER_STREETS)[index % 4],
                total,
                start,
                end,
                pace=pace,
                spend=spend,
            )
        )
    return plans


def earlier_plans(s: Seeding) -> list[Plan]:
    """Projects of the year before, completed by its end."""
    plans = []
    for index, total in enumerate(split(s.rng, "52.30", 15, low="0.80")):
        start = s.day(s.d(2, 1, -1), s.d(4, 30, -1))
        plans.append(
            Plan(
                (Category.INDUSTRIAL, Category.URBAN, Category.LIVELIHOOD)[index % 3],
                f"XM-{s.year - 1}-{index + 1:03d}",
                f"{ROADS[index % len(ROADS)]}{URBAN_WORKS[index % len(URBAN_WORKS)]}"
                f"（{s.year - 1}年）",
                (DEVELOPMENT_BUREAU, CONSTRUCTION_BUREAU, *OTHER_STREETS)[index % 4],
                total,
                start,
                s.day(s.d(10, 1, -1), s.d(12, 15, -1)),
                livelihood=LIVELIHOOD_CATEGORIES[index % 7][0] if index % 3 == 2 else "",
                year=s.year - 1,
            )
        )
    return plans


def journey_plans(s: Seeding, plans: list[Plan]) -> None:
    """东城街道's 14 projects of the year (8 industrial, 3 livelihood, 2 urban, 1 government),
    all under way since early last year or this January. The first is the one reported
    early at 60% (80% expected on 30 June: yellow); the largest other one reported 1.5
    亿元 for May."""
    wanted = {
        Category.INDUSTRIAL: 8,
        Category.LIVELIHOOD: 3,
        Category.URBAN: 2,
        Category.GOVERNMENT: 1,
    }
    ours = []
    for category, n in wanted.items():
        ours += [p for p in plans if p.category == category and not p.year][1 : n + 1]
    assert len(ours) == JOURNEY_PROJECTS
    for plan in ours:
        plan.org = JOURNEY_STREET
        plan.start = s.day(s.d(2, 1, -1), s.d(1, 15))
        plan.end = max(plan.end, plan.start + dt.timedelta(days=300), s.d(10, 31))
        plan.pace, plan.spend = s.rng.uniform(0.98, 1.08), s.rng.uniform(1.0, 1.1)
    yellow = ours[0]
    yellow.start, yellow.end, yellow.pace = s.d(7, 1, -1), s.d(9, 30), YELLOW_PACE
    largest = max(ours[1:], key=lambda p: p.total)
    largest.may_cumulative = Decimal("1.5")


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def progress_words(progress: Decimal) -> str:
    for limit, words in (
        (10, "前期手续办理，场地平整"),
        (30, "基础施工"),
        (60, "主体结构施工"),
        (85, "主体封顶，二次结构施工"),
        (100, "装饰装修及配套工程施工"),
    ):
        if progress < limit:
            return words
    return "竣工验收"


def reports_of(s: Seeding, plan: Plan, project: ConstructionProject) -> list[ProjectReport]:
    """Monthly reports from the start month to June of the demo year (to December for the
    year before), each month's figures at least the month before's."""
    year = plan.year or s.year
    last_month = 12 if plan.year else 6
    if plan.start is None or plan.start > month_end(year, last_month):
        return []
    first = plan.start.month if plan.start.year == year else 1
    reports, progress, cumulative = [], Decimal(0), Decimal(0)
    plan_total = project.annual_plan or Decimal(0)
    for month in range(first, last_month + 1):
        end = month_end(year, month)
        expected = lights.expected_progress(plan.start, plan.end, end)
        progress = max(progress, min(Decimal(100), expected * Decimal(str(plan.pace))))
        progress = progress.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if plan.year:
            progress = Decimal(100) if month == last_month else progress
        spent = plan_total * Decimal(month) / 12 * Decimal(str(plan.spend))
        if plan.may_cumulative is not None:
            spent = plan.may_cumulative * month / 5
        cumulative = max(cumulative, spent.quantize(CENT))
        reports.append(
            ProjectReport(
                project=project,
                month=f"{year}-{month:02d}",
                cumulative=cumulative,
                progress=progress,
                progress_text=progress_words(progress),
            )
        )
    if plan.org == JOURNEY_STREET and not plan.year:
        reports = journey_reports(plan, reports)
    return reports


def journey_reports(plan: Plan, reports: list[ProjectReport]) -> list[ProjectReport]:
    """东城街道's June reports are due: only the yellow project's came in (at 60%)."""
    june = [r for r in reports if r.month.endswith("-06")]
    if plan.pace == YELLOW_PACE:
        for report in june:
            report.progress, report.progress_text = Decimal(60), "主体结构施工"
        return reports
    return [r for r in reports if r not in june]


def received_in_time(s: Seeding) -> None:
    """Reports came in between the 18th and the 28th of their month (a few late): the
    time they were received is what the obligation's punctuality is judged by."""
    reports = list(ProjectReport.objects.all())
    zone = timezone.get_current_timezone()
    for report in reports:
        year, month = int(report.month[:4]), int(report.month[5:7])
        day = 26 + s.rng.randint(0, 2) if s.rng.random() < 0.08 else s.rng.randint(18, 25)
        report.created_at = dt.datetime(year, month, day, 16, 30, tzinfo=zone)
        report.updated_at = report.created_at
    ProjectReport.objects.bulk_update(reports, ["created_at", "updated_at"], batch_size=1000)


def declare_report_obligation(s: Seeding) -> None:
    """项目月报 due from every street by the 25th since January of the demo year, so that
    their punctuality shows among the reporting figures (东城街道's June still owed)."""
    from tally.accounts.models import Role, User
    from tally.orgs.models import OrgKind
    from tally.supervision.models import Obligation
    from tally.supervision.services import declare_obligation

    from .receipts import LEDGER_KEY

    office = User.objects.filter(role=Role.OFFICE).order_by("pk").first()
    if office is None or Obligation.objects.filter(ledger_key=LEDGER_KEY).exists():
        return
    fields = {
        "ledger_key": LEDGER_KEY,
        "name": "项目月报",
        "frequency": "monthly",
        "due_day": 25,
        "unit_kinds": [OrgKind.STREET],
        "starts_on": dt.date(s.year, 1, 1),
        "active": True,
    }
    declare_obligation(fields, by=office)


# --- enterprises and support applications ------------------------------------------------


def seed_enterprises(s: Seeding) -> None:
    total = 320
    enterprises = []
    for n in range(1, total + 1):
        industry = INDUSTRIES[n % len(INDUSTRIES)]
        filed = tech_sme_date(s, n)
        upgraded = upgrade_date(s, n)
        enterprises.append(
            Enterprise(
                credit_code=make_credit_code(f"91420300{n:09d}"),
                name=f"青山{ENTERPRISE_WORDS[n % len(ENTERPRISE_WORDS)]}{industry}有限公司"
                + ("" if n <= len(ENTERPRISE_WORDS) * len(INDUSTRIES) else f"（{n}）"),
                industry=industry,
                above_scale=n <= 110,
                tech_sme=filed is not None,
                tech_sme_filed_on=filed,
                hightech_reserve=50 < n <= 150,
                tech_upgrade=n <= 100,
                upgraded_on=upgraded,
                org=s.org(STREETS[n % len(STREETS)]),
            )
        )
    Enterprise.objects.bulk_create(enterprises, batch_size=500)
    seed_applications(s, list(Enterprise.objects.order_by("credit_code")))


def tech_sme_date(s: Seeding, n: int) -> dt.date | None:
    """180 filed in the first half, 40 the year before, 15 in the second half."""
    if 100 < n <= 280:
        return s.day(s.d(1, 10), s.d(6, 28))
    if 280 < n <= 320 or n <= 15:
        return s.day(s.d(2, 1, -1), s.d(11, 30, -1)) if n > 280 else s.day(s.d(7, 5), s.d(12, 20))
    return None


def upgrade_date(s: Seeding, n: int) -> dt.date | None:
    """Of the 100 in the technical upgrade library, 46 finished in the first half."""
    if n <= 46:
        return s.day(s.d(1, 15), s.d(6, 28))
    if 46 < n <= 56:
        return s.day(s.d(7, 10), s.d(12, 20))
    return None


@dataclass
class Programme_:
    programme: str
    rows: int
    enterprises: int
    round_names: tuple[str, ...]
    applied: str | None
    granted: str | None
    granted_rows: int


def seed_applications(s: Seeding, enterprises: list[Enterprise]) -> None:
    first_half = [
        Programme_(
            Programme.FOREIGN_TRADE,
            83,
            60,
            ("2023年中央外经贸发展专项资金", "2023年省级外经贸发展专项资金"),
            "2490.00",
            "151.00",
            9,
        ),
        Programme_(
            Programme.MID_LONG_LOAN, 37, 37, ("2023年第一批", "2023年第二批"), "185000.00", None, 0
        ),
        Programme_(Programme.INTEREST_SUBSIDY, 36, 36, ("2022年度",), "324.99", None, 0),
        Programme_(Programme.BRIDGE_LOAN, 3, 3, ("2023年",), "2300.00", "2300.00", 3),
        Programme_(
            Programme.INNOVATION_VOUCHER,
            15,
            13,
            ("2023年第一批", "2023年第二批"),
            "195.00",
            None,
            0,
        ),
        Programme_(Programme.SCI_TECH_LOAN, 30, 30, ("2023年",), "8200.00", "6100.00", 24),
        Programme_(
            Programme.SUBSIDY, 34, 30, ("2023年第一批", "2023年第二批"), "2600.00", "2000.00", 28
        ),
    ]
    rows = []
    for spec in first_half:
        rows += applications(s, enterprises, spec, s.d(1, 5), s.d(6, 28))
    second_half = Programme_(Programme.SUBSIDY, 12, 12, ("2023年第三批",), "800.00", "500.00", 8)
    rows += applications(s, enterprises, second_half, s.d(7, 10), s.d(12, 15))
    more_trade = Programme_(
        Programme.FOREIGN_TRADE, 10, 10, ("2023年市级外经贸发展专项资金",), "300.00", "60.00", 4
    )
    rows += applications(s, enterprises, more_trade, s.d(8, 1), s.d(11, 30))
    SupportApplication.objects.bulk_create(rows, batch_size=500)


def applications(s, enterprises, spec: Programme_, start: dt.date, end: dt.date) -> list:
    """`spec.rows` applications by `spec.enterprises` distinct enterprises, the applied and
    granted totals split over them exactly."""
    chosen = s.rng.sample(enterprises, spec.enterprises)
    applicants = chosen + [s.rng.choice(chosen) for _ in range(spec.rows - spec.enterprises)]
    applied = (
        split(s.rng, spec.applied, spec.rows, low="1.00") if spec.applied else [None] * spec.rows
    )
    granted = [None] * spec.rows
    if spec.granted:
        granted[: spec.granted_rows] = split(s.rng, spec.granted, spec.granted_rows, low="1.00")
    found = []
    for index, enterprise in enumerate(applicants):
        is_granted = granted[index] is not None
        found.append(
            SupportApplication(
                enterprise=enterprise,
                programme=spec.programme,
                round=spec.round_names[index % len(spec.round_names)],
                name=f"{enterprise.industry}项目{index + 1:02d}",
                applied_on=s.day(start, end),
                applied=max(applied[index], granted[index] or Decimal(0))
                if applied[index]
                else None,
                granted=granted[index],
                status=ApplicationStatus.GRANTED
                if is_granted
                else s.rng.choice((ApplicationStatus.APPLIED, ApplicationStatus.REVIEWING)),
            )
        )
    return found


# --- indicators ----------------------------------------------------------------------------

# The zone's cumulative revenue and tax (万元) at the end of each month, the year before and
# the demo year; June gives the article's ratios (see the module's docstring).
REVENUE = {
    -1: (6120, 12450, 19310, 25890, 32240, 38901, 45120, 51980, 58830, 65240, 71930, 80150),
    0: (13890, 28770, 43120, 58360, 73480, 89160, 101240, 114620, 128890, 141030, 153480, 166320),
}
TAX = {
    -1: (5310, 10970, 17020, 22950, 28640, 34729, 40210, 46350, 52430, 58110, 63920, 71080),
    0: (13370, 27730, 41610, 56330, 70940, 86129, 97720, 110640, 124400, 136100, 148100, 160440),
}
REVENUE_TARGETS = {-1: 76000, 0: 120000}
FIXED_INVESTMENT = {  # 亿元
    -1: (8.2, 17.9, 29.4, 40.1, 51.6, 63.8, 73.2, 82.9, 93.5, 103.1, 112.6, 124.0),
    0: (10.4, 22.1, 35.8, 48.9, 62.7, 77.5, 88.3, 99.6, 111.2, 122.4, 133.1, 145.2),
}
FIXED_TARGETS = {-1: 120, 0: 150}


def seed_indicators(s: Seeding) -> None:
    zone = s.org(ZONE)
    defined = {
        code: Indicator.objects.create(
            code=code, name=name, unit=unit, parent_code=parent, org=zone
        )
        for code, name, unit, parent in (
            ("revenue", "地方一般公共预算收入", "万元", ""),
            ("tax", "税收收入", "万元", "revenue"),
            ("nontax", "非税收入", "万元", "revenue"),
            ("fixed_investment", "固定资产投资", "亿元", ""),
        )
    }
    nontax = {k: tuple(r - t for r, t in zip(REVENUE[k], TAX[k], strict=True)) for k in REVENUE}
    series = (
        ("revenue", REVENUE),
        ("tax", TAX),
        ("nontax", nontax),
        ("fixed_investment", FIXED_INVESTMENT),
    )
    actuals = [
        IndicatorActual(
            indicator=defined[code],
            org=zone,
            month=f"{s.year + offset}-{month:02d}",
            cumulative=Decimal(str(value)),
        )
        for code, values in series
        for offset, months in values.items()
        for month, value in enumerate(months, start=1)
    ]
    IndicatorActual.objects.bulk_create(actuals)
    targets = [
        IndicatorTarget(
            indicator=defined[code], org=zone, year=s.year + offset, target=Decimal(value)
        )
        for code, goals in (("revenue", REVENUE_TARGETS), ("fixed_investment", FIXED_TARGETS))
        for offset, value in goals.items()
    ]
    IndicatorTarget.objects.bulk_create(targets)
