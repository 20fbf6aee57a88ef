"""Writes clerk.xls, the legacy-Excel fixture of test_clerk_files.py.

Nothing in the project writes .xls (xlsxwriter writes only .xlsx), so the fixture was made
once with xlwt 1.3 in a throw-away virtualenv and committed:

    python -m venv /tmp/xlwt && /tmp/xlwt/bin/pip install xlwt==1.3.0
    /tmp/xlwt/bin/python tally/ledgers/tests/files/make_clerk_xls.py

It is the same clerk-style sheet as the other formats: two merged title rows, a 序号
column, an unknown 备注 column, full-width digits, dates typed four ways (one a real date
cell), numbers as text with thousands separators, √ and 否, a blank row, 小计 and 合计.
"""

import datetime as dt
from pathlib import Path

import xlwt  # not a project dependency: see above

HERE = Path(__file__).parent


def main() -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("承诺践诺")
    title = xlwt.easyxf("font: bold on, height 320; align: horiz center")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    sheet.write_merge(0, 0, 0, 7, "2023年上半年承诺践诺台账", title)
    sheet.write_merge(1, 1, 0, 7, "填报单位：甲街道党工委　　填报日期：2023年7月3日")
    headers = [
        "序号",
        "承诺内容",
        "组织编码",
        "承诺日期",
        "投入资金(元)",
        "参与人数",
        "是否完成",
        "备注",
    ]
    for col, text in enumerate(headers):
        sheet.write(2, col, text)
    rows = [
        [1, "修缮村活动室", "Ｚ－Ａ－１", "2023.6.30", "1,234.50", "１２", "√", "已验收"],
        [2, "走访慰问困难党员", "Z-A-2", dt.date(2023, 5, 4), 800, 3, "否", ""],
        None,
        [3, "组织义诊", "Z-A", "2023年6月30日", "2,000", 15, "是", ""],
        ["小计", "", "", "", 4034.5, 30, "", ""],
        ["合计", "", "", "", 4034.5, 30, "", ""],
    ]
    for offset, row in enumerate(rows):
        for col, value in enumerate(row or []):
            if isinstance(value, dt.date):
                sheet.write(3 + offset, col, value, date_style)
            else:
                sheet.write(3 + offset, col, value)
    book.save(str(HERE / "clerk.xls"))


if __name__ == "__main__":
    main()
