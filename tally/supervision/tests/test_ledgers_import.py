"""Importing tasks, inspections, problems and models with DOMAIN.md's headers: good files
land with their history and lights, and bad rows are refused in plain words with nothing
written (a deadline before the start, progress above 100 or going down, a problem
without its inspection)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tally.ledgers.models import ImportBatch
from tally.supervision.models import CommendedModel, Inspection, Problem, Task, TaskEvent

from .factories import import_sheet, messages_of

TASK = [
    "事项编号",
    "事项名称",
    "来源",
    "牵头领导",
    "牵头单位编码",
    "配合单位编码",
    "开始日期",
    "完成时限",
    "督办级别",
    "挂牌日期",
    "进度(%)",
    "状态",
]
INSPECTION = ["检查编号", "类别", "检查日期", "走访单位编码", "经验做法条数"]
PROBLEM = [
    "问题编号",
    "来源检查编号",
    "责任单位编码",
    "问题描述",
    "类别",
    "发现日期",
    "整改时限",
    "整改状态",
    "整改完成日期",
]
GOOD_TASK = [
    "DB-1",
    "产业园建设",
    "党工委会议",
    "张书记",
    "Z-A",
    "Z-B、Z-D1",
    "2023-01-01",
    "2023-12-31",
    "挂牌督办",
    "2023-03-01",
    "40",
    "推进中",
]


def task_row(**changes):
    row = dict(zip(TASK, GOOD_TASK, strict=True)) | changes
    return [row[h] for h in TASK]


def test_it_imports_tasks_with_history_and_lights(world):
    batch = import_sheet("tasks", TASK, [task_row()], world.users["office"])
    assert batch.status == ImportBatch.Status.COMMITTED, batch.errors
    task = Task.objects.get()
    assert (task.progress, task.level, task.lead_unit) == (Decimal(40), "挂牌督办", world.street_a)
    assert set(task.partners.values_list("code", flat=True)) == {"Z-B", "Z-D1"}
    assert task.events.get().kind == TaskEvent.Kind.IMPORTED
    assert task.light in ("green", "yellow", "red") and task.light_changes.exists()


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"完成时限": "2022-12-31"}, "is before the 开始日期"),
        ({"进度(%)": "120"}, "100"),
        ({"挂牌日期": ""}, "needs its 挂牌日期"),
        ({"状态": "未启动"}, "not 未启动"),
    ],
)
def test_it_refuses_bad_task_rows(world, english, changes, reason):
    batch = import_sheet("tasks", TASK, [task_row(**changes)], world.users["office"])
    assert batch.error_count == 1 and reason in " ".join(messages_of(batch))
    assert not Task.objects.exists()


def test_it_refuses_progress_going_down_in_a_file(world, english):
    import_sheet("tasks", TASK, [task_row()], world.users["office"])
    batch = import_sheet("tasks", TASK, [task_row(**{"进度(%)": "30"})], world.users["office"])
    assert batch.error_count == 1 and "does not go down" in " ".join(messages_of(batch))
    assert Task.objects.get().progress == Decimal(40)


@pytest.mark.parametrize("key", ["tasks", "notices", "inspections", "problems", "models"])
def test_it_keeps_the_offices_ledgers_to_the_office(world, login, key):
    assert login("clerk").get(reverse("ledgers:import", args=[key])).status_code == 403
    assert login("office").get(reverse("ledgers:import", args=[key])).status_code == 200


def test_it_imports_inspections_and_their_problems(world):
    office = world.users["office"]
    batch = import_sheet(
        "inspections", INSPECTION, [["JC-1", "现场督办", "2023-03-15", "Z-A、Z-B", "2"]], office
    )
    assert batch.error_count == 0, batch.errors
    inspection = Inspection.objects.get()
    assert inspection.org == world.department and inspection.units.count() == 2
    rows = [
        [
            "WT-1",
            "JC-1",
            "Z-A",
            "围挡不规范",
            "安全",
            "2023-03-15",
            "2023-04-15",
            "已整改",
            "2023-04-01",
        ]
    ]
    assert import_sheet("problems", PROBLEM, rows, office).error_count == 0
    assert Problem.objects.get().inspection == inspection


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["WT-2", "JC-404", "Z-A", "问题", "", "2023-03-15", "2023-04-15", "未整改", ""], "JC-404"),
        (["WT-2", "", "Z-A", "问题", "", "2023-03-15", "2023-04-15", "未整改", ""], "required"),
        (["WT-2", "JC-1", "Z-A", "问题", "", "2023-03-15", "2023-03-01", "未整改", ""], "整改时限"),
        (
            ["WT-2", "JC-1", "Z-A", "问题", "", "2023-03-01", "2023-04-15", "未整改", ""],
            "took place",
        ),
        (
            ["WT-2", "JC-1", "Z-A", "问题", "", "2023-03-15", "2023-04-15", "已整改", ""],
            "needs its",
        ),
    ],
)
def test_it_refuses_a_problem_without_its_inspection_or_with_bad_dates(world, english, row, reason):
    Inspection.objects.create(
        number="JC-1", kind="现场督办", date=dt.date(2023, 3, 15), org=world.root
    )
    batch = import_sheet("problems", PROBLEM, [row], world.users["office"])
    assert batch.error_count == 1 and reason in " ".join(messages_of(batch)), batch.errors
    assert not Problem.objects.exists()


def test_it_imports_commended_models(world):
    rows = [["刘洋", "Z-D1", "2023-05-04", "驻点招商"]]
    batch = import_sheet(
        "models", ["姓名", "单位编码", "表彰日期", "事迹"], rows, world.users["office"]
    )
    assert batch.error_count == 0, batch.errors
    assert CommendedModel.objects.get().unit == world.department
