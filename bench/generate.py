"""The benchmark data set: DESIGN.md's city (or a zone, or a tiny one for tests), one year.

    .venv/bin/python bench/generate.py --scale city --db sqlite:////work/benchdata/city.sqlite3
    .venv/bin/python bench/generate.py --scale zone --seed 7 --db postgresql://…/tally_bench

City scale: 1 city, 12 districts, 120 streets, 2,520 communities, 150,000 members with their
membership history, 2,000 training classes, 2,000,000 attendance and activity rows
(attendance, volunteer activities, participations), 20,000 tasks and 10,000 projects, in
2023. Everything the half-year report counts has rows: members, training, registrations,
commitments, participations, wishes, volunteer teams and activities, theme days, visits,
elections, investment projects with their stage history, construction projects, tasks.

The database is migrated and flushed first. Rows go in through the ledgers' own bulk path
(`tally.ledgers.bulk.insert_instances`: one prepared INSERT with executemany on SQLite, COPY
on PostgreSQL), in chunks; each row's attendee organisation is written as the attendance
signal would (the member's organisation on the class's first day — members do not move
here). The same seed gives the same rows.
"""

import argparse
import datetime as dt
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from random import Random

from benchenv import Progress, default_db, setup_django

YEAR = 2023
CHUNK = 50_000
PASSWORD = "Bench#2023city"  # noqa: S105 — the benchmark's logins, on its own data
# (username, role, organisation code: "" = the root, "DEPT" = the office's department)
USERS = [("admin", "admin", ""), ("office", "office", "DEPT"), ("leader", "leader", "")]


@dataclass(frozen=True)
class Scale:
    districts: int
    streets: int  # per district
    communities: int  # per street
    members: int
    classes: int
    attendance: int
    activities: int
    participations: int
    tasks: int
    projects: int


SCALES = {
    "tiny": Scale(2, 2, 3, 600, 40, 3_000, 400, 1_200, 60, 40),
    "zone": Scale(3, 4, 10, 7_200, 300, 60_000, 12_000, 28_000, 1_000, 500),
    "city": Scale(12, 10, 21, 150_000, 2_000, 1_200_000, 250_000, 550_000, 20_000, 10_000),
}


def chunks(rows, size: int = CHUNK):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write(model, total: int, rows) -> None:
    """Insert `rows` (a generator of unsaved instances) by the ledgers' bulk path."""
    from tally.ledgers.bulk import insert_instances

    bar = Progress(model._meta.verbose_name_plural, total)
    for batch in chunks(rows):
        insert_instances(model, batch)
        bar.advance(len(batch))
    bar.finish()


class Generator:
    def __init__(self, scale: Scale, seed: int):
        self.scale, self.rng, self.seed = scale, Random(seed), seed
        self.year_start, self.year_end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)

    def day(self, start: dt.date | None = None, end: dt.date | None = None) -> dt.date:
        start, end = start or self.year_start, end or self.year_end
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def run(self) -> dict:
        from django.db import transaction

        began = time.perf_counter()
        with transaction.atomic():
            self.tree()
            self.users()
            self.members()
            self.training()
            self.community()
            self.party_rows()
            self.economy()
            self.tasks()
            self.settings()
        self.analyze()
        return self.counts() | {"seconds": round(time.perf_counter() - began, 1)}

    # --- organisations -------------------------------------------------------------------

    def tree(self) -> None:
        """The city's tree, with treebeard's own paths, in one bulk insert."""
        from tally.orgs.models import Org, OrgKind

        s, rows = self.scale, []

        def node(parent, depth, index, code, name, kind, children):
            path = Org._get_path(parent, depth, index)
            org = Org(path=path, depth=depth, numchild=children, code=code, name=name, kind=kind)
            rows.append(org)
            return path

        city = node(None, 1, 1, "C", "基准市委", OrgKind.CITY, s.districts + 2)
        for d in range(1, s.districts + 1):
            district = node(city, 2, d, f"C-{d}", f"第{d}区委", OrgKind.DISTRICT, s.streets)
            for t in range(1, s.streets + 1):
                code, name = f"C-{d}-{t}", f"第{d}区{t}街道"
                street = node(district, 3, t, code, f"{name}党工委", OrgKind.STREET, s.communities)
                for c in range(1, s.communities + 1):
                    # One in five is a village; a street of fewer than five has one too.
                    village = c % 5 == 0 or (c == s.communities < 5)
                    kind = OrgKind.VILLAGE if village else OrgKind.COMMUNITY
                    label = "村党支部" if kind == OrgKind.VILLAGE else "社区党委"
                    node(street, 4, c, f"{code}-{c}", f"{name}{c}{label}", kind, 0)
        node(city, 2, s.districts + 1, "C-DEPT", "市委督查室", OrgKind.DEPARTMENT, 0)
        node(city, 2, s.districts + 2, "C-ZSJ", "市招商局", OrgKind.DEPARTMENT, 0)
        bar = Progress("organisations", len(rows))
        Org.objects.bulk_create(rows, batch_size=5000)
        bar.advance(len(rows))
        bar.finish()
        orgs = Org.objects.order_by("path")
        self.root = orgs.get(code="C")
        self.department = orgs.get(code="C-DEPT")
        self.streets = list(orgs.filter(kind=OrgKind.STREET))
        self.districts = list(orgs.filter(kind=OrgKind.DISTRICT))
        self.communities = list(orgs.filter(kind__in=[OrgKind.COMMUNITY, OrgKind.VILLAGE]))

    def users(self) -> None:
        from tally.accounts.models import User

        for username, role, where in USERS:
            org = self.department if where == "DEPT" else self.root
            user = User(username=username, display_name=username, role=role, org=org)
            user.is_staff = user.is_superuser = role == "admin"
            user.can_view_pii = role == "office"
            user.set_password(PASSWORD)
            user.save()
        self.office = User.objects.get(username="office")

    # --- members and training ---------------------------------------------------------------

    def members(self) -> None:
        """Members spread evenly over the communities; a tenth join during the year (so a
        half-year's stock differs from the year's), a twentieth are probationary."""
        from tally.party.models import Member, MemberHistory

        count, communities = self.scale.members, self.communities
        self.member_org = []
        self.member_joined = []

        def rows():
            for i in range(count):
                org = communities[i % len(communities)]
                joined = self.day() if i % 10 == 0 else dt.date(2000 + i % 22, 7, 1)
                self.member_org.append(org.pk)
                self.member_joined.append(joined)
                yield Member(
                    name=f"党员{i:06d}",
                    gender="男" if i % 3 else "女",
                    org_id=org.pk,
                    residence_id=org.pk,
                    category="预备党员" if i % 20 == 0 else "正式党员",
                    join_date=joined,
                    id_number_enc=b"",
                    id_index=f"bench-{self.seed}-{i}",
                )

        write(Member, count, rows())
        self.member_ids = list(Member.objects.order_by("pk").values_list("pk", flat=True))

        def history():
            for index, pk in enumerate(self.member_ids):
                category = "预备党员" if index % 20 == 0 else "正式党员"
                yield MemberHistory(
                    member_id=pk,
                    org_id=self.member_org[index],
                    category=category,
                    valid_from=self.member_joined[index],
                )

        write(MemberHistory, count, history())

    def training(self) -> None:
        """Classes organised by the city and the districts over the year (four in five at
        district level); member m attends classes (7m + 311k) mod classes, k = 0, 1, …:
        distinct pairs spread over every class and member."""
        from tally.party.models import Attendance, TrainingClass

        s = self.scale
        organizers = [self.root, *self.districts]
        classes = [
            TrainingClass(
                number=f"PX-{i:05d}",
                name=f"培训班{i}",
                level="区级" if i % 5 else "街道级",
                audience="党员干部",
                organizer=organizers[i % len(organizers)],
                start_date=self.year_start + dt.timedelta(days=(i * 7) % 360),
                hours=Decimal(4),
            )
            for i in range(s.classes)
        ]
        write(TrainingClass, len(classes), iter(classes))
        class_starts = list(TrainingClass.objects.order_by("pk").values_list("pk", "start_date"))
        members = len(self.member_ids)
        per_member = -(-s.attendance // members)

        def rows():
            written = 0
            for m, member_id in enumerate(self.member_ids):
                for k in range(per_member):
                    if written >= s.attendance:
                        return
                    written += 1
                    class_id, start = class_starts[(m * 7 + k * 311) % len(class_starts)]
                    # What services.refresh_attendee_orgs would write: each member's
                    # history is one row from joining, so the organisation is the member's.
                    yield Attendance(
                        training_class_id=class_id,
                        member_id=member_id,
                        attendee_org_id=self.member_org[m],
                        class_start=start,
                    )

        write(Attendance, s.attendance, rows())

    # --- the community module ---------------------------------------------------------------

    def community(self) -> None:
        from tally.community.models import (
            Commitment,
            Participation,
            Registration,
            VolunteerActivity,
            VolunteerTeam,
            Wish,
        )

        s, rng = self.scale, self.rng
        registered = [m for m in range(len(self.member_ids)) if m % 10 < 9]
        write(
            Registration,
            len(registered),
            (
                Registration(
                    member_id=self.member_ids[m],
                    community_id=self.member_org[m],
                    registered_on=self.day(dt.date(YEAR - 1, 1, 1)),
                )
                for m in registered
            ),
        )
        write(
            Commitment,
            len(registered),
            (
                Commitment(
                    member_id=self.member_ids[m],
                    community_id=self.member_org[m],
                    content=f"承诺事项{m % 20}",
                    promised_on=self.day(),
                    status="已完成" if m % 3 == 0 else "进行中",
                )
                for m in registered
            ),
        )
        teams = [
            VolunteerTeam(
                number=f"ZYD-{i:05d}",
                name=f"{org.name}志愿服务队",
                org_id=org.pk,
                serves=("空巢老人", "留守儿童", "特困群体", "其他")[i % 4],
                founded_on=dt.date(2020, 1 + i % 12, 1),
            )
            for i, org in enumerate(self.communities)
        ]
        write(VolunteerTeam, len(teams), iter(teams))
        team_ids = list(VolunteerTeam.objects.order_by("pk").values_list("pk", flat=True))
        days_of_year = 365

        def activities():
            for i in range(s.activities):
                yield VolunteerActivity(
                    team_id=team_ids[i % len(team_ids)],
                    name=f"志愿服务{i // len(team_ids)}",
                    date=self.year_start + dt.timedelta(days=(i * 37) % days_of_year),
                    serves="其他",
                    participants=rng.randint(3, 30),
                    hours=Decimal(2),
                )

        write(VolunteerActivity, s.activities, activities())

        def participations():
            for i in range(s.participations):
                m = registered[i % len(registered)]
                yield Participation(
                    member_id=self.member_ids[m],
                    community_id=self.member_org[m],
                    activity_name=f"社区活动{i // len(registered)}",
                    date=self.year_start + dt.timedelta(days=(i * 37) % days_of_year),
                )

        write(Participation, s.participations, participations())
        wishes = []
        for i, org in enumerate(c for c in self.communities for _ in range(10)):
            claimed = i % 3 != 0
            m = registered[(i * 13) % len(registered)]
            published = self.day(self.year_start, dt.date(YEAR, 11, 30))
            wishes.append(
                Wish(
                    number=f"XY-{i:06d}",
                    community_id=org.pk,
                    content=f"微心愿{i % 15}",
                    published_on=published,
                    status=("已完成" if i % 3 == 1 else "已认领") if claimed else "待认领",
                    claimer_id=self.member_ids[m] if claimed else None,
                    claimed_on=published + dt.timedelta(days=3) if claimed else None,
                    completed_on=published + dt.timedelta(days=10) if i % 3 == 1 else None,
                )
            )
        write(Wish, len(wishes), iter(wishes))

    # --- the party ledgers that go by organisation ---------------------------------------

    def party_rows(self) -> None:
        from tally.party.models import Election, ThemeDay, Visit

        theme_days = [
            ThemeDay(
                org_id=org.pk,
                month=f"{YEAR}-{month:02d}",
                held_on=dt.date(YEAR, month, 1 + (i + month) % 27),
                theme=f"{month}月主题党日",
            )
            for i, org in enumerate(self.communities)
            for month in range(1, 13)
            if (i + month) % 11  # about one month in eleven missed
        ]
        write(ThemeDay, len(theme_days), iter(theme_days))
        visits = [
            Visit(
                person_name=f"慰问对象{i}-{k}",
                person_category=("生活困难党员", "老党员", "老干部")[k % 3],
                org_id=org.pk,
                visited_on=self.day(),
                amount=Decimal(500 + 100 * (k % 5)),
            )
            for i, org in enumerate(self.communities)
            for k in range(4)
        ]
        write(Visit, len(visits), iter(visits))
        elections = [
            Election(
                org_id=org.pk,
                due_date=dt.date(YEAR, 1 + i % 12, 15),
                done_date=dt.date(YEAR, 1 + i % 12, 10) if i % 4 else None,
            )
            for i, org in enumerate(self.communities)
        ]
        write(Election, len(elections), iter(elections))

    # --- economy and supervision -------------------------------------------------------------

    def economy(self) -> None:
        from tally.economy.models import ConstructionProject, InvestmentProject, StageChange

        stages = ["谋划", "跟踪", "在谈", "重点洽谈", "签约", "开工"]
        units = [*self.streets, self.root, *self.districts]
        investment = self.scale.projects * 3 // 5
        projects = []
        for i in range(investment):
            entered = self.day(dt.date(YEAR - 1, 6, 1), dt.date(YEAR, 10, 31))
            projects.append(
                InvestmentProject(
                    number=f"ZS-{i:06d}",
                    name=f"招商项目{i}",
                    investor=f"投资方{i % 500}",
                    amount=Decimal(1 + i % 50),
                    stage=stages[i % len(stages)],
                    stage_date=entered + dt.timedelta(days=30),
                    entered_on=entered,
                    org_id=units[i % len(units)].pk,
                )
            )
        write(InvestmentProject, investment, iter(projects))
        stored = InvestmentProject.objects.order_by("pk").values_list("pk", "stage", "stage_date")
        write(
            StageChange,
            investment,
            (StageChange(project_id=pk, stage=stage, date=on) for pk, stage, on in stored),
        )
        construction = self.scale.projects - investment
        categories = ["产业项目", "城市建设项目", "民生项目", "政府投资项目"]
        write(
            ConstructionProject,
            construction,
            (
                ConstructionProject(
                    number=f"JS-{i:06d}",
                    name=f"建设项目{i}",
                    category=categories[i % 4],
                    plan_year=YEAR,
                    total_investment=Decimal(2 + i % 30),
                    annual_plan=Decimal(1 + i % 10),
                    start_date=self.day(),
                    org_id=units[i % len(units)].pk,
                )
                for i in range(construction)
            ),
        )

    def tasks(self) -> None:
        from tally.supervision.models import Task

        units = [*self.streets, self.department, *self.districts]
        statuses = ["未启动", "推进中", "已完成", "已销号"]

        def rows():
            for i in range(self.scale.tasks):
                start = self.day(self.year_start, dt.date(YEAR, 10, 31))
                yield Task(
                    number=f"DB-{i:06d}",
                    name=f"督办事项{i}",
                    source=("上级交办", "党工委会议", "领导批示", "重点项目")[i % 4],
                    lead_unit_id=units[i % len(units)].pk,
                    start_date=start,
                    deadline=start + dt.timedelta(days=30 + i % 90),
                    level="挂牌督办" if i % 10 == 0 else "一般",
                    plated_on=start if i % 10 == 0 else None,
                    status=statuses[i % 4],
                    light=("green", "yellow", "red")[i % 3],
                )

        write(Task, self.scale.tasks, rows())

    def settings(self) -> None:
        from tally.site_settings.store import REPORTING_PERIOD, set_setting

        set_setting(REPORTING_PERIOD, f"{YEAR}H1")

    def analyze(self) -> None:
        """Fresh planner statistics, as a production database has them."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def counts(self) -> dict:
        from django.apps import apps

        names = [
            "orgs.Org",
            "party.Member",
            "party.Attendance",
            "community.Participation",
            "community.VolunteerActivity",
            "supervision.Task",
            "economy.InvestmentProject",
            "economy.ConstructionProject",
        ]
        return {name: apps.get_model(name).objects.count() for name in names}


def generate(scale: str, seed: int = 1) -> dict:
    """Flush the configured database and fill it (Django must be set up)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    restore_shipped_rows()
    return Generator(SCALES[scale], seed).run()


def restore_shipped_rows() -> None:
    """A flush empties the rows of data migrations too: the generic ledgers DOMAIN.md
    ships go back (as the test suite's transactional tests put them back)."""
    from importlib import import_module

    from django.apps import apps

    import_module("tally.readymade.migrations.0001_ledger_types").create(apps, None)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="zone")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", help="database URL (default: DATABASE_URL or bench/out/)")
    args = parser.parse_args(argv)
    setup_django(args.db or default_db(args.scale))
    counts = generate(args.scale, args.seed)
    for name, value in counts.items():
        print(f"{name:30} {value:>12,}")


if __name__ == "__main__":
    sys.exit(main())
