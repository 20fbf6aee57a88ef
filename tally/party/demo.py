"""Demo data of the party module: about 1,500 members over the demo zone, a year of
training (16 district-level classes in the first half with 1,520 person-times, 100 of
them in the two classes for non-public organisations), theme party days, visits,
returnees, leaders' "three ones" (12 leaders, 19 commitments, 11 key works, 11 contact
points) and the elections of the residential-compound branches.

Training covers nearly everyone by the end of June except in 南湖街道, where 37 members
are still to be trained (its coverage is about 92%): the coverage page has someone to
chase. The member 陈志强 (login chenzhiqiang) lives and belongs in 东风社区 (QS-DC-03) and
attended 3 classes in the demo year (journey 4).

All names, ID-card and phone numbers are made up. Idempotent: rows are looked up by
their natural keys and only missing ones are written, in bulk. Its own seeded random
generator keeps the data the same from run to run, whatever ran before.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from random import Random

from django.db import transaction

from tally.lib.idcard import make_id_number
from tally.orgs.models import Org, OrgKind

from .models import (
    MEMBER_CATEGORIES,
    Attendance,
    Category,
    ClaimKind,
    Election,
    LeaderClaim,
    Member,
    MemberHistory,
    Returnee,
    ThemeDay,
    TrainingClass,
    Visit,
)
from .services import refresh_attendance_of_classes

JOURNEY_LOGIN = "chenzhiqiang"
JOURNEY_NAME = "陈志强"
JOURNEY_ORG = "QS-DC-03"
LAGGING_STREET = "QS-NH"
LAGGING_UNTRAINED = 37
DISTRICT_PERSON_TIMES = 1520
TWO_NEW_PERSON_TIMES = 100
ZONE = "QS"
REGIONS = ("420302", "420303", "420304", "420322", "420323", "420381")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余"
    "于杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬建国志文辉力明"
    "永健世广义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星"
    "光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲"
    "江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德"
    "行时泰盛雄琛钧冠策腾楠榕风航弘"
)

DISTRICT_CLASSES = [
    ("学习贯彻党的二十大精神专题培训班", "党员干部"),
    ("基层党组织书记履职能力提升班", "党员干部"),
    ("新型工业化建设专题培训班", "党员干部"),
    ("招商引资能力提升培训班", "党员干部"),
    ("村（社区）两委干部专题培训班", "村社区两委"),
    ("能力作风建设专题培训班", "党员干部"),
    ("党务工作者业务培训班", "党员干部"),
    ("优化营商环境专题培训班", "党员干部"),
    ("安全生产专题培训班", "党员干部"),
    ("村（社区）党组织书记示范培训班", "村社区两委"),
    ("党员冬春训集中轮训班（第一期）", "党员干部"),
    ("党员冬春训集中轮训班（第二期）", "党员干部"),
    ("党员冬春训集中轮训班（第三期）", "党员干部"),
    ("年轻干部能力素质提升班", "党员干部"),
]
TWO_NEW_CLASSES = [
    ("两新党组织书记暨党务工作者培训班", "两新组织", "2023-04-18"),
    ("两新组织入党积极分子培训班", "两新组织", "2023-05-23"),
]
SECOND_HALF_CLASSES = [
    "七一专题党课培训班",
    "基层治理能力提升培训班",
    "乡村振兴专题培训班",
    "党员发展工作业务培训班",
    "共抓大保护专题培训班",
    "年终党建述职业务培训班",
]
THEMES = [
    "学习贯彻党的二十大精神",
    "重温入党誓词",
    "学雷锋志愿服务",
    "清明祭英烈",
    "安全生产大讨论",
    "企业发展建言献策",
    "七一主题党日",
    "防汛救灾志愿服务",
    "能力作风建设大家谈",
    "国庆爱国主义教育",
    "学习党章党规",
    "年终组织生活会准备",
]
LEADERS = [
    "张建国",
    "李卫东",
    "王志刚",
    "刘海涛",
    "赵文华",
    "孙明亮",
    "周立新",
    "吴红梅",
    "郑国平",
    "冯晓东",
    "何振宇",
    "黄丽娟",
]
COMMITMENTS = [
    "推动两新组织党组织应建尽建",
    "督导村（社区）整顿提升年活动",
    "落实党员冬春训全覆盖",
    "推进红色物业小区党支部换届",
    "指导基层党组织标准化建设",
    "推动“双十星”争创落地",
    "抓好党员发展质量",
    "落实三会一课制度",
    "推进党建引领基层治理",
    "推动机关党建与业务融合",
    "抓实流动党员管理",
    "推进软弱涣散党组织整顿",
    "落实基层党建述职评议",
    "推动党员到社区报到全覆盖",
    "抓好主题党日规范化",
    "推进“五亮五共”实践活动",
    "完善党建工作责任清单",
    "落实党费收缴管理",
    "推进党建示范点建设",
]
KEY_WORKS = [
    "村（社区）两委干部能力提升",
    "两新组织党建工作全覆盖",
    "党建引领物业服务提升",
    "“共抓大保护、当好守井人”党建示范区创建",
    "返乡能人回引工程",
    "党员教育培训体系建设",
    "智慧党建平台建设",
    "机关作风建设提升",
    "党群服务中心提档升级",
    "基层党建述职评议考核",
    "招商引资一线党支部建设",
]


@dataclass
class Person:
    member: Member
    street: str  # code of the street, "" for departments
    counted: bool  # 正式党员 or 预备党员


@dataclass
class Seeding:
    ctx: object
    rng: Random
    year: int
    orgs: dict = field(default_factory=dict)
    people: list = field(default_factory=list)

    def day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def date(self, month: int, day_from: int = 1, day_to: int = 28) -> dt.date:
        return dt.date(self.year, month, self.rng.randint(day_from, day_to))


@transaction.atomic
def seed(ctx) -> None:
    seeding = Seeding(ctx=ctx, rng=Random(f"party-{ctx.year}"), year=ctx.year)
    seeding.orgs = {o.code: o for o in Org.objects.filter(active=True)}
    if ZONE not in seeding.orgs:
        return
    seed_members(seeding)
    seed_training(seeding)
    seed_theme_days(seeding)
    seed_visits(seeding)
    seed_returnees(seeding)
    seed_claims(seeding)
    seed_elections(seeding)
    ctx.log.append(
        f"party: {Member.objects.count()} members, {TrainingClass.objects.count()} classes, "
        f"{Attendance.objects.count()} attendance rows"
    )


# --- members ---------------------------------------------------------------------------------


def street_of(org: Org, orgs: dict) -> str:
    return next((code for code in ("QS-DC", "QS-XC", "QS-NH") if org.code.startswith(code)), "")


def membership_plan(seeding: Seeding) -> list[tuple[Org, int, int]]:
    """(organisation, counted members, activists) for every organisation with members."""
    rng, plan = seeding.rng, []
    for org in sorted(seeding.orgs.values(), key=lambda o: o.path):
        if org.kind == OrgKind.VILLAGE:
            plan.append((org, rng.randint(78, 96), rng.randint(2, 5)))
        elif org.kind == OrgKind.COMMUNITY:
            plan.append((org, rng.randint(88, 108), rng.randint(2, 5)))
        elif org.kind == OrgKind.RED_PROPERTY:
            plan.append((org, rng.randint(9, 14), 0))
        elif org.kind == OrgKind.TWO_NEW:
            plan.append((org, rng.randint(6, 11), rng.randint(2, 4)))
        elif org.kind == OrgKind.DEPARTMENT:
            plan.append((org, rng.randint(6, 11), 0))
    return plan


def fictional_name(rng: Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


class IdMaker:
    """Valid, made-up and distinct ID-card numbers."""

    def __init__(self, rng: Random):
        self.rng, self.used = rng, set()

    def make(self, birth: dt.date, gender: str) -> str:
        while True:
            number = make_id_number(
                self.rng.choice(REGIONS), birth, self.rng.randint(0, 99), gender
            )
            if number not in self.used:
                self.used.add(number)
                return number


def residence_for(org: Org, seeding: Seeding) -> Org | None:
    """Where a member lives: the community itself, a compound's community, or any."""
    if org.kind == OrgKind.COMMUNITY:
        return org
    if org.kind == OrgKind.RED_PROPERTY:
        return seeding.orgs.get(org.code.rsplit("-", 1)[0])
    if org.kind == OrgKind.VILLAGE:
        return None
    communities = [o for o in seeding.orgs.values() if o.kind == OrgKind.COMMUNITY]
    return seeding.rng.choice(sorted(communities, key=lambda o: o.code))


def new_member(seeding, ids: IdMaker, org: Org, category: str, name=None, gender=None) -> Member:
    rng = seeding.rng
    gender = gender or ("男" if rng.random() < 0.62 else "女")
    if category == Category.FULL:
        join = dt.date(rng.randint(1972, 2021), rng.randint(1, 12), rng.randint(1, 28))
    elif category == Category.PROBATIONARY:
        join = seeding.day(dt.date(seeding.year - 1, 7, 1), dt.date(seeding.year, 5, 31))
    else:
        join = None
    anchor = join or dt.date(seeding.year - 1, 1, 1)
    birth = dt.date(anchor.year - rng.randint(19, 45), rng.randint(1, 12), rng.randint(1, 28))
    member = Member(
        name=name or fictional_name(rng),
        gender=gender,
        birth_date=birth,
        org=org,
        category=category,
        join_date=join,
        residence=residence_for(org, seeding),
        is_cadre=org.kind == OrgKind.DEPARTMENT or rng.random() < 0.08,
        employer=org.name.removesuffix("党支部") if org.kind == OrgKind.TWO_NEW else "",
    )
    member.id_number = ids.make(birth, gender)
    member.phone = f"1{rng.choice('35789')}{rng.randint(0, 999_999_999):09d}"
    return member


def planned_members(seeding: Seeding) -> list[Member]:
    ids, members = IdMaker(seeding.rng), []
    journey_org = seeding.orgs.get(JOURNEY_ORG)
    if journey_org is not None:
        members.append(new_member(seeding, ids, journey_org, Category.FULL, JOURNEY_NAME, "男"))
    for org, counted, activists in membership_plan(seeding):
        for _ in range(counted):
            probationary = seeding.rng.random() < 0.06
            category = Category.PROBATIONARY if probationary else Category.FULL
            members.append(new_member(seeding, ids, org, category))
        members += [new_member(seeding, ids, org, Category.ACTIVIST) for _ in range(activists)]
    return members


def seed_members(seeding: Seeding) -> None:
    planned = planned_members(seeding)
    existing = dict(
        Member.objects.filter(id_index__in=[m.id_index for m in planned]).values_list(
            "id_index", "pk"
        )
    )
    missing = [m for m in planned if m.id_index not in existing]
    Member.objects.bulk_create(missing, batch_size=500)
    seed_history(seeding, missing)
    link_journey_member(seeding, planned[0])
    by_index = {
        m.id_index: m
        for m in Member.objects.filter(id_index__in=[m.id_index for m in planned]).select_related(
            "org"
        )
    }
    for planned_member in planned:
        member = by_index[planned_member.id_index]
        seeding.people.append(
            Person(
                member, street_of(member.org, seeding.orgs), member.category in MEMBER_CATEGORIES
            )
        )


def seed_history(seeding: Seeding, created: list[Member]) -> None:
    """History from the joining date; a few members transferred in April of the demo year
    (组织关系转接), so that counts before and after differ."""
    rows, transfer_day = [], dt.date(seeding.year, 4, 10)
    villages = sorted(
        (o for o in seeding.orgs.values() if o.kind == OrgKind.VILLAGE), key=lambda o: o.code
    )
    for index, member in enumerate(created):
        start = member.join_date or dt.date(seeding.year, 1, 1)
        moved = member.org.kind == OrgKind.COMMUNITY and index % 97 == 5 and start < transfer_day
        if moved:
            origin = villages[index % len(villages)]
            rows.append(history(member, origin, start, transfer_day, "转出"))
            start = transfer_day
        rows.append(history(member, member.org, start, None, "转入" if moved else ""))
    MemberHistory.objects.bulk_create(rows, batch_size=1000)


def history(member, org, start, end, note) -> MemberHistory:
    return MemberHistory(
        member=member, org=org, category=member.category, valid_from=start, valid_to=end, note=note
    )


def link_journey_member(seeding: Seeding, planned: Member) -> None:
    user = seeding.ctx.users.get(JOURNEY_LOGIN)
    if user is None or Member.objects.filter(user=user).exists():
        return
    Member.objects.filter(id_index=planned.id_index).update(user=user)


# --- training ---------------------------------------------------------------------------------


def planned_classes(seeding: Seeding) -> list[TrainingClass]:
    rng, year, zone, classes = seeding.rng, seeding.year, seeding.orgs[ZONE], []
    starts = sorted(seeding.date(month) for month in range(1, 7) for _ in range(3))[:14]
    for index, ((name, audience), start) in enumerate(
        zip(DISTRICT_CLASSES, starts, strict=True), start=1
    ):
        classes.append(
            training_class(f"PX-{year}-{index:02d}", name, "区级", audience, zone, start)
        )
    for offset, (name, audience, start) in enumerate(TWO_NEW_CLASSES, start=15):
        day = dt.date.fromisoformat(start).replace(year=year)
        classes.append(training_class(f"PX-{year}-{offset:02d}", name, "区级", audience, zone, day))
    for index, name in enumerate(SECOND_HALF_CLASSES, start=17):
        start = seeding.date(7 + index - 17)
        classes.append(
            training_class(f"PX-{year}-{index:02d}", name, "区级", "党员干部", zone, start)
        )
    for street in ("QS-DC", "QS-XC", "QS-NH"):
        short = seeding.orgs[street].name.removesuffix("党工委")
        for number, month in ((1, 3), (2, 5), (3, 10)):
            start = seeding.date(month)
            name = f"{short}党员集中轮训班（第{number}期）"
            org = seeding.orgs[street]
            classes.append(
                training_class(
                    f"{street}-{year}-{number:02d}", name, "街道级", "党员干部", org, start
                )
            )
    for klass in classes:
        klass.hours = Decimal(rng.choice((4, 6, 8, 12, 16, 24)))
    return classes


def training_class(number, name, level, audience, organizer, start) -> TrainingClass:
    return TrainingClass(
        number=number,
        name=name,
        level=level,
        audience=audience,
        organizer=organizer,
        start_date=start,
        end_date=start + dt.timedelta(days=1),
    )


def seed_training(seeding: Seeding) -> None:
    planned = planned_classes(seeding)
    known = set(TrainingClass.objects.values_list("number", flat=True))
    TrainingClass.objects.bulk_create([c for c in planned if c.number not in known])
    classes = {
        c.number: c for c in TrainingClass.objects.filter(number__in=[c.number for c in planned])
    }
    pairs = attendance_plan(seeding, classes)
    existing = set(
        Attendance.objects.filter(training_class__in=classes.values()).values_list(
            "training_class_id", "member_id"
        )
    )
    rows = [
        Attendance(training_class=klass, member=member)
        for klass, member in pairs
        if (klass.pk, member.pk) not in existing
    ]
    Attendance.objects.bulk_create(rows, batch_size=1000)
    # Each row counts under its attendee's organisation on the class's first day.
    refresh_attendance_of_classes([klass.pk for klass in classes.values()])


def attendance_plan(seeding: Seeding, classes: dict) -> list[tuple]:
    """Who attended which class. Everyone counted is trained by the end of June except
    37 members of the lagging street and a handful elsewhere; district-level classes of
    the first half have exactly 1,520 person-times, 100 of them for non-public
    organisations."""
    rng, year = seeding.rng, seeding.year
    journey = next(p for p in seeding.people if p.member.user_id or p.member.name == JOURNEY_NAME)
    others = [p for p in seeding.people if p is not journey]
    counted = [p for p in others if p.counted]
    untrained = choose_untrained(rng, counted)
    trainable = [p for p in counted if p.member.pk not in untrained]
    district = [classes[f"PX-{year}-{i:02d}"] for i in range(1, 15)]
    two_new = [classes[f"PX-{year}-15"], classes[f"PX-{year}-16"]]
    pairs = journey_attendance(classes, journey, year)
    taken = sum(1 for klass, _member in pairs if klass.level == "区级")
    slots = DISTRICT_PERSON_TIMES - TWO_NEW_PERSON_TIMES - taken
    pairs += two_new_attendance(rng, others, two_new, untrained)
    covered = {member.pk for _klass, member in pairs}
    pairs += district_attendance(rng, trainable, district, covered, slots=slots)
    covered = {member.pk for _klass, member in pairs}
    pairs += street_attendance(rng, trainable, classes, covered, year)
    pairs += second_half_attendance(rng, counted, classes, year)
    return pairs


def choose_untrained(rng: Random, counted: list[Person]) -> set[int]:
    """Member ids not trained in the first half: 37 in the lagging street, 6 elsewhere."""
    lagging = [p for p in counted if p.street == LAGGING_STREET]
    elsewhere = [p for p in counted if p.street and p.street != LAGGING_STREET]
    chosen = rng.sample(lagging, LAGGING_UNTRAINED) + rng.sample(elsewhere, 6)
    return {p.member.pk for p in chosen}


def journey_attendance(classes: dict, journey: Person, year: int) -> list[tuple]:
    """陈志强: two district classes and one of his street, 3 in the year."""
    numbers = (f"PX-{year}-03", f"PX-{year}-08", f"QS-DC-{year}-02")
    return [(classes[number], journey.member) for number in numbers]


def two_new_attendance(rng, people, two_new, untrained) -> list[tuple]:
    """50 members of non-public organisations at the first class, 50 at the second (the
    activists first)."""
    in_two_new = [p for p in people if p.member.org.kind == OrgKind.TWO_NEW]
    members = [p for p in in_two_new if p.counted and p.member.pk not in untrained]
    activists = [p for p in in_two_new if not p.counted]
    first = rng.sample(members, 50)
    second = (activists + rng.sample(members, 50))[:50]
    return [(two_new[0], p.member) for p in first] + [(two_new[1], p.member) for p in second]


def district_attendance(rng, trainable, district, covered, *, slots) -> list[tuple]:
    """Departments, cadres and most others first, one class each; the slots left go to
    a second class for some."""
    first_pass = [
        p
        for p in trainable
        if p.member.pk not in covered and (not p.street or p.member.is_cadre or rng.random() < 0.8)
    ]
    rng.shuffle(first_pass)
    first_pass = first_pass[:slots]
    pairs, taken = [], set()
    for index, person in enumerate(first_pass):
        klass = district[index % len(district)]
        pairs.append((klass, person.member))
        taken.add((klass.number, person.member.pk))
    while len(pairs) < slots:
        person, klass = rng.choice(first_pass), rng.choice(district)
        if (klass.number, person.member.pk) not in taken:
            taken.add((klass.number, person.member.pk))
            pairs.append((klass, person.member))
    return pairs


def street_attendance(rng, trainable, classes, covered, year) -> list[tuple]:
    """Everyone trainable not yet covered attends a class of their street in the first
    half-year (departments' members were all covered by district classes)."""
    pairs = []
    for person in trainable:
        if person.member.pk in covered or not person.street:
            continue
        number = rng.choice((1, 2))
        pairs.append((classes[f"{person.street}-{year}-{number:02d}"], person.member))
    return pairs


def second_half_attendance(rng, counted, classes, year) -> list[tuple]:
    pairs = []
    for index in range(17, 17 + len(SECOND_HALF_CLASSES)):
        klass = classes[f"PX-{year}-{index:02d}"]
        pairs += [(klass, p.member) for p in rng.sample(counted, 70)]
    for street in ("QS-DC", "QS-XC", "QS-NH"):
        klass = classes[f"{street}-{year}-03"]
        own = [p for p in counted if p.street == street]
        pairs += [(klass, p.member) for p in rng.sample(own, 60)]
    return pairs


# --- theme days, visits, returnees -----------------------------------------------------------


def seed_theme_days(seeding: Seeding) -> None:
    """Most 两新 organisations every month; a few miss some months."""
    rng, rows = seeding.rng, []
    two_new = sorted(
        (o for o in seeding.orgs.values() if o.kind == OrgKind.TWO_NEW), key=lambda o: o.code
    )
    for index, org in enumerate(two_new):
        miss_rate = 0.3 if index % 7 == 3 else 0.04
        for month in range(1, 13):
            if rng.random() < miss_rate:
                continue
            held = seeding.date(month, 5, 25)
            rows.append(
                ThemeDay(
                    org=org,
                    month=f"{seeding.year}-{month:02d}",
                    held_on=held,
                    theme=THEMES[month - 1],
                )
            )
    existing = set(ThemeDay.objects.values_list("org_id", "month"))
    ThemeDay.objects.bulk_create([r for r in rows if (r.org_id, r.month) not in existing])


def seed_visits(seeding: Seeding) -> None:
    """Spring-festival visits by villages and communities."""
    rng, rows = seeding.rng, []
    visitors = sorted(
        (o for o in seeding.orgs.values() if o.kind in (OrgKind.VILLAGE, OrgKind.COMMUNITY)),
        key=lambda o: o.code,
    )
    categories = ("生活困难党员", "老党员", "老干部")
    for org in visitors:
        for _ in range(rng.randint(3, 6)):
            category = rng.choice(categories)
            amount = Decimal(rng.choice((300, 500, 800, 1000)))
            day = seeding.day(dt.date(seeding.year, 1, 9), dt.date(seeding.year, 1, 20))
            rows.append(
                Visit(
                    person_name=fictional_name(rng),
                    person_category=category,
                    org=org,
                    visited_on=day,
                    amount=amount,
                )
            )
    existing = set(Visit.objects.values_list("person_name", "org_id", "visited_on"))
    Visit.objects.bulk_create(
        [r for r in rows if (r.person_name, r.org_id, r.visited_on) not in existing]
    )


def seed_returnees(seeding: Seeding) -> None:
    rng, rows, ids = seeding.rng, [], IdMaker(Random(f"returnees-{seeding.year}"))
    places = sorted(
        (o for o in seeding.orgs.values() if o.kind in (OrgKind.VILLAGE, OrgKind.COMMUNITY)),
        key=lambda o: o.code,
    )
    whereabouts = (
        "广东省深圳市",
        "浙江省杭州市",
        "江苏省苏州市",
        "湖北省武汉市",
        "上海市",
        "北京市",
    )
    for org in places:
        for _ in range(rng.randint(2, 4)):
            gender = "男" if rng.random() < 0.7 else "女"
            birth = dt.date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28))
            returnee = Returnee(
                name=fictional_name(rng),
                category=rng.choice(("返乡能人", "流动党员")),
                place=org,
                whereabouts=rng.choice(whereabouts),
                registered_on=seeding.day(
                    dt.date(seeding.year, 2, 1), dt.date(seeding.year, 3, 31)
                ),
            )
            returnee.id_number = ids.make(birth, gender)
            rows.append(returnee)
    existing = set(Returnee.objects.values_list("id_index", flat=True))
    Returnee.objects.bulk_create([r for r in rows if r.id_index not in existing])


# --- three ones, elections --------------------------------------------------------------------


def seed_claims(seeding: Seeding) -> None:
    """12 leaders: 19 commitments, 11 key works, 11 contact points, in February–March."""
    rng, zone, rows = seeding.rng, seeding.orgs[ZONE], []
    contact_points = sorted(
        (
            o
            for o in seeding.orgs.values()
            if o.kind in (OrgKind.VILLAGE, OrgKind.COMMUNITY, OrgKind.TWO_NEW)
        ),
        key=lambda o: o.code,
    )
    for index, content in enumerate(COMMITMENTS):
        rows.append(claim(LEADERS[index % 12], ClaimKind.COMMITMENT, content, None, zone, seeding))
    for index, content in enumerate(KEY_WORKS):
        rows.append(claim(LEADERS[index], ClaimKind.KEY_WORK, content, None, zone, seeding))
    for index, org in enumerate(rng.sample(contact_points, 11)):
        content = f"联系{org.name.removesuffix('党委').removesuffix('党支部')}"
        rows.append(claim(LEADERS[index + 1], ClaimKind.CONTACT_POINT, content, org, org, seeding))
    existing = set(LeaderClaim.objects.values_list("leader_name", "kind", "content"))
    LeaderClaim.objects.bulk_create(
        [r for r in rows if (r.leader_name, r.kind, r.content) not in existing]
    )


def claim(leader, kind, content, contact, org, seeding) -> LeaderClaim:
    return LeaderClaim(
        leader_name=leader,
        kind=kind,
        content=content,
        contact_org=contact,
        org=org,
        claimed_on=seeding.day(dt.date(seeding.year, 2, 6), dt.date(seeding.year, 3, 31)),
    )


def seed_elections(seeding: Seeding) -> None:
    """Every residential-compound branch was due in the first half and elected on time;
    two communities were due too, one of them late."""
    rng, rows = seeding.rng, []
    branches = sorted(
        (o for o in seeding.orgs.values() if o.kind == OrgKind.RED_PROPERTY), key=lambda o: o.code
    )
    for org in branches:
        due = seeding.date(rng.randint(3, 6))
        rows.append(
            Election(org=org, due_date=due, done_date=due - dt.timedelta(days=rng.randint(1, 20)))
        )
    for code, late in (("QS-XC-03", False), ("QS-NH-04", True)):
        if code in seeding.orgs:
            due = dt.date(seeding.year, 5, 31)
            done = due + dt.timedelta(days=12) if late else due - dt.timedelta(days=6)
            rows.append(Election(org=seeding.orgs[code], due_date=due, done_date=done))
    existing = set(Election.objects.values_list("org_id", "due_date"))
    Election.objects.bulk_create([r for r in rows if (r.org_id, r.due_date) not in existing])
