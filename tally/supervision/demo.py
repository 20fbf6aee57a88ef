"""Demo data of the supervision module.

Two layers:
- the first half of the demo year (2023H1), whose section-B figures are the article's:
  44 tasks listed in 7 notices of listed supervision, 2 special notices, 5 + 4 + 2
  inspections (the on-site ones visiting 8 units) with 14 experiences, 21 problems, 8
  commended models, and 包联 of 21 city construction projects, 103 industrial projects and
  110 industrial enterprises — the economy demo's own numbers and credit codes;
- the weeks around today, so that JOURNEYS.md 2 can be walked right after `make run`:
  tasks in every light (four of them turned red last week), a recent on-site inspection
  with three problems, the departments' weekly filings of the last eight weeks with some
  late and some missing (last week: three late, one missing), last week's bulletin
  drafted, the two weeks before published, and the morning's reminders.

Runs after the party demo (cadres are members). Idempotent: each part is written once
and skipped when its first record exists. Everything goes through the services, so the
history, the notice numbers, the Word files and the lights are the real thing.
"""

import datetime as dt
from decimal import Decimal
from random import Random

from django.db import transaction
from django.utils import timezone

from tally.accounts.models import Role, User
from tally.lib.creditcode import make_credit_code
from tally.lib.lights import expected_progress, light_for
from tally.orgs.models import Org, OrgKind
from tally.party.models import Member

from . import services
from .bulletins import draft_bulletin, previous_week, publish_bulletin
from .lights import current_light_rules, refresh_task_lights
from .models import (
    Bulletin,
    CommendedModel,
    Inspection,
    NoticeKind,
    ObjectKind,
    Obligation,
    Problem,
    ProblemStatus,
    ServiceAssignment,
    Task,
    WeeklyFiling,
)
from .reminders import send_daily_reminders

YEAR = 2023
OFFICE_LOGIN = "liming"
JOURNEY_STREET = "QS-DC"
# The groups of the 44 listed tasks, one 挂牌督办通知 each (7 in the first half).
LISTED_GROUPS = (8, 7, 6, 6, 6, 6, 5)
LISTED_DATES = [(1, 16), (2, 20), (3, 13), (4, 10), (5, 8), (5, 29), (6, 19)]
TASK_UNITS = (
    "QS-BM-ZSJ",
    "QS-BM-JFJ",
    "QS-BM-JSJ",
    "QS-BM-KJJ",
    "QS-BM-ZWJ",
    "QS-BM-STJ",
    "QS-BM-SWJ",
    "QS-DC",
    "QS-XC",
    "QS-NH",
)
TASK_NAMES = (
    "新能源汽车零部件产业园建设",
    "智能装备制造基地二期",
    "东城片区老旧小区改造",
    "西城污水处理厂提标改造",
    "南湖生态修复工程",
    "政务服务“一网通办”提升",
    "科技企业孵化器扩容",
    "重点企业技改项目推进",
    "招商引资“双百”行动",
    "园区道路微循环打通",
    "标准化厂房建设",
    "营商环境专项整治",
    "安全生产隐患排查整治",
    "城市建设项目征迁攻坚",
    "高新技术企业培育",
    "返乡创业服务中心建设",
    "背街小巷环境整治",
    "社区养老服务设施建设",
    "防汛排涝设施改造",
    "数字经济产业园招商",
    "农村人居环境整治",
    "产业链“链长制”落实",
)
REQUIREMENTS = (
    "倒排工期，确保按期完成。",
    "每月25日前报送进展，存在问题及时报告。",
    "牵头单位主要负责同志亲自抓，确保节点目标按期实现。",
)
INSPECTIONS = (
    # (kind, month, day, experiences, units visited)
    ("干部作风专项监督检查", 2, 21, 2, ("QS-BM-ZWJ",)),
    ("干部作风专项监督检查", 3, 28, 1, ("QS-BM-JFJ",)),
    ("现场督办", 3, 30, 1, ("QS-BM-JSJ", "QS-DC")),
    ("干部作风专项监督检查", 4, 18, 2, ("QS-XC",)),
    ("现场督办", 4, 26, 1, ("QS-BM-ZSJ", "QS-XC")),
    ("落实情况监督检查", 5, 9, 1, ()),
    ("干部作风专项监督检查", 5, 16, 1, ("QS-NH",)),
    ("现场督办", 5, 24, 1, ("QS-BM-KJJ", "QS-NH")),
    ("干部作风专项监督检查", 6, 6, 2, ("QS-BM-SWJ",)),
    ("现场督办", 6, 14, 1, ("QS-BM-STJ", "QS-DC", "QS-BM-JFJ")),
    ("落实情况监督检查", 6, 27, 1, ()),
)
PROBLEMS_PER_INSPECTION = (2, 2, 3, 2, 2, 1, 2, 2, 2, 2, 1)  # 21
PROBLEM_TEXTS = (
    "工作台账更新不及时",
    "施工现场安全围挡不规范",
    "项目推进存在等靠思想",
    "窗口服务一次性告知不到位",
    "督办事项进展报送不及时",
    "部分承诺事项未兑现",
    "企业诉求回应不及时",
    "节点目标滞后未说明原因",
)
MODELS = (
    ("刘洋", "QS-BM-ZSJ", "常年驻点招商，牵头引进重点项目3个。"),
    ("陈静", "QS-BM-ZWJ", "推行“帮办代办”，企业开办时间压缩至半天。"),
    ("王磊", "QS-BM-JSJ", "攻坚项目征迁，提前完成节点目标。"),
    ("赵敏", "QS-DC", "扎根社区，化解邻里纠纷40余件。"),
    ("孙强", "QS-BM-JFJ", "包联规上企业，协调解决融资难题。"),
    ("周婷", "QS-XC", "推进老旧小区改造，群众满意度高。"),
    ("吴昊", "QS-BM-KJJ", "服务科技型中小企业备案，全程跟踪指导。"),
    ("郑洁", "QS-NH", "守护南湖生态，牵头完成岸线整治。"),
)
FILING_TEXTS = (
    ("走访服务企业{n}家，协调解决用工问题2个。", "继续开展“万名干部进万企”走访。"),
    ("推进重点项目现场办公{n}次，解决征迁难题。", "督促项目按节点推进。"),
    ("完成督办事项进展报送，召开专题会议{n}次。", "落实会议议定事项。"),
    ("开展安全生产检查{n}次，整改隐患5处。", "开展隐患整改“回头看”。"),
)


class Seeding:
    def __init__(self, ctx):
        self.ctx = ctx
        self.rng = Random(f"supervision-{YEAR}")
        self.orgs = {o.code: o for o in Org.objects.filter(active=True)}
        self.office = (
            User.objects.filter(username=OFFICE_LOGIN).first()
            or User.objects.filter(role__in=(Role.OFFICE, Role.ADMIN)).order_by("pk").first()
        )
        self.today = timezone.localdate()

    def org(self, code: str) -> Org:
        return self.orgs[code]

    def d(self, month: int, day: int) -> dt.date:
        return dt.date(YEAR, month, day)


def seed(ctx) -> None:
    s = Seeding(ctx)
    if JOURNEY_STREET not in s.orgs or s.office is None:
        return
    with transaction.atomic():
        seed_service(s)
        seed_first_half(s)
        seed_inspections(s)
        seed_models(s)
        seed_current_tasks(s)
        seed_recent_inspection(s)
        seed_filings(s)
    seed_bulletins(s)
    send_daily_reminders(s.today)
    ctx.log.append(
        f"Supervision: {Task.objects.count()} tasks, {Inspection.objects.count()} inspections, "
        f"{WeeklyFiling.objects.count()} weekly filings"
    )


# --- 包联 ----------------------------------------------------------------------------------------


def seed_service(s: Seeding) -> None:
    if ServiceAssignment.objects.exists():
        return
    cadres = list(Member.objects.filter(is_cadre=True).order_by("pk")) or list(
        Member.objects.order_by("pk")
    )
    if not cadres:
        return
    objects = [(ObjectKind.CITY_PROJECT, f"CJ-{YEAR}-{n:03d}") for n in range(1, 26)]
    objects += [(ObjectKind.INDUSTRIAL_PROJECT, f"XM-{YEAR}-{n:03d}") for n in range(1, 121)]
    objects += [
        (ObjectKind.ENTERPRISE, make_credit_code(f"91420300{n:09d}")) for n in range(1, 111)
    ]
    active = {ObjectKind.CITY_PROJECT: 21, ObjectKind.INDUSTRIAL_PROJECT: 103}
    seen: dict[str, int] = {}
    rows = []
    for index, (kind, code) in enumerate(objects):
        seen[kind] = seen.get(kind, 0) + 1
        start, end = s.d(1, 3 + index % 20), None
        if seen[kind] > active.get(kind, 10**6):
            # beyond the article's count: ended before 30 June, or assigned after it
            start, end = (s.d(1, 10), s.d(5, 31)) if index % 2 else (s.d(8, 1), None)
        for offset in range(1 + (index % 3 == 0)):  # some objects have two cadres
            cadre = cadres[(index * 7 + offset * 13) % len(cadres)]
            rows.append(
                ServiceAssignment(
                    cadre=cadre, object_kind=kind, object_code=code, start_date=start, end_date=end
                )
            )
    ServiceAssignment.objects.bulk_create(rows, ignore_conflicts=True)


# --- the first half of 2023 -----------------------------------------------------------------------


def seed_first_half(s: Seeding) -> None:
    """44 tasks listed in 7 notices, 6 ordinary ones, 2 special notices; all done and
    closed in the autumn of the year."""
    if Task.objects.filter(number=f"DB{YEAR}-001").exists():
        return
    tasks = []
    for index in range(50):
        start = s.d(1, 3) + dt.timedelta(days=index % 10)
        tasks.append(
            services.register_task(
                {
                    "number": f"DB{YEAR}-{index + 1:03d}",
                    "name": task_name(index),
                    "source": ("党工委会议", "上级交办", "领导批示", "重点项目")[index % 4],
                    "lead_leader": ("张书记", "王主任", "李副主任")[index % 3],
                    "lead_unit": s.org(TASK_UNITS[index % len(TASK_UNITS)]),
                    "start_date": start,
                    "deadline": s.d(10, 31) + dt.timedelta(days=index % 40),
                    "requirement": REQUIREMENTS[index % len(REQUIREMENTS)],
                },
                by=s.office,
                partners=[s.org(TASK_UNITS[(index + 3) % len(TASK_UNITS)])],
            )
        )
    first = 0
    for size, (month, day) in zip(LISTED_GROUPS, LISTED_DATES, strict=True):
        services.plate_tasks(tasks[first : first + size], by=s.office, on=s.d(month, day))
        first += size
    for group, (month, day) in ((tasks[44:47], (3, 6)), (tasks[47:50] + tasks[:2], (6, 5))):
        services.issue_notice(NoticeKind.SPECIAL, group, by=s.office, issued_on=s.d(month, day))
    replay_first_half(s, tasks)


# How each first-half task progresses, by its index modulo 10: its monthly reports' points
# ahead of the expected progress. As of 30 June 2023 thirty are green, ten yellow and ten
# red; in the last week of June five caught up (yellow → green) and five stalled ones
# turned red, so the week's change shows in every light.
ON_PACE, CATCHING_UP, BEHIND, FAR_BEHIND, STALLED = (
    "on pace",
    "catching up",
    "behind",
    "far",
    "stalled",
)
PACES = (ON_PACE,) * 5 + (CATCHING_UP, BEHIND, FAR_BEHIND, BEHIND, STALLED)
PACE_POINTS = {ON_PACE: 5, CATCHING_UP: -15, BEHIND: -15, FAR_BEHIND: -40, STALLED: -15}
REPORT_DAY = 25  # "每月25日前报送进展"
REPORT_MONTHS = range(1, 9)  # January to August; done in the autumn
CAUGHT_UP = (6, 3)  # the catching-up tasks' June report: 3 points ahead
STALLED_AFTER = 5  # the stalled tasks' last report before done is May's …
STALLED_RED_ON = (6, 27)  # … pitched so that they turn red on this day


def first_half_reports(s: Seeding, task: Task, index: int) -> list[tuple[dt.date, Decimal]]:
    """The monthly progress reports of a first-half task, as (day, percent), ending with
    100 % on the day it is done."""
    pace, reports, percent = PACES[index % len(PACES)], [], Decimal(0)
    for month in REPORT_MONTHS:
        day = s.d(month, REPORT_DAY)
        if pace == STALLED and month > STALLED_AFTER:
            break
        points = PACE_POINTS[pace]
        if pace == CATCHING_UP and month >= CAUGHT_UP[0]:
            points = CAUGHT_UP[1]
        target = expected_progress(task.start_date, task.deadline, day) + points
        if pace == STALLED and month == STALLED_AFTER:
            target = stalled_percent(s, task)
        percent = max(percent, Decimal(1), round_percent(target))
        reports.append((day, percent))
    reports.append((first_half_done_on(s, task, index), Decimal(100)))
    return reports


def stalled_percent(s: Seeding, task: Task) -> Decimal:
    """The percent at which a task lags the red limit by half a day's expected progress on
    STALLED_RED_ON: still yellow the day before, red from that day (no report after)."""
    red_on = s.d(*STALLED_RED_ON)
    daily = expected_progress(task.start_date, task.deadline, red_on) - expected_progress(
        task.start_date, task.deadline, red_on - dt.timedelta(days=1)
    )
    red_lag = current_light_rules().red_lag
    return expected_progress(task.start_date, task.deadline, red_on) - red_lag - daily / 2


def round_percent(value: Decimal) -> Decimal:
    return min(Decimal(100), max(Decimal(0), value)).quantize(Decimal("0.1"))


def first_half_done_on(s: Seeding, task: Task, index: int) -> dt.date:
    return min(task.deadline, s.d(9, 15) + dt.timedelta(days=index))


def replay_first_half(s: Seeding, tasks: list[Task]) -> None:
    """File the tasks' reports and mark them done on their days through the demo year, and
    run the lights on each day a task's light changes, as the nightly job would have, so
    that the light history is dated on the demo's own timeline (the services date it
    today). Then close each task 20 days after it was done."""
    rules = current_light_rules()
    reports: dict[dt.date, list] = {}
    touched: dict[dt.date, set[int]] = {}
    for index, task in enumerate(tasks):
        schedule = first_half_reports(s, task, index)
        for day, percent in schedule:
            reports.setdefault(day, []).append((task.pk, percent))
            touched.setdefault(day, set()).add(task.pk)
        for day in light_change_days(task, schedule, rules):
            touched.setdefault(day, set()).add(task.pk)
    for day in sorted(touched):
        for pk, percent in reports.get(day, ()):
            report_on_day(s, Task.objects.get(pk=pk), percent, day)
        refresh_task_lights(Task.objects.filter(pk__in=touched[day]), day=day, rules=rules)
    for task in Task.objects.filter(pk__in=[t.pk for t in tasks]).order_by("pk"):
        services.close_task(task, by=s.office, on=task.done_on + dt.timedelta(days=20))


def light_change_days(task: Task, schedule, rules) -> list[dt.date]:
    """The days between reports on which the task's light changes by itself (its lag
    grows past a limit, its deadline comes near): only then need the lights be run for
    it. `schedule` is its reports as (day, percent), the last one 100 %."""
    progress, pending = Decimal(0), list(schedule)
    days, last, day = [], None, task.start_date
    while pending:
        if day == pending[0][0]:
            progress = pending.pop(0)[1]
        light = light_for(
            progress=progress, start=task.start_date, deadline=task.deadline, day=day, rules=rules
        )
        if light != last:
            days.append(day)
        last, day = light, day + dt.timedelta(days=1)
    return days


def report_on_day(s: Seeding, task: Task, percent: Decimal, day: dt.date) -> None:
    done = percent >= 100
    text = "已全面完成。" if done else "正在推进。"
    services.file_progress(task, by=s.office, percent=percent, done=text, reported_on=day)
    if done:
        services.mark_done(Task.objects.get(pk=task.pk), by=s.office, on=day)


def task_name(index: int) -> str:
    base = TASK_NAMES[index % len(TASK_NAMES)]
    return base if index < len(TASK_NAMES) else f"{base}（{index // len(TASK_NAMES) + 1}）"


def seed_inspections(s: Seeding) -> None:
    """11 inspections of the first half with 14 experiences and 21 problems, 18 of them
    rectified by 30 June."""
    if Inspection.objects.filter(number=f"JC{YEAR}-01").exists():
        return
    serial = 0
    for index, (kind, month, day, experiences, units) in enumerate(INSPECTIONS):
        day_of = s.d(month, day)
        problems = []
        for _n in range(PROBLEMS_PER_INSPECTION[index]):
            unit = units[serial % len(units)] if units else TASK_UNITS[serial % len(TASK_UNITS)]
            problems.append(
                (s.org(unit), day_of + dt.timedelta(days=30), PROBLEM_TEXTS[serial % 8])
            )
            serial += 1
        services.record_inspection(
            {
                "number": f"JC{YEAR}-{index + 1:02d}",
                "kind": kind,
                "date": day_of,
                "experiences": experiences,
                "summary": "形成“清单化交办、项目化推进、闭环式管理”等经验做法。",
            },
            by=s.office,
            units=[s.org(code) for code in units],
            problems=problems,
        )
    for index, problem in enumerate(Problem.objects.filter(number__startswith=f"JC{YEAR}-")):
        rectified = problem.found_on + dt.timedelta(days=12 + index % 10)
        if index % 7 == 6:
            rectified += dt.timedelta(days=40)  # three rectified only after 30 June
        problem.status, problem.rectified_on = ProblemStatus.RECTIFIED, rectified
        problem.evidence = "已完成整改并建立长效机制。"
        problem.save()


def seed_models(s: Seeding) -> None:
    if CommendedModel.objects.exists():
        return
    CommendedModel.objects.bulk_create(
        CommendedModel(name=name, unit=s.org(code), commended_on=s.d(5, 4), deeds=deeds)
        for name, code, deeds in MODELS
    )


# --- the weeks around today -----------------------------------------------------------------------


def current_number(s: Seeding, n: int) -> str:
    return f"DB{s.today.year}-{100 + n:03d}"


def seed_current_tasks(s: Seeding) -> None:
    """Tasks of this year in every light as of today. Four were yellow two Sundays ago and
    are red since last Sunday (their deadline fell last week); one task is listed."""
    if Task.objects.filter(number=current_number(s, 1)).exists():
        return
    today, week = s.today, previous_week(s.today)
    plans = [
        # (unit, days since start, days to deadline, points ahead of the expected progress)
        ("QS-DC", 90, 180, 5),  # green
        ("QS-DC", 120, 60, -20),  # yellow
        ("QS-DC", 200, -25, -40),  # red: overdue
        ("QS-BM-ZSJ", 60, 200, 2),
        ("QS-BM-JSJ", 150, 90, -45),  # red: far behind, for weeks
        ("QS-BM-JFJ", 100, 100, -15),
        ("QS-BM-KJJ", 45, 300, 0),
        ("QS-XC", 80, 5, -3),  # yellow: due within a week
        ("QS-NH", 30, 330, 1),
        ("QS-BM-ZWJ", 70, 120, -25),
    ]
    tasks = [
        register_current(
            s, n, unit, today - dt.timedelta(days=age), today + dt.timedelta(days=left), ahead
        )
        for n, (unit, age, left, ahead) in enumerate(plans, start=1)
    ]
    turning = ("QS-BM-STJ", "QS-BM-SWJ", "QS-BM-ZSJ", "QS-BM-JSJ")
    for offset, unit in enumerate(turning):
        deadline = week.start + dt.timedelta(days=offset)  # Monday to Thursday of last week
        task = register_current(
            s, len(plans) + 1 + offset, unit, deadline - dt.timedelta(days=150), deadline, None
        )
        services.file_progress(
            task,
            by=s.office,
            percent=Decimal(85),
            done="主体工程完工，正在收尾。",
            reported_on=deadline - dt.timedelta(days=12),
        )
        tasks.append(task)
    draft = register_current(s, 20, "QS-NH", today, today + dt.timedelta(days=200), None)
    Task.objects.filter(pk=draft.pk).update(assigned=False)
    services.plate_tasks(
        [tasks[4]], by=s.office, on=max(today - dt.timedelta(days=20), tasks[4].start_date)
    )
    replay_lights(s)


def register_current(s: Seeding, n: int, unit: str, start, deadline, ahead):
    task = services.register_task(
        {
            "number": current_number(s, n),
            "name": task_name(n + 3),
            "source": ("重点项目", "党工委会议", "领导批示")[n % 3],
            "lead_leader": ("张书记", "王主任")[n % 2],
            "lead_unit": s.org(unit),
            "start_date": start,
            "deadline": deadline,
            "requirement": REQUIREMENTS[n % len(REQUIREMENTS)],
        },
        by=s.office,
        partners=[s.org("QS-BM-DCS")],
    )
    if ahead is not None:
        expected = expected_progress(start, deadline, min(s.today, deadline))
        percent = Decimal(max(0, min(100, round(expected + ahead))))
        if percent > 0:
            reported = max(start, s.today - dt.timedelta(days=3))
            services.file_progress(
                task, by=s.office, percent=percent, done="按计划推进。", reported_on=reported
            )
    return Task.objects.get(pk=task.pk)


def replay_lights(s: Seeding) -> None:
    """The light history of the last eight weeks, Sunday by Sunday, then today's."""
    open_tasks = Task.objects.filter(number__startswith=f"DB{s.today.year}-1")
    sundays = [previous_week(s.today).end - dt.timedelta(days=7 * n) for n in range(8, -1, -1)]
    for day in sundays:
        refresh_task_lights(open_tasks.filter(start_date__lte=day), day=day)
    refresh_task_lights(open_tasks, day=s.today)


def seed_recent_inspection(s: Seeding) -> None:
    """Last week's on-site visit and the three problems it found."""
    number = f"JC{s.today.year}-X1"
    if Inspection.objects.filter(number=number).exists():
        return
    visited = s.today - dt.timedelta(days=10)
    services.record_inspection(
        {"number": number, "kind": "现场督办", "date": visited, "experiences": 1, "summary": ""},
        by=s.office,
        units=[s.org("QS-DC"), s.org("QS-BM-JSJ")],
        problems=[
            (s.org("QS-DC"), s.today - dt.timedelta(days=2), "项目现场安全围挡不规范"),
            (s.org("QS-BM-JSJ"), s.today + dt.timedelta(days=5), "节点目标滞后未说明原因"),
            (s.org("QS-DC"), s.today + dt.timedelta(days=30), "工作台账更新不及时"),
        ],
    )


def seed_filings(s: Seeding) -> None:
    """The departments' weeks: eight weeks, mostly on time; last week three late and one
    missing."""
    if Obligation.objects.filter(ledger_key="weekly_filings").exists():
        return
    last = previous_week(s.today)
    first_monday = last.start - dt.timedelta(days=7 * 7)
    obligation = services.declare_obligation(
        {
            "ledger_key": "weekly_filings",
            "name": "我的这7天",
            "frequency": "weekly",
            "due_day": 7,
            "unit_kinds": [OrgKind.DEPARTMENT],
            "starts_on": first_monday,
            "active": True,
        },
        by=s.office,
    )
    departments = [o for o in s.orgs.values() if o.kind == OrgKind.DEPARTMENT]
    departments.sort(key=lambda o: o.code)
    rows = []
    for week_index in range(8):
        monday = first_monday + dt.timedelta(days=7 * week_index)
        label = f"{monday.isocalendar().year}-W{monday.isocalendar().week:02d}"
        for index, unit in enumerate(departments):
            state = filing_state(s, week_index, index)
            if state == "missing":
                continue
            sunday = monday + dt.timedelta(days=6)
            sent = sunday - dt.timedelta(days=s.rng.randint(0, 2))
            if state == "late":
                sent = sunday + dt.timedelta(days=1 + (index % 2))
            done, planned = FILING_TEXTS[(week_index + index) % len(FILING_TEXTS)]
            rows.append(
                WeeklyFiling(
                    unit=unit,
                    week=label,
                    done=done.format(n=2 + (index + week_index) % 5),
                    planned=planned,
                    submitted_on=min(sent, s.today),
                )
            )
    WeeklyFiling.objects.bulk_create(rows)
    from .obligations import refresh_obligation

    refresh_obligation(obligation, today=s.today)


def filing_state(s: Seeding, week_index: int, index: int) -> str:
    if week_index == 7:  # last week: 3 late, 1 missing
        return {1: "late", 4: "late", 7: "late", 10: "missing"}.get(index, "on_time")
    if (week_index * 5 + index) % 17 == 3:
        return "missing"
    return "late" if (week_index * 3 + index) % 11 == 5 else "on_time"


def seed_bulletins(s: Seeding) -> None:
    """Last week's bulletin drafted (the office publishes it); the two before published.
    A week that has its bulletin already is left alone."""
    last = previous_week(s.today)
    before = previous_week(last.start)
    for week, publish in ((previous_week(before.start), True), (before, True), (last, False)):
        if Bulletin.objects.filter(week=week.label).exists():
            continue
        bulletin = draft_bulletin(week, today=s.today)
        if publish:
            publish_bulletin(bulletin, by=s.office, note="")
