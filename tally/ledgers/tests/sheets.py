"""Spreadsheets built inside the tests: the files clerks (and attackers) upload.

.xlsx with xlsxwriter (merged title rows, formulas, number and date cells), .ods by hand
(a zip of mimetype, content.xml and a manifest: what LibreOffice writes, minus styles),
.csv in any encoding, and readers for the workbooks the application sends back.
"""

import csv
import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

import python_calamine
import xlsxwriter

EVENT_HEADERS = ["活动名称", "活动类别", "组织编码", "活动日期"]
TALKS = "能力作风建设大家谈"


def xlsx(rows, *, merges=(), formulas=(), blanks=(), sheet="Sheet1", hidden_first=False) -> bytes:
    """rows: lists of cell values (None: no cell). merges: (first_row, first_col,
    last_row, last_col, text). formulas: (row, col, formula, cached value). blanks:
    (row, col) of empty cells with a format (written as <c r=".." s=".."/>)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    if hidden_first:
        book.add_worksheet("hidden").hide()
    worksheet = book.add_worksheet(sheet)
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row or []):
            if value is None:
                continue
            if isinstance(value, dt.date):
                worksheet.write_datetime(
                    r, c, dt.datetime(value.year, value.month, value.day), date_format
                )
            elif isinstance(value, str):
                worksheet.write_string(r, c, value)
            else:
                worksheet.write(r, c, value)
    for first_row, first_col, last_row, last_col, text in merges:
        worksheet.merge_range(first_row, first_col, last_row, last_col, text)
    for r, c, formula, value in formulas:
        worksheet.write_formula(r, c, formula, None, value)
    for r, c in blanks:
        worksheet.write_blank(r, c, None, date_format)
    book.close()
    return buffer.getvalue()


def csv_bytes(rows, *, encoding="utf-8", delimiter=",") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return text.getvalue().encode(encoding)


ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
ODS_MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIMETYPE}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
    'office:version="1.2"'
)


def ods_cell(value, formula=None, span=1) -> str:
    spanned = f' table:number-columns-spanned="{span}"' if span > 1 else ""
    formula_attr = f" table:formula={quoteattr(formula)}" if formula else ""
    if value is None:
        return f"<table:table-cell{spanned}/>"
    if isinstance(value, dt.date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"'
            f"{spanned}><text:p>{value.isoformat()}</text:p></table:table-cell>"
        )
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}"'
            f"{formula_attr}{spanned}><text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"{formula_attr}{spanned}>'
        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
    )


def ods(rows, *, spans=None, formulas=None) -> bytes:
    """A minimal OpenDocument spreadsheet. spans: {(row, col): n} merged cells;
    formulas: {(row, col): "of:=..."}."""
    spans, formulas = spans or {}, formulas or {}
    body = []
    for r, row in enumerate(rows):
        cells = []
        c = 0
        row = list(row or [])
        while c < len(row):
            span = spans.get((r, c), 1)
            cells.append(ods_cell(row[c], formulas.get((r, c)), span))
            cells.extend("<table:covered-table-cell/>" for _ in range(span - 1))
            c += span
        body.append(f"<table:table-row>{''.join(cells) or '<table:table-cell/>'}</table:table-row>")
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES}>'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        f"{''.join(body)}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIMETYPE)  # stored, first
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def workbook_sheets(data: bytes) -> dict[str, list[list]]:
    """Every sheet of a workbook the application sent, by name."""
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {
        name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        for name in book.sheet_names
    }


def first_sheet(data: bytes) -> list[list]:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_index(0).to_python(skip_empty_area=False)


def zip_entry(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode()


def event_rows(*rows, headers=EVENT_HEADERS) -> list[list]:
    return [list(headers), *[list(row) for row in rows]]
