"""List pages make as many queries with many rows as with few (DESIGN.md: query count
independent of rows). Each page is opened by the office user on a few rows and again
after four times as many more were added across the subtree; a query per row (a
template reaching through a relation that was not fetched with the rows) would show as a
difference. Time is not measured here (bench/pages_bench.py does, at city scale)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from tally.community.models import Wish
from tally.economy.models import InvestmentProject, StageChange
from tally.party.models import Attendance, Member, MemberHistory, TrainingClass
from tally.party.services import refresh_attendee_orgs
from tally.supervision.models import Task

PAGES = [
    ("party:members", ()),
    ("party:classes", ()),
    ("party:coverage", ()),
    ("party:untrained", ("Z-A",)),
    ("party:untrained", ("Z",)),
    ("community:wish_board", ()),
    ("community:open_wishes", ()),
    ("supervision:task_list", ()),
    ("supervision:notice_new", ()),
    ("economy:pipeline", ()),
    ("economy:stage_projects", ("在谈",)),
]


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def queries(client, path: str) -> int:
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = client.get(path)
    assert response.status_code == 200, path
    return counter.count


def add_rows(world, count: int, start: int) -> None:
    """`count` members (with their history) over community A and village B, a class
    each attended by all of them, tasks, wishes and investment projects."""
    orgs = [world.community_a, world.village_b]
    members = Member.objects.bulk_create(
        Member(
            name=f"计数党员{i}",
            org=orgs[i % 2],
            category="正式党员",
            join_date=dt.date(2010, 7, 1),
            id_number_enc=b"",
            id_index=f"count-{i}",
        )
        for i in range(start, start + count)
    )
    MemberHistory.objects.bulk_create(
        MemberHistory(member=m, org=m.org, category=m.category, valid_from=m.join_date)
        for m in members
    )
    training_class = TrainingClass.objects.create(
        number=f"QC-{start}",
        name=f"计数培训班{start}",
        level="区级",
        audience="党员干部",
        organizer=world.root,
        start_date=dt.date(2023, 3, 1),
    )
    Attendance.objects.bulk_create(
        Attendance(training_class=training_class, member=m) for m in members[: count // 2]
    )
    refresh_attendee_orgs(Attendance.objects.filter(training_class=training_class))
    units = [world.street_a, world.street_b, world.department]
    Task.objects.bulk_create(
        Task(
            number=f"QC-{i}",
            name=f"计数事项{i}",
            source="上级交办",
            lead_unit=units[i % 3],
            start_date=dt.date(2023, 2, 1),
            deadline=dt.date(2023, 5, 1),
        )
        for i in range(start, start + count)
    )
    Wish.objects.bulk_create(
        Wish(
            number=f"QC-{i}",
            community=world.community_a,
            content=f"计数心愿{i}",
            published_on=dt.date(2023, 3, 1),
        )
        for i in range(start, start + count)
    )
    projects = InvestmentProject.objects.bulk_create(
        InvestmentProject(
            number=f"QC-{i}",
            name=f"计数项目{i}",
            amount=Decimal(3),
            stage="在谈",
            stage_date=dt.date(2023, 2, 1),
            entered_on=dt.date(2023, 1, 10),
            org=units[i % 2],
        )
        for i in range(start, start + count)
    )
    StageChange.objects.bulk_create(
        StageChange(project=p, stage=p.stage, date=p.stage_date) for p in projects
    )


@pytest.mark.parametrize(("name", "args"), PAGES, ids=[f"{n}{list(a)}" for n, a in PAGES])
def test_a_list_page_makes_as_many_queries_for_many_rows_as_for_few(name, args, world, login):
    client = login("office")
    path = reverse(name, args=args)
    add_rows(world, 6, 0)
    few = queries(client, path)
    add_rows(world, 24, 6)
    assert queries(client, path) == few, path


def add_streets(world, count: int, start: int) -> None:
    """`count` more streets under the root, each with a community and a member in it."""
    from tally.orgs.models import OrgKind
    from tally.orgs.services import add_org

    for i in range(start, start + count):
        street = add_org(world.root, code=f"QC-S{i}", name=f"计数街道{i}", kind=OrgKind.STREET)
        community = add_org(street, code=f"QC-C{i}", name=f"计数社区{i}", kind=OrgKind.COMMUNITY)
        member = Member.objects.create(
            name=f"计数街道党员{i}",
            org=community,
            category="正式党员",
            join_date=dt.date(2010, 7, 1),
            id_number_enc=b"",
            id_index=f"count-street-{i}",
        )
        MemberHistory.objects.create(
            member=member, org=community, category=member.category, valid_from=member.join_date
        )


TREE_PAGES = [("party:coverage", ())]


@pytest.mark.parametrize(("name", "args"), TREE_PAGES, ids=[n for n, _a in TREE_PAGES])
def test_a_page_over_the_tree_makes_as_many_queries_for_many_children_as_for_few(
    name, args, world, login
):
    """A page with a row per child organisation (the city's has a dozen districts)."""
    client = login("office")
    path = reverse(name, args=args)
    add_streets(world, 1, 0)
    few = queries(client, path)
    add_streets(world, 4, 1)
    assert queries(client, path) == few, path
