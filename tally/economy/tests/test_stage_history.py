"""The investment library's stage history: a new stage and date appends a row and never
overwrites one, the same stage again changes nothing, bad dates are refused with nothing
written, and undoing an import takes its rows away again."""

import datetime as dt

import pytest

from tally.economy.models import InvestmentProject, StageChange
from tally.ledgers import services as ledger_services
from tally.ledgers.models import ImportBatch

from .conftest import COMMITTED, INVESTMENT_HEADER, check_sheet, import_sheet, messages_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def row(number, stage, stage_date, *, org="Z-A", amount="12.5", entered="2023-01-10"):
    return [
        number,
        f"项目{number}",
        "某公司",
        "新能源汽车",
        amount,
        stage,
        stage_date,
        entered,
        org,
        "张建国",
    ]


def history(number):
    return list(
        StageChange.objects.filter(project__number=number)
        .order_by("date", "pk")
        .values_list("stage", "date")
    )


def d(text):
    return dt.date.fromisoformat(text)


def test_it_starts_a_history_for_each_new_project(world):
    batch = import_sheet(
        "investment_projects",
        INVESTMENT_HEADER,
        [row("ZS-1", "跟踪", "2023-02-01"), row("ZS-2", "在谈", "2023-03-01")],
        world.users["clerk"],
    )
    assert batch.status == COMMITTED and batch.counts["new"] == 2
    assert history("ZS-1") == [("跟踪", d("2023-02-01"))]
    assert history("ZS-2") == [("在谈", d("2023-03-01"))]


def test_it_appends_a_new_stage_and_keeps_the_old_one(world):
    clerk = world.users["clerk"]
    import_sheet(
        "investment_projects", INVESTMENT_HEADER, [row("ZS-1", "跟踪", "2023-02-01")], clerk
    )
    batch = import_sheet(
        "investment_projects", INVESTMENT_HEADER, [row("ZS-1", "签约", "2023-05-20")], clerk
    )
    assert batch.status == COMMITTED and batch.counts["changed"] == 1
    assert history("ZS-1") == [("跟踪", d("2023-02-01")), ("签约", d("2023-05-20"))]
    project = InvestmentProject.objects.get(number="ZS-1")
    assert (project.stage, project.stage_date) == ("签约", d("2023-05-20"))


def test_it_changes_nothing_when_the_same_stage_comes_again(world):
    clerk = world.users["clerk"]
    rows = [row("ZS-1", "在谈", "2023-03-01")]
    import_sheet("investment_projects", INVESTMENT_HEADER, rows, clerk)
    batch = import_sheet("investment_projects", INVESTMENT_HEADER, rows, clerk)
    assert batch.counts["unchanged"] == 1 and batch.counts["changed"] == 0
    assert history("ZS-1") == [("在谈", d("2023-03-01"))]


def test_it_keeps_the_history_when_only_other_columns_change(world):
    clerk = world.users["clerk"]
    import_sheet(
        "investment_projects", INVESTMENT_HEADER, [row("ZS-1", "在谈", "2023-03-01")], clerk
    )
    batch = import_sheet(
        "investment_projects",
        INVESTMENT_HEADER,
        [row("ZS-1", "在谈", "2023-03-01", amount="13")],
        clerk,
    )
    assert batch.counts["changed"] == 1
    assert history("ZS-1") == [("在谈", d("2023-03-01"))]


def test_it_records_a_project_moving_back_a_stage(world):
    clerk = world.users["clerk"]
    import_sheet(
        "investment_projects", INVESTMENT_HEADER, [row("ZS-1", "在谈", "2023-03-01")], clerk
    )
    import_sheet(
        "investment_projects", INVESTMENT_HEADER, [row("ZS-1", "跟踪", "2023-08-01")], clerk
    )
    assert history("ZS-1") == [("在谈", d("2023-03-01")), ("跟踪", d("2023-08-01"))]


@pytest.mark.parametrize(
    ("stage", "day", "reason"),
    [
        ("签约", "2023-02-01", "before the date of the previous stage (在谈, 2023-03-01)"),
        ("在谈", "2023-03-05", "has been at 在谈 since 2023-03-01"),
        ("签约", "2099-01-01", "in the future"),
    ],
)
def test_it_refuses_a_bad_stage_date_and_writes_nothing(world, stage, day, reason):
    clerk = world.users["clerk"]
    import_sheet(
        "investment_projects", INVESTMENT_HEADER, [row("ZS-1", "在谈", "2023-03-01")], clerk
    )
    batch = check_sheet(
        "investment_projects",
        INVESTMENT_HEADER,
        [row("ZS-1", stage, day), row("ZS-2", "跟踪", "2023-03-01")],
        clerk,
    )
    assert batch.error_count == 1
    assert batch.errors[0]["line"] == 2 and batch.errors[0]["column"] == "阶段日期"
    assert reason in batch.errors[0]["message"]
    with pytest.raises(ledger_services.BatchStateError):
        ledger_services.request_commit(batch, inline=True)
    assert history("ZS-1") == [("在谈", d("2023-03-01"))]
    assert not InvestmentProject.objects.filter(number="ZS-2").exists()


def test_it_refuses_a_future_stage_date_for_a_new_project(world):
    batch = check_sheet(
        "investment_projects",
        INVESTMENT_HEADER,
        [row("ZS-9", "跟踪", "2099-03-01")],
        world.users["clerk"],
    )
    assert "The stage date is in the future." in messages_of(batch)


def test_it_refuses_negative_and_unreadable_amounts(world):
    batch = check_sheet(
        "investment_projects",
        INVESTMENT_HEADER,
        [
            row("ZS-1", "跟踪", "2023-03-01", amount="-3"),
            row("ZS-2", "跟踪", "2023-03-01", amount="十亿"),
        ],
        world.users["clerk"],
    )
    assert batch.error_count == 2
    assert {e["column"] for e in batch.errors} == {"协议投资额(亿元)"}
    assert not InvestmentProject.objects.exists()


def test_it_refuses_another_streets_projects(world):
    batch = check_sheet(
        "investment_projects",
        INVESTMENT_HEADER,
        [row("ZS-1", "跟踪", "2023-03-01", org="Z-B")],
        world.users["clerk"],
    )
    assert (
        batch.error_count == 1
        and "outside the organisations you may change" in messages_of(batch)[0]
    )


def test_it_takes_the_appended_rows_away_when_the_import_is_undone(world):
    clerk = world.users["clerk"]
    import_sheet(
        "investment_projects", INVESTMENT_HEADER, [row("ZS-1", "在谈", "2023-03-01")], clerk
    )
    batch = import_sheet(
        "investment_projects",
        INVESTMENT_HEADER,
        [row("ZS-1", "签约", "2023-05-20"), row("ZS-2", "跟踪", "2023-04-01")],
        clerk,
    )
    ledger_services.undo_batch(ImportBatch.objects.get(pk=batch.pk))
    assert history("ZS-1") == [("在谈", d("2023-03-01"))]
    project = InvestmentProject.objects.get(number="ZS-1")
    assert (project.stage, project.stage_date) == ("在谈", d("2023-03-01"))
    assert not InvestmentProject.objects.filter(number="ZS-2").exists()
    assert not StageChange.objects.filter(project__number="ZS-2").exists()
