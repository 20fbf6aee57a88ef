"""Demo data of the community module: the article's 2023H1 figures exactly (1355 members
registered, 2156 commitments, 1627 participations, 434 wishes claimed by 36 units and 407
members, 125 volunteer teams, 2200 activities) from the members the party demo created
(in proportion, should it have created fewer than NEEDED_MEMBERS).

Runs after the party demo (Member rows exist then). Idempotent: each set is written once,
in bulk; a set that already has rows is left alone. Its own seeded random generator keeps
the data the same from run to run, whatever ran before.

The demo member 陈志强 (login chenzhiqiang, community QS-DC-03) is deliberately left
unregistered, with wishes waiting in his community and volunteer activities coming up, so
that journey 4 can be walked right after `make run`.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from random import Random

from django.db import transaction
from django.utils import timezone

from tally.orgs.models import Org, OrgKind
from tally.party.models import MEMBER_CATEGORIES, Member

from .models import (
    COMMUNITY_KINDS,
    Commitment,
    CommitmentStatus,
    Participation,
    Registration,
    ServedGroup,
    VolunteerActivity,
    VolunteerTeam,
    Wish,
    WishStatus,
)

JOURNEY_MEMBER_LOGIN = "chenzhiqiang"
JOURNEY_COMMUNITY = "QS-DC-03"
# The article's figures for 2023H1 (seed-article.zh.txt, DOMAIN.md's metric table), met
# exactly when the party demo has members enough (NEEDED_MEMBERS); with fewer, the
# figures that count members shrink in proportion.
ARTICLE = {
    "registered": 1355,
    "commitments": 2156,
    "participations": 1627,
    "wishes": 434,
    "wish_members": 407,
    "wish_units": 36,
    "teams": 125,
    "activities": 2200,
}
NEEDED_MEMBERS = 1400
# After the half-year: a few more registrations, commitments, participations and claims.
LATER = {"registered": 45, "commitments": 380, "participations": 760, "wishes": 150}
COMMITMENTS = [
    "每月为独居老人理发一次",
    "每周参加一次小区环境整治",
    "结对帮扶一户困难家庭",
    "担任楼栋长，收集居民诉求",
    "为社区青少年辅导功课",
    "参与垃圾分类督导",
    "参与文明养犬劝导",
    "为居民义务维修小家电",
    "参加社区夜间巡逻",
    "宣传反诈骗知识",
    "陪护空巢老人就医",
    "参与疫苗接种现场引导",
    "为社区图书角捐赠图书",
    "参与小区停车秩序劝导",
    "义务清理楼道小广告",
    "为留守儿童讲红色故事",
    "参与社区老年食堂志愿服务",
    "帮助老人使用智能手机",
    "参与防汛值守",
    "调解邻里纠纷",
]
PARTICIPATIONS = [
    "社区环境整治",
    "文明城市创建宣传",
    "垃圾分类督导",
    "反诈宣传进小区",
    "防汛应急演练",
    "重阳节敬老活动",
    "红色观影",
    "社区义诊",
    "消防安全检查",
    "邻里节",
    "清明祭英烈",
    "七一主题党日",
]
WISHES = [
    "为独居老人修理水龙头",
    "为留守儿童购买一套课外书",
    "为行动不便的老人代买药品",
    "为困难家庭更换老旧电线",
    "希望有人教我用手机视频通话",
    "为孩子申请一个新书包",
    "为独居老人安装扶手",
    "陪伴空巢老人过生日",
    "为困难老人理发",
    "为留守儿童辅导数学",
    "帮忙清理老旧小区楼道杂物",
    "为残疾人家庭维修轮椅",
    "为困难家庭孩子购买冬衣",
    "为老人更换坏掉的灯泡",
    "帮忙疏通厨房下水道",
]
FULFIL_NOTES = ["已上门完成，老人很满意。", "已送到，孩子很开心。", "已办妥，居民表示感谢。"]
TEAM_KINDS = [
    ("银龄", ServedGroup.EMPTY_NEST),
    ("护苗", ServedGroup.LEFT_BEHIND),
    ("暖心帮扶", ServedGroup.HARDSHIP),
    ("红色先锋", ServedGroup.OTHER),
    ("邻里守望", ServedGroup.OTHER),
]
ACTIVITIES = {
    ServedGroup.EMPTY_NEST: ["上门陪伴独居老人", "为老人测血压", "帮老人打扫卫生", "老人理发义剪"],
    ServedGroup.LEFT_BEHIND: ["留守儿童课业辅导", "护苗安全课堂", "亲情视频连线", "周末读书会"],
    ServedGroup.HARDSHIP: ["困难家庭走访", "爱心物资发放", "就业信息送上门", "代办救助手续"],
    ServedGroup.OTHER: ["环境卫生清扫", "文明交通劝导", "政策宣讲", "便民服务集市"],
}


@dataclass
class Plan:
    """Who and where: the members to register and the organisations to use."""

    rng: Random
    year: int
    members: list = field(default_factory=list)  # (member id, community) of party members
    communities: list = field(default_factory=list)
    units: list = field(default_factory=list)  # organisations that claim wishes
    team_orgs: list = field(default_factory=list)
    journey_member_id: int | None = None

    @property
    def scale(self) -> float:
        return min(1.0, len(self.members) / NEEDED_MEMBERS)

    def target(self, name: str) -> int:
        """The article's figure, or its share for a demo with fewer members."""
        return round(ARTICLE[name] * self.scale)

    def day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def h1(self) -> dt.date:
        return self.day(dt.date(self.year, 1, 3), dt.date(self.year, 6, 30))

    def h2(self) -> dt.date:
        return self.day(dt.date(self.year, 7, 1), dt.date(self.year, 12, 20))


def make_plan(ctx) -> Plan:
    plan = Plan(rng=Random(f"community-{ctx.year}"), year=ctx.year)
    orgs = Org.objects.filter(active=True).order_by("path")
    plan.communities = [o for o in orgs if o.kind in COMMUNITY_KINDS]
    plan.units = [
        o for o in orgs if o.kind in (OrgKind.DEPARTMENT, OrgKind.TWO_NEW, OrgKind.RED_PROPERTY)
    ] + [o for o in orgs if o.kind == OrgKind.STREET]
    plan.team_orgs = plan.communities + [
        o for o in orgs if o.kind in (OrgKind.VILLAGE, OrgKind.RED_PROPERTY, OrgKind.TWO_NEW)
    ]
    by_id = {o.pk: o for o in plan.communities}
    journey = ctx.users.get(JOURNEY_MEMBER_LOGIN)
    rows = Member.objects.filter(category__in=MEMBER_CATEGORIES).order_by("pk")
    for pk, residence_id, user_id in rows.values_list("pk", "residence_id", "user_id"):
        if journey is not None and user_id == journey.pk:
            plan.journey_member_id = pk
            continue
        community = by_id.get(residence_id) or plan.rng.choice(plan.communities)
        plan.members.append((pk, community))
    return plan


@transaction.atomic
def seed(ctx) -> None:
    plan = make_plan(ctx)
    if not plan.communities:
        return
    teams = seed_teams(plan)
    seed_activities(plan, teams)
    registered = seed_registrations(plan)
    seed_commitments(plan, registered)
    seed_participations(plan, registered)
    seed_wishes(plan, registered)
    ctx.log.append(
        f"community: {Registration.objects.count()} registrations, "
        f"{Wish.objects.count()} wishes, {VolunteerTeam.objects.count()} volunteer teams"
    )


# --- volunteers ---------------------------------------------------------------------------


def seed_teams(plan: Plan) -> list[VolunteerTeam]:
    """125 teams founded by the end of June (most of them in earlier years), ten more in
    the second half-year; the journey's community has a team for the elderly."""
    if VolunteerTeam.objects.exists():
        return list(VolunteerTeam.objects.all())
    count, orgs = ARTICLE["teams"], plan.team_orgs
    teams = []
    for index in range(count + 10):
        org = orgs[index % len(orgs)]
        round_ = index // len(orgs)
        word, serves = TEAM_KINDS[round_ % len(TEAM_KINDS)]
        if org.code == JOURNEY_COMMUNITY and round_ == 0:
            word, serves = TEAM_KINDS[0]
        founded = plan.h2() if index >= count else founded_before_july(plan)
        short = org.name.removesuffix("党委").removesuffix("党支部")
        teams.append(
            VolunteerTeam(
                number=f"ZYD-{org.code}-{round_ + 1:02d}",
                name=f"{short}{word}志愿服务队",
                org=org,
                serves=serves,
                founded_on=founded,
            )
        )
    return VolunteerTeam.objects.bulk_create(teams, batch_size=500)


def founded_before_july(plan: Plan) -> dt.date:
    if plan.rng.random() < 0.6:
        return plan.day(dt.date(plan.year - 3, 1, 1), dt.date(plan.year - 1, 12, 31))
    return plan.h1()


def seed_activities(plan: Plan, teams: list[VolunteerTeam]) -> None:
    """2200 activities in the first half-year by the teams founded by then (each on or
    after its team's founding), as many in the second, and a few coming up."""
    if VolunteerActivity.objects.exists():
        return
    seen, activities = set(), []
    mid_year = dt.date(plan.year, 6, 30)
    early = [team for team in teams if team.founded_on <= mid_year]
    halves = (
        (early, dt.date(plan.year, 1, 3), mid_year, ARTICLE["activities"]),
        (teams, *half_two(plan), ARTICLE["activities"]),
    )
    for pool, first, last, count in halves:
        made = 0
        while made < count:
            team = pool[made % len(pool)]
            date = plan.day(max(first, team.founded_on), last)
            activity = volunteer_activity(plan, team, date, seen)
            if activity is not None:  # the same activity on the same day: draw again
                activities.append(activity)
                made += 1
    activities += upcoming_activities(plan, teams, seen)
    VolunteerActivity.objects.bulk_create([a for a in activities if a], batch_size=1000)


def half_two(plan: Plan) -> tuple[dt.date, dt.date]:
    return dt.date(plan.year, 7, 1), dt.date(plan.year, 12, 20)


def volunteer_activity(plan: Plan, team, date: dt.date, seen: set):
    name = plan.rng.choice(ACTIVITIES[team.serves])
    if (team.number, name, date) in seen:
        return None
    seen.add((team.number, name, date))
    return VolunteerActivity(
        team=team,
        name=name,
        date=date,
        serves=team.serves,
        participants=plan.rng.randint(5, 30),
        hours=Decimal(plan.rng.choice(["1.5", "2.0", "2.5", "3.0", "4.0"])),
    )


def upcoming_activities(plan: Plan, teams, seen: set) -> list:
    """A few activities from today on in the journey's community: something to join."""
    today = timezone.localdate()
    local = [t for t in teams if t.org.code == JOURNEY_COMMUNITY] or teams[:1]
    return [
        volunteer_activity(plan, local[index % len(local)], today + dt.timedelta(days=days), seen)
        for index, days in enumerate((2, 6, 13))
    ]


# --- registrations, commitments, participations ------------------------------------------


def seed_registrations(plan: Plan) -> list[tuple[int, Org, dt.date]]:
    """1355 members registered by the end of June (most before the year began), 45 more
    later; the rest never."""
    if not Registration.objects.exists():
        members = list(plan.members)
        plan.rng.shuffle(members)
        by_june = plan.target("registered")
        later = min(len(members) - by_june, LATER["registered"])
        rows = []
        for index, (member_id, community) in enumerate(members[: by_june + later]):
            on = founded_before_july(plan) if index < by_june else plan.h2()
            rows.append(Registration(member_id=member_id, community=community, registered_on=on))
        Registration.objects.bulk_create(rows, batch_size=1000)
    stored = Registration.objects.select_related("community").order_by("member_id")
    return [(r.member_id, r.community, r.registered_on) for r in stored]


def registered_by_june(plan: Plan, registered) -> list:
    mid_year = dt.date(plan.year, 6, 30)
    return [r for r in registered if r[2] <= mid_year]


def after(plan: Plan, registered_on: dt.date, first_half: bool) -> dt.date:
    """A day of the half-year on or after the member's registration."""
    first, last = (dt.date(plan.year, 1, 3), dt.date(plan.year, 6, 30))
    if not first_half:
        first, last = half_two(plan)
    return plan.day(max(first, registered_on), last)


def drawn(plan: Plan, registered, figure: str, make) -> list:
    """Rows by members drawn at random: the article's number (`figure`) in the first
    half-year from the members registered by then, LATER's in the second. `make(
    registration, first_half)` gives a row, or None for a duplicate (drawn again)."""
    mid_year, last = dt.date(plan.year, 6, 30), half_two(plan)[1]
    halves = (
        ([r for r in registered if r[2] <= mid_year], True, plan.target(figure)),
        ([r for r in registered if r[2] <= last], False, round(LATER[figure] * plan.scale)),
    )
    rows = []
    for pool, first_half, count in halves:
        wanted = len(rows) + count
        while len(rows) < wanted and pool:
            row = make(plan.rng.choice(pool), first_half)
            if row is not None:
                rows.append(row)
    return rows


def seed_commitments(plan: Plan, registered) -> None:
    """2156 commitments taken in the first half-year by members registered by then (about
    1.6 each), 380 in the second; one content at most once per member and community."""
    if Commitment.objects.exists():
        return
    taken = set()

    def make(registration, first_half):
        member_id, community, registered_on = registration
        content = plan.rng.choice(COMMITMENTS)
        if (member_id, community.pk, content) in taken:
            return None
        taken.add((member_id, community.pk, content))
        promised = after(plan, registered_on, first_half)
        return commitment(plan, member_id, community, content, promised)

    Commitment.objects.bulk_create(drawn(plan, registered, "commitments", make), batch_size=1000)


def commitment(plan: Plan, member_id, community, content, promised: dt.date) -> Commitment:
    done = plan.rng.random() < 0.6 and promised.month < 12
    completed = promised + dt.timedelta(days=plan.rng.randint(5, 25)) if done else None
    return Commitment(
        member_id=member_id,
        community=community,
        content=content,
        promised_on=promised,
        status=CommitmentStatus.DONE if done else CommitmentStatus.IN_PROGRESS,
        completed_on=completed,
    )


def seed_participations(plan: Plan, registered) -> None:
    """1627 participations in the first half-year by members registered by then, 760 in
    the second; one activity at most once per member and day."""
    if Participation.objects.exists():
        return
    seen = set()

    def make(registration, first_half):
        member_id, community, registered_on = registration
        date = after(plan, registered_on, first_half)
        name = plan.rng.choice(PARTICIPATIONS)
        if (member_id, name, date) in seen:
            return None
        seen.add((member_id, name, date))
        return Participation(
            member_id=member_id, community=community, activity_name=name, date=date
        )

    rows = drawn(plan, registered, "participations", make)
    Participation.objects.bulk_create(rows, batch_size=1000)


# --- wishes --------------------------------------------------------------------------------


@dataclass
class WishNumbers:
    """Per community and year, the next sequence number (as services.next_wish_number)."""

    taken: dict = field(default_factory=dict)

    def next(self, community: Org, year: int) -> str:
        key = (community.code, year)
        self.taken[key] = self.taken.get(key, 0) + 1
        return f"WX{year}-{community.code}-{self.taken[key]:03d}"


def seed_wishes(plan: Plan, registered) -> None:
    """In the first half-year, 434 wishes claimed: one by each of 407 members (27 of them
    for their unit too) and 27 by units alone, 36 units in all; 150 more claimed later,
    and wishes still waiting."""
    if Wish.objects.exists():
        return
    numbers, rows = WishNumbers(), []
    by_june = registered_by_june(plan, registered)
    claimers = plan.rng.sample(by_june, min(len(by_june), plan.target("wish_members")))
    units = plan.rng.sample(plan.units, min(len(plan.units), ARTICLE["wish_units"]))
    alone = plan.target("wishes") - len(claimers)  # claimed by a unit without a member
    with_member = units[: len(units) * 3 // 4]
    for index, (member_id, community, _on) in enumerate(claimers):
        unit = with_member[index] if index < len(with_member) else None
        rows.append(claimed_wish(plan, numbers, community, True, member_id, unit))
    by_unit = (units[len(with_member) :] + with_member)[:alone] if units else []
    for index, unit in enumerate(by_unit):
        community = plan.communities[index % len(plan.communities)]
        rows.append(claimed_wish(plan, numbers, community, True, None, unit))
    count_later = min(len(registered), round(LATER["wishes"] * plan.scale))
    later = plan.rng.sample(registered, count_later)
    for member_id, community, registered_on in later:
        if registered_on <= dt.date(plan.year, 12, 20):
            rows.append(claimed_wish(plan, numbers, community, False, member_id, None))
    rows += waiting_wishes(plan, numbers)
    Wish.objects.bulk_create(rows, batch_size=1000)


def claimed_wish(plan: Plan, numbers, community, first_half: bool, member_id, unit) -> Wish:
    claimed = plan.h1() if first_half else plan.h2()
    published = claimed - dt.timedelta(days=plan.rng.randint(0, 20))
    wish = Wish(
        number=numbers.next(community, published.year),
        community=community,
        content=plan.rng.choice(WISHES),
        published_on=published,
        claimer_id=member_id,
        claiming_unit=unit,
        claimed_on=claimed,
        status=WishStatus.CLAIMED,
    )
    if plan.rng.random() < 0.85:  # fulfilled; most of those confirmed and closed
        done = claimed + dt.timedelta(days=plan.rng.randint(1, 14))
        wish.fulfilled_at = timezone.make_aware(dt.datetime.combine(done, dt.time(17, 0)))
        wish.fulfil_note = plan.rng.choice(FULFIL_NOTES)
        if plan.rng.random() < 0.9 and done.year == plan.year:
            wish.status, wish.completed_on = WishStatus.DONE, done
    return wish


def waiting_wishes(plan: Plan, numbers) -> list[Wish]:
    """Wishes still waiting at the end of the half-year, the journey's community first."""
    journey = next((c for c in plan.communities if c.code == JOURNEY_COMMUNITY), None)
    rows = []
    if journey is not None:
        for day, content in ((12, WISHES[0]), (18, WISHES[2]), (25, WISHES[5])):
            published = dt.date(plan.year, 6, day)
            rows.append(waiting_wish(numbers, journey, content, published))
    for index, community in enumerate(plan.communities * 3):
        if community is not journey:
            published = plan.day(dt.date(plan.year, 6, 1), dt.date(plan.year, 6, 28))
            rows.append(
                waiting_wish(numbers, community, WISHES[(index + 3) % len(WISHES)], published)
            )
    return rows


def waiting_wish(numbers, community, content: str, published: dt.date) -> Wish:
    return Wish(
        number=numbers.next(community, published.year),
        community=community,
        content=content,
        published_on=published,
    )
