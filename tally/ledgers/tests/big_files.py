# ruff: noqa: E501  (the parts of a workbook, as Excel writes them)
"""Workbooks that are small to send and large to unpack: what a careless user (a sheet
whose every row carries a hundred formatted, empty cells) or an attacker uploads.

Written straight into a zip, row by row, so that making one costs no memory either."""

import datetime as dt
import io
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
VISIT_HEADERS = ["对象姓名", "对象类别", "走访组织编码", "走访日期", "慰问金额(元)"]


def text_cell(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def visit_row(index: int, codes: list[str]) -> list:
    day = dt.date(2023, 1, 1) + dt.timedelta(days=index % 365)
    return [f"走访对象{index}", "老党员", codes[index % len(codes)], day.isoformat(), 500]


def padded_xlsx(
    rows: int,
    *,
    headers=VISIT_HEADERS,
    make_row=visit_row,
    codes=("Z-A-1",),
    padding: int = 0,
    declare_rows: bool = True,
) -> bytes:
    """An .xlsx of `rows` data rows; each row ends with `padding` empty formatted cells
    (<c s="0"/>, ~10 bytes unpacked each, almost nothing packed)."""
    buffer = io.BytesIO()
    codes = list(codes)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            write_sheet(sheet, rows, headers, make_row, codes, padding, declare_rows)
    return buffer.getvalue()


def write_sheet(sheet, rows, headers, make_row, codes, padding, declare_rows) -> None:
    sheet.write(
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    )
    if declare_rows:
        sheet.write(f'<dimension ref="A1:E{rows + 1}"/>'.encode())
    sheet.write(b"<sheetData>")
    pad = '<c s="0"/>' * padding
    sheet.write(("<row>" + "".join(map(text_cell, headers)) + "</row>").encode())
    piece = []
    for index in range(rows):
        cells = [
            f"<c><v>{value}</v></c>" if isinstance(value, int) else text_cell(value)
            for value in make_row(index, codes)
        ]
        piece.append("<row>" + "".join(cells) + pad + "</row>")
        if len(piece) == 1000:
            sheet.write("".join(piece).encode())
            piece = []
    sheet.write(("".join(piece) + "</sheetData></worksheet>").encode())


def unpacked_size(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(entry.file_size for entry in archive.infolist())
