"""Rows for the dashboard's panels under the test world: members and their training,
investment projects with their stage history, construction projects with monthly reports,
tasks with their light history, wishes and volunteer activities, a fiscal indicator with
its target. `grow(world, n)` adds n more of each, so a test can compare two sizes."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from tally.community.models import Registration, VolunteerActivity, VolunteerTeam, Wish
from tally.economy.models import (
    ConstructionProject,
    Indicator,
    IndicatorActual,
    IndicatorTarget,
    InvestmentProject,
    ProjectReport,
    StageChange,
)
from tally.lib.idcard import make_id_number
from tally.party.models import Attendance, Member, TrainingClass
from tally.party.services import refresh_attendance_of_classes
from tally.site_settings.store import REPORTING_PERIOD, set_setting
from tally.supervision.models import Light, LightChange, Task

PERIOD = "2023H1"
_seq = itertools.count(1)


def add_member(org, name, *, residence=None) -> Member:
    seq = next(_seq)
    member = Member(
        name=name, org=org, category="正式党员", join_date=dt.date(2010, 7, 1), gender="男"
    )
    member.id_number = make_id_number("420302", dt.date(1970, 1, 1) + dt.timedelta(seq), 1, "男")
    member.phone = f"139{seq:08d}"
    member.residence = residence
    member.save()
    return member


def fiscal_indicator(world):
    revenue = Indicator.objects.create(
        code="revenue", name="地方一般公共预算收入", unit="万元", org=world.root
    )
    Indicator.objects.create(
        code="tax", name="税收收入", unit="万元", parent_code="revenue", org=world.root
    )
    IndicatorTarget.objects.create(
        indicator=revenue, org=world.root, year=2023, target=Decimal(1000)
    )
    IndicatorActual.objects.create(
        indicator=revenue, org=world.root, month="2023-06", cumulative=Decimal(600)
    )
    IndicatorActual.objects.create(
        indicator=revenue, org=world.root, month="2022-06", cumulative=Decimal(400)
    )


def grow(world, n: int) -> None:
    """n more rows of every kind the dashboard counts, spread over streets A and B."""
    places = [world.village_a, world.community_a, world.village_b]
    training = TrainingClass.objects.create(
        number=f"PX-{next(_seq)}",
        name="党员冬春训班",
        level="区级",
        audience="党员干部",
        organizer=world.root,
        start_date=dt.date(2023, 3, 6),
    )
    attendance = []
    team = VolunteerTeam.objects.create(
        number=f"ZY-{next(_seq)}",
        name="志愿服务队",
        org=world.community_a,
        serves="空巢老人",
        founded_on=dt.date(2022, 5, 1),
    )
    for index in range(n):
        place = places[index % len(places)]
        member = add_member(place, f"党员{next(_seq)}", residence=world.community_a)
        if index % 2 == 0:
            attendance.append(Attendance(training_class=training, member=member))
        Registration.objects.create(
            member=member, community=world.community_a, registered_on=dt.date(2023, 2, 1)
        )
        seq = next(_seq)
        project = InvestmentProject.objects.create(
            number=f"ZS-{seq}",
            name=f"招商项目{seq}",
            amount=Decimal("12.5"),
            stage="在谈",
            stage_date=dt.date(2023, 4, 1),
            entered_on=dt.date(2023, 1, 5),
            org=place,
        )
        stages = [("跟踪", dt.date(2023, 1, 5)), ("在谈", dt.date(2023, 4, 1))]
        if index % 3 == 0:
            stages.append(("签约", dt.date(2023, 5, 10)))
        StageChange.objects.bulk_create(
            StageChange(project=project, stage=s, date=d) for s, d in stages
        )
        building = ConstructionProject.objects.create(
            number=f"JS-{seq}",
            name=f"建设项目{seq}",
            category="产业项目",
            plan_year=2023,
            total_investment=Decimal(10),
            annual_plan=Decimal(4),
            org=place,
            start_date=dt.date(2023, 1, 1),
            planned_end=dt.date(2023, 12, 31),
        )
        ProjectReport.objects.create(
            project=building,
            month="2023-06",
            cumulative=Decimal(1),
            progress=Decimal(10 + index * 7 % 60),
        )
        task = Task.objects.create(
            number=f"DB-{seq}",
            name=f"督办事项{seq}",
            source="党工委会议",
            lead_unit=place,
            start_date=dt.date(2023, 1, 1),
            deadline=dt.date(2023, 12, 31),
            assigned=True,
            light=Light.RED if index % 2 else Light.GREEN,
        )
        LightChange.objects.create(task=task, on=dt.date(2023, 6, 1), light=Light.GREEN)
        if index % 2:
            LightChange.objects.create(task=task, on=dt.date(2023, 6, 28), light=Light.RED)
        Wish.objects.create(
            number=f"WX-{seq}",
            community=world.community_a if index % 2 else world.community_b,
            content="为独居老人修理水龙头",
            published_on=dt.date(2023, 3, 1),
            status="已认领",
            claiming_unit=world.department,
            claimed_on=dt.date(2023, 4 + index % 3, 1),
        )
        VolunteerActivity.objects.create(
            team=team, name=f"上门陪伴{seq}", date=dt.date(2023, 5, 1), serves="空巢老人"
        )
    Attendance.objects.bulk_create(attendance)
    refresh_attendance_of_classes([training.pk])


@pytest.fixture
def dashboard_data(world):
    set_setting(REPORTING_PERIOD, PERIOD)
    fiscal_indicator(world)
    grow(world, 6)
    return world
