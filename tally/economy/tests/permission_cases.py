"""Role × URL → status for every page of the economy module. Records belong to street A
(the clerk's); the sibling clerk of street B gets a 404 for them."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from tally.testing.permissions import Case, statuses

STAFF_ONLY = {"member": 403}
OUTSIDE = {"sibling_clerk": 404, "member": 403}


def investment(world):
    from tally.economy.models import InvestmentProject, StageChange

    project, created = InvestmentProject.objects.get_or_create(
        number="PERM-ZS-1",
        defaults={
            "name": "权限测试招商项目",
            "amount": Decimal("10"),
            "stage": "在谈",
            "stage_date": dt.date(2023, 3, 1),
            "entered_on": dt.date(2023, 1, 5),
            "org": world.village_a,
        },
    )
    if created:
        StageChange.objects.create(project=project, stage="在谈", date=dt.date(2023, 3, 1))
    return project


def construction(world):
    from tally.economy.models import ConstructionProject

    project, _created = ConstructionProject.objects.get_or_create(
        number="PERM-XM-1",
        defaults={
            "name": "权限测试建设项目",
            "category": "产业项目",
            "plan_year": 2023,
            "total_investment": Decimal("5"),
            "annual_plan": Decimal("2"),
            "start_date": dt.date(2023, 1, 1),
            "planned_end": dt.date(2023, 12, 31),
            "org": world.street_a,
        },
    )
    return project


def enterprise(world):
    from tally.economy.models import Enterprise
    from tally.lib.creditcode import make_credit_code

    found, _created = Enterprise.objects.get_or_create(
        credit_code=make_credit_code("91420300000000001"),
        defaults={"name": "权限测试企业", "org": world.street_a},
    )
    return found


def indicator(world):
    from tally.economy.models import Indicator

    found, _created = Indicator.objects.get_or_create(
        code="revenue", defaults={"name": "地方一般公共预算收入", "unit": "万元", "org": world.root}
    )
    return found.code


def page(name, *args, query=""):
    return lambda w: (
        reverse(f"economy:{name}", args=[a(w) if callable(a) else a for a in args]) + query
    )


CASES = [
    Case("economy:index", page("index"), statuses(200, **STAFF_ONLY)),
    Case(
        "economy:index",
        page("index", query="?org=Z-A&period=2023H1"),
        statuses(200, **OUTSIDE),
        label="economy:index?org=street A",
    ),
    Case(
        "economy:pipeline", page("pipeline", query="?date=2023-06-30"), statuses(200, **STAFF_ONLY)
    ),
    Case(
        "economy:pipeline",
        page("pipeline", query="?org=Z-A"),
        statuses(200, **OUTSIDE),
        label="economy:pipeline?org=street A",
    ),
    Case(
        "economy:stage_projects",
        lambda w: (investment(w), reverse("economy:stage_projects", args=["在谈"]))[1],
        statuses(200, **STAFF_ONLY),
    ),
    Case(
        "economy:stage_projects",
        page("stage_projects", "签约", query="?flow=1&org=Z-A"),
        statuses(200, **OUTSIDE),
        label="economy:stage_projects flow?org=street A",
    ),
    Case(
        "economy:stage_projects",
        page("stage_projects", "立项"),
        statuses(404, member=403),
        label="economy:stage_projects unknown stage",
    ),
    Case(
        "economy:investment_detail",
        lambda w: reverse("economy:investment_detail", args=[investment(w).pk]),
        statuses(200, **OUTSIDE),
    ),
    Case(
        "economy:investment_stage",
        lambda w: reverse("economy:investment_stage", args=[investment(w).pk]),
        statuses(302, leader=403, **OUTSIDE),
        method="post",
        data=lambda w: {"stage": "签约", "day": "2023-05-10"},
    ),
    Case("economy:board", page("board", query="?period=2023H1"), statuses(200, **STAFF_ONLY)),
    Case(
        "economy:board",
        lambda w: (construction(w), reverse("economy:board") + "?org=Z-A&light=red")[1],
        statuses(200, **OUTSIDE),
        label="economy:board?org=street A",
    ),
    Case(
        "economy:reports_due",
        page("reports_due", query="?month=2023-06"),
        statuses(200, **STAFF_ONLY),
    ),
    Case(
        "economy:project_detail",
        lambda w: reverse("economy:project_detail", args=[construction(w).pk]),
        statuses(200, **OUTSIDE),
    ),
    Case(
        "economy:enterprise_detail",
        lambda w: reverse("economy:enterprise_detail", args=[enterprise(w).pk]),
        statuses(200, **OUTSIDE),
    ),
    Case("economy:support", page("support"), statuses(200, **STAFF_ONLY)),
    Case("economy:indicators", page("indicators"), statuses(200, **STAFF_ONLY)),
    Case(
        "economy:indicator_detail",
        lambda w: reverse("economy:indicator_detail", args=[indicator(w)]),
        statuses(200, **STAFF_ONLY),
    ),
    Case(
        "economy:indicator_detail",
        lambda w: reverse("economy:indicator_detail", args=[indicator(w)]) + "?org=Z-A",
        statuses(200, **OUTSIDE),
        label="economy:indicator_detail?org=street A",
    ),
]
