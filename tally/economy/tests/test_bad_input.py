"""Every bad input of the economy ledgers through the real import: a clear Chinese reason at
its row and column, the commit refused, nothing written. (A stage date before the
previous stage is in test_stage_history.py.)"""

from decimal import Decimal

import pytest

from tally.economy.models import (
    Enterprise,
    IndicatorActual,
    InvestmentProject,
    ProjectReport,
    SupportApplication,
)
from tally.ledgers import services as ledger_services

from .conftest import (
    INVESTMENT_HEADER,
    PROJECT_HEADER,
    REPORT_HEADER,
    add_construction,
    add_enterprise,
    add_indicator,
    add_investment,
    add_report,
    check_sheet,
    credit_code,
)

pytestmark = pytest.mark.django_db

ENTERPRISE_HEADER = [
    "统一社会信用代码",
    "企业名称",
    "行业",
    "是否规上工业企业",
    "是否科技型中小企业",
    "科技型中小企业备案日期",
    "是否高企后备库",
    "是否技改项目库",
    "技改完成日期",
    "所属组织编码",
]
SUPPORT_HEADER = [
    "统一社会信用代码",
    "政策项目",
    "批次",
    "项目名称",
    "申报日期",
    "申报金额(万元)",
    "获批金额(万元)",
    "状态",
]
ACTUAL_HEADER = ["指标编码", "组织编码", "月份", "本年累计"]


def refused(batch, line: int, column: str, *texts: str) -> None:
    """The file's one error is at (line, column) and says `texts`; it cannot commit."""
    assert batch.error_count == 1, batch.errors
    [error] = batch.errors
    assert (error["line"], error["column"]) == (line, column), error
    for text in texts:
        assert text in error["message"], error["message"]
    with pytest.raises(ledger_services.BatchStateError):
        ledger_services.request_commit(batch, inline=True)


def investment_row(number, amount, *, stage="在谈", day="2023-03-01"):
    return [
        number,
        f"项目{number}",
        "某公司",
        "新能源",
        amount,
        stage,
        day,
        "2023-01-10",
        "Z-A",
        "",
    ]


# --- 万元 typed where 亿元 is expected ------------------------------------------------------


def test_it_refuses_an_agreed_investment_typed_in_wan_yuan(world):
    add_investment("ZS-1", world.street_a, [("在谈", "2023-03-01")], amount="12.5")
    batch = check_sheet(
        "investment_projects",
        INVESTMENT_HEADER,
        [investment_row("ZS-0", "3"), investment_row("ZS-1", "125000")],
        world.users["clerk"],
    )
    refused(
        batch,
        3,
        "协议投资额(亿元)",
        "125000亿元是该项目此前填报数额(12.5亿元)的10000倍",
        "疑似把万元当成亿元填写",
        "125000万元 = 12.5亿元",
    )
    assert InvestmentProject.objects.get(number="ZS-1").amount == Decimal("12.5")
    assert not InvestmentProject.objects.filter(number="ZS-0").exists()


def test_it_refuses_a_new_project_far_beyond_the_librarys_usual_size(world):
    for n, amount in enumerate(["3", "8", "12", "40", "5"]):
        add_investment(f"OLD-{n}", world.street_a, [("跟踪", "2023-01-05")], amount=amount)
    batch = check_sheet(
        "investment_projects",
        INVESTMENT_HEADER,
        [investment_row("ZS-9", "80000"), investment_row("ZS-10", "60")],
        world.users["clerk"],
    )
    refused(batch, 2, "协议投资额(亿元)", "项目库中项目的一般规模(8亿元)的10000倍")
    assert InvestmentProject.objects.count() == 5


def test_it_refuses_a_trillion_for_one_project_in_an_empty_library(world):
    batch = check_sheet(
        "investment_projects",
        INVESTMENT_HEADER,
        [investment_row("ZS-1", "150000")],
        world.users["clerk"],
    )
    refused(batch, 2, "协议投资额(亿元)", "超过单个项目可能的规模", "150000万元 = 15亿元")
    assert not InvestmentProject.objects.exists()


def test_it_refuses_a_total_investment_and_a_monthly_cumulative_in_wan_yuan(world):
    project = add_construction("XM-1", world.street_a, total="3.2", plan="1.8")
    rows = [["XM-1", "海口路", "城市建设项目", "", 2023, "32000", "1.8", "", "", "Z-A"]]
    refused(
        check_sheet("construction_projects", PROJECT_HEADER, rows, world.users["clerk"]),
        2,
        "总投资(亿元)",
        "32000亿元是该项目此前填报数额(3.2亿元)的10000倍",
    )
    report = [["XM-1", "2023-06", "15000", "60%", ""]]
    refused(
        check_sheet("project_reports", REPORT_HEADER, report, world.users["clerk"]),
        2,
        "累计完成投资(亿元)",
        "15000亿元是该项目总投资(3.2亿元)的4688倍",
        "15000万元 = 1.5亿元",
    )
    project.refresh_from_db()
    assert project.total_investment == Decimal("3.2") and not ProjectReport.objects.exists()


def test_it_takes_a_real_revision_of_a_projects_figure(world):
    add_investment("ZS-1", world.street_a, [("在谈", "2023-03-01")], amount="12.5")
    batch = check_sheet(
        "investment_projects",
        INVESTMENT_HEADER,
        [investment_row("ZS-1", "125")],  # ten times: a bigger deal, not a unit slip
        world.users["clerk"],
    )
    assert batch.error_count == 0


# --- negative and unreadable amounts --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"), [("-1.5", "不能小于 0"), ("一亿五", "“一亿五”不是数字")]
)
def test_it_refuses_a_negative_or_unreadable_cumulative(world, value, reason):
    add_construction("XM-1", world.street_a)
    batch = check_sheet(
        "project_reports",
        REPORT_HEADER,
        [["XM-1", "2023-06", value, "60%", ""]],
        world.users["clerk"],
    )
    refused(batch, 2, "累计完成投资(亿元)", reason)
    assert not ProjectReport.objects.exists()


def test_it_refuses_a_negative_amount_applied_for(world):
    enterprise = add_enterprise(1, world.street_a)
    row = [enterprise.credit_code, "科创贷", "第一批", "产线", "2023-03-01", "-200", "", "已申报"]
    refused(
        check_sheet("support_applications", SUPPORT_HEADER, [row], world.users["clerk"]),
        2,
        "申报金额(万元)",
        "不能小于 0",
    )
    assert not SupportApplication.objects.exists()


# --- a cumulative lower than the month before -------------------------------------------------


def test_it_refuses_a_monthly_report_below_last_month(world):
    project = add_construction("XM-1", world.street_a)
    add_report(project, "2023-05", "1.5", "40")
    batch = check_sheet(
        "project_reports",
        REPORT_HEADER,
        [["XM-1", "2023-06", "1.2", "50%", ""]],
        world.users["clerk"],
    )
    refused(batch, 2, "累计完成投资(亿元)", "本月累计(1.2亿元)小于上月(1.5亿元)")
    assert list(ProjectReport.objects.values_list("month", flat=True)) == ["2023-05"]


def test_it_refuses_an_indicator_actual_below_last_month(world):
    revenue = add_indicator("revenue", "地方一般公共预算收入")
    IndicatorActual.objects.create(
        indicator=revenue, org=world.root, month="2023-05", cumulative=Decimal(50000)
    )
    rows = [["revenue", "Z", "2023-04", "41000"], ["revenue", "Z", "2023-06", "48000"]]
    batch = check_sheet("indicator_actuals", ACTUAL_HEADER, rows, world.users["office"])
    refused(batch, 3, "本年累计", "本月累计(48000万元)小于上月(50000万元)")
    assert list(IndicatorActual.objects.values_list("month", flat=True)) == ["2023-05"]


# --- an unknown indicator code ----------------------------------------------------------------


def test_it_refuses_an_unknown_indicator_code(world):
    add_indicator("revenue", "地方一般公共预算收入")
    rows = [["revenue", "Z", "2023-05", "50000"], ["revnue", "Z", "2023-06", "74300"]]
    batch = check_sheet("indicator_actuals", ACTUAL_HEADER, rows, world.users["office"])
    refused(batch, 3, "指标编码", "没有编码为“revnue”的指标")
    assert not IndicatorActual.objects.exists()


# --- credit codes and another street's enterprises --------------------------------------------


def enterprise_row(code, org="Z-A"):
    return [code, "某汽车零部件有限公司", "汽车零部件", "是", "否", "", "否", "否", "", org]


def test_it_refuses_a_credit_code_with_a_wrong_check_digit(world):
    good = credit_code(7)
    wrong = good[:-1] + ("1" if good[-1] != "1" else "2")
    batch = check_sheet(
        "enterprises",
        ENTERPRISE_HEADER,
        [enterprise_row(credit_code(8)), enterprise_row(wrong)],
        world.users["clerk"],
    )
    refused(batch, 3, "统一社会信用代码", "校验位错误", f"应为{good[-1]}")
    assert not Enterprise.objects.exists()


def test_it_refuses_a_support_application_with_a_wrong_check_digit(world):
    good = add_enterprise(1, world.street_a).credit_code
    wrong = good[:-1] + ("1" if good[-1] != "1" else "2")
    row = [wrong, "科创贷", "第一批", "产线", "2023-03-01", "200", "", "已申报"]
    refused(
        check_sheet("support_applications", SUPPORT_HEADER, [row], world.users["clerk"]),
        2,
        "统一社会信用代码",
        "校验位错误",
    )
    assert not SupportApplication.objects.exists()


def test_it_refuses_a_clerk_importing_another_streets_enterprises(world):
    batch = check_sheet(
        "enterprises",
        ENTERPRISE_HEADER,
        [enterprise_row(credit_code(1)), enterprise_row(credit_code(2), org="Z-B-1")],
        world.users["clerk"],
    )
    refused(batch, 3, "所属组织编码", "“乙一村党支部”不在您可以修改的组织范围内")
    assert not Enterprise.objects.exists()


def test_it_refuses_a_clerk_changing_an_enterprise_of_another_street(world):
    theirs = add_enterprise(5, world.street_b, name="乙街企业")
    batch = check_sheet(
        "enterprises",
        ENTERPRISE_HEADER,
        [enterprise_row(theirs.credit_code)],
        world.users["clerk"],
    )
    assert batch.error_count == 1
    with pytest.raises(ledger_services.BatchStateError):
        ledger_services.request_commit(batch, inline=True)
    theirs.refresh_from_db()
    assert theirs.name == "乙街企业" and theirs.org == world.street_b


def test_it_refuses_applications_for_another_streets_enterprise(world):
    theirs = add_enterprise(5, world.street_b)
    row = [theirs.credit_code, "创新券", "第一批", "", "2023-03-01", "10", "", "已申报"]
    batch = check_sheet("support_applications", SUPPORT_HEADER, [row], world.users["clerk"])
    assert batch.error_count == 1
    assert "不在您可以修改的组织范围内" in batch.errors[0]["message"]
    with pytest.raises(ledger_services.BatchStateError):
        ledger_services.request_commit(batch, inline=True)
    assert not SupportApplication.objects.exists()
