"""Fixtures of the economy tests: sheets through the real import pipeline (check, then
commit), and records made directly for the figures."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.utils import translation

from tally.economy.models import (
    ConstructionProject,
    Enterprise,
    Indicator,
    InvestmentProject,
    ProjectReport,
    StageChange,
)
from tally.ledgers import services as ledger_services
from tally.ledgers.models import ImportBatch
from tally.ledgers.registry import get_ledger
from tally.lib.creditcode import make_credit_code

COMMITTED = ImportBatch.Status.COMMITTED

INVESTMENT_HEADER = [
    "项目编号",
    "项目名称",
    "投资方",
    "产业链",
    "协议投资额(亿元)",
    "阶段",
    "阶段日期",
    "入库日期",
    "责任单位编码",
    "责任领导",
]
PROJECT_HEADER = [
    "项目编号",
    "项目名称",
    "类别",
    "民生类别",
    "计划年度",
    "总投资(亿元)",
    "年度计划投资(亿元)",
    "开工日期",
    "计划完工日期",
    "责任单位编码",
]
REPORT_HEADER = ["项目编号", "月份", "累计完成投资(亿元)", "形象进度(%)", "进展情况"]


@pytest.fixture
def english():
    """Assertions that read the reasons in English, whatever the catalogue says."""
    with translation.override("en"):
        yield


def xlsx_bytes(rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Sheet1")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def check_sheet(key: str, header: list[str], rows: list[list], user) -> ImportBatch:
    """Upload a sheet and check it: the batch with its preview."""
    data = xlsx_bytes([header, *rows])
    return ledger_services.start_import(get_ledger(key), "sheet.xlsx", data, user=user, inline=True)


def import_sheet(key: str, header: list[str], rows: list[list], user) -> ImportBatch:
    """Check and commit a sheet; the batch afterwards (committed, or with its errors)."""
    batch = check_sheet(key, header, rows, user)
    if batch.error_count == 0:
        ledger_services.request_commit(batch, inline=True)
    batch.refresh_from_db()
    return batch


def messages_of(batch: ImportBatch) -> list[str]:
    return [error["message"] for error in batch.errors] + list(batch.notes)


def credit_code(seq: int) -> str:
    return make_credit_code(f"9142030{seq:010d}")


def add_investment(number, org, stages, *, amount="10", entered="2023-01-05", name=None):
    """A project with its stage history: stages are (stage, "YYYY-MM-DD") in order."""
    last_stage, last_day = stages[-1]
    project = InvestmentProject.objects.create(
        number=number,
        name=name or f"项目{number}",
        amount=Decimal(amount),
        stage=last_stage,
        stage_date=dt.date.fromisoformat(last_day),
        entered_on=dt.date.fromisoformat(entered),
        org=org,
    )
    StageChange.objects.bulk_create(
        StageChange(project=project, stage=s, date=dt.date.fromisoformat(d)) for s, d in stages
    )
    return project


def add_construction(number, org, *, category="产业项目", year=2023, total="10", plan="4", **extra):
    return ConstructionProject.objects.create(
        number=number,
        name=extra.pop("name", f"建设项目{number}"),
        category=category,
        plan_year=year,
        total_investment=Decimal(total),
        annual_plan=Decimal(plan) if plan is not None else None,
        org=org,
        **extra,
    )


def add_report(project, month, cumulative, progress, text=""):
    return ProjectReport.objects.create(
        project=project,
        month=month,
        cumulative=Decimal(cumulative),
        progress=Decimal(progress),
        progress_text=text,
    )


def add_enterprise(seq, org, **flags):
    return Enterprise.objects.create(
        credit_code=credit_code(seq), name=flags.pop("name", f"企业{seq}"), org=org, **flags
    )


def add_indicator(code, name, unit="万元", parent_code="", org=None):
    from tally.orgs.models import Org

    return Indicator.objects.create(
        code=code,
        name=name,
        unit=unit,
        parent_code=parent_code,
        org=org or Org.objects.get_first_root_node(),
    )
