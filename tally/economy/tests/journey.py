"""JOURNEYS.md 1 in data: a street with 14 construction projects whose June reports are due
(one came in early at 60%, a yellow light), and the clerk's WPS-style file for them — a
title row, a 序号 column, a 合计 row, one 形象进度 raised from 60% to 75%, and on row 9 a
June cumulative (1.2 亿元) below May's (1.5 亿元) until she fixes it."""

import datetime as dt
import io
from decimal import Decimal

import xlsxwriter

from tally.economy.models import ConstructionProject, ProjectReport

PROJECTS = 14
HEADER = ["序号", "项目编号", "月份", "累计完成投资(亿元)", "形象进度(%)", "进展情况", "备注"]
ERROR_LINE = 9  # the row the clerk sees in Excel: title, header, then data from row 3
ERROR_INDEX = ERROR_LINE - 3


def build_street(street) -> list[ConstructionProject]:
    """14 projects of `street`; the first is the yellow one (60% in June where 80% is
    expected on 30 June), the one at ERROR_INDEX reported 1.5 亿元 for May."""
    projects = []
    for n in range(PROJECTS):
        yellow = n == 0
        project = ConstructionProject.objects.create(
            number=f"JX-{n + 1:02d}",
            name=f"月报项目{n + 1:02d}",
            category="产业项目" if n % 3 else "民生项目",
            livelihood_category="" if n % 3 else "交通路网",
            plan_year=2023,
            total_investment=Decimal("8"),
            annual_plan=Decimal("3"),
            start_date=dt.date(2022, 7, 1) if yellow else dt.date(2023, 1, 1),
            planned_end=dt.date(2023, 9, 30) if yellow else dt.date(2023, 12, 31),
            org=street,
        )
        may = Decimal("1.5") if n == ERROR_INDEX else Decimal("1.25")
        ProjectReport.objects.create(
            project=project, month="2023-05", cumulative=may, progress=Decimal(55 if yellow else 40)
        )
        if yellow:
            ProjectReport.objects.create(
                project=project,
                month="2023-06",
                cumulative=Decimal("1.6"),
                progress=Decimal(60),
                progress_text="主体结构施工",
            )
        projects.append(project)
    return projects


def clerk_file(projects, *, fixed: bool) -> bytes:
    """The month-end file as she fills it in WPS."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("6月月报")
    sheet.merge_range(0, 0, 0, len(HEADER) - 1, "甲街道2023年6月重点项目月报")
    sheet.write_row(1, 0, HEADER)
    total = Decimal(0)
    for index, project in enumerate(projects):
        cumulative = Decimal("1.6") if index == 0 else Decimal("1.52")
        progress = "75%" if index == 0 else 50
        if index == ERROR_INDEX:
            cumulative = Decimal("1.8") if fixed else Decimal("1.2")
        total += cumulative
        month = "2023年6月" if index % 2 else "2023-06"
        sheet.write_row(
            index + 2,
            0,
            [index + 1, project.number, month, float(cumulative), progress, "主体结构施工", ""],
        )
    sheet.write_row(len(projects) + 2, 0, ["合计", "", "", float(total), "", "", ""])
    book.close()
    return buffer.getvalue()
