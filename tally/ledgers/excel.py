"""Workbooks written from a ledger's declaration: the template a clerk fills in, the
export of a list (the same format, so export → import is a round trip), and the error
workbook of a refused import."""

import io
import itertools
import re
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from django.utils.translation import gettext as _

from tally.lib.cells import clean_text

from . import declarations as d
from .declarations import Column
from .importing import find_header_row, header_lookup, masked_text, normalize_header
from .ledger import Ledger

TEMPLATE_ROWS = 5000
# The organisations sheet of a template lists at most this many (a whole city has fewer);
# an organisation column gets a dropdown when its choices are at most ORG_DROPDOWN_LIMIT
# (a longer list is no help to pick from: the sheet is there to look codes up).
ORG_SHEET_LIMIT = 20000
ORG_DROPDOWN_LIMIT = 1000


def org_sheet_name() -> str:
    return _("Organisation codes")


EXPORT_CHUNK = 2000
DANGEROUS_START = re.compile(r"^[=+\-@\t\r]")
DATE_FORMAT = "yyyy-mm-dd"


def neutralise(text: str) -> str:
    """A cell that a spreadsheet could run as a formula gets a leading apostrophe
    (OWASP: CSV/formula injection). The importer strips it again."""
    return "'" + text if DANGEROUS_START.match(text) else text


class SheetWriter:
    """A thin layer over xlsxwriter that writes each value with the right cell type."""

    def __init__(self, *, constant_memory: bool = False):
        self.buffer = io.BytesIO()
        options = {"in_memory": not constant_memory, "constant_memory": constant_memory}
        self.book = xlsxwriter.Workbook(self.buffer, options)
        self.header_format = self.book.add_format(
            {"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True}
        )
        self.required_format = self.book.add_format(
            {"bold": True, "bg_color": "#F2DCDB", "border": 1, "font_color": "#B71C1C"}
        )
        self.date_format = self.book.add_format({"num_format": DATE_FORMAT})
        self.text_format = self.book.add_format({"num_format": "@"})
        self.error_format = self.book.add_format({"bg_color": "#F8CBAD"})
        self.example_format = self.book.add_format({"italic": True, "font_color": "#7F7F7F"})

    def write(self, sheet, row: int, col: int, value, cell_format=None) -> None:
        if value is None or value == "":
            sheet.write_blank(row, col, None, cell_format)
        elif isinstance(value, bool):
            sheet.write_string(row, col, "是" if value else "否", cell_format)
        elif isinstance(value, (int, Decimal, float)):
            sheet.write_number(row, col, float(value), cell_format)
        elif isinstance(value, datetime):
            sheet.write_datetime(
                row, col, value.replace(tzinfo=None), cell_format or self.date_format
            )
        elif isinstance(value, date):
            sheet.write_datetime(
                row,
                col,
                datetime(value.year, value.month, value.day),
                cell_format or self.date_format,
            )
        else:
            sheet.write_string(row, col, neutralise(str(value)), cell_format)

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def sheet_title(ledger: Ledger) -> str:
    # Excel sheet names: at most 31 characters, none of []:*?/\
    return re.sub(r"[\[\]:*?/\\]", "", str(ledger.name))[:31] or ledger.key


def write_headers(writer: SheetWriter, sheet, columns: list[Column]) -> None:
    for index, column in enumerate(columns):
        style = writer.required_format if column.required else writer.header_format
        sheet.write_string(0, index, column.header, style)
        sheet.set_column(index, index, max(10, min(40, len(column.header) * 2 + 4)))
        if column.required:
            sheet.write_comment(0, index, _("Required"))
    sheet.freeze_panes(1, 0)


def template_workbook(ledger: Ledger, orgs=None) -> bytes:
    """Headers, an example row, dropdowns for choice columns and a notes sheet. With
    `orgs` (the organisations the user files for, in tree order), a ledger with an
    organisation column also gets a sheet of their codes and names, and a dropdown of
    the codes where their number allows."""
    writer = SheetWriter()
    sheet = writer.book.add_worksheet(sheet_title(ledger))
    columns = ledger.columns
    write_headers(writer, sheet, columns)
    has_org_column = any(c.type in (d.ORG, d.ORGS) for c in columns)
    orgs = list(orgs[:ORG_SHEET_LIMIT]) if orgs is not None and has_org_column else None
    if orgs is not None:
        write_org_sheet(writer, orgs)
    lists = writer.book.add_worksheet("choices")
    for index, column in enumerate(columns):
        sheet.write_string(1, index, str(column.example), writer.example_format)
        if column.type not in (d.INT, d.DECIMAL, d.PERCENT):
            sheet.set_column(index, index, None, writer.text_format)
        add_dropdown(writer, sheet, lists, index, column, options_of(column, orgs))
    lists.hide()
    write_notes(writer, ledger)
    return writer.close()


def options_of(column: Column, orgs) -> list[str]:
    """The values a dropdown offers: the choices, 是/否, or the codes of the user's
    organisations (of the kinds the column allows) when they are few enough."""
    if column.type == d.BOOL:
        return ["是", "否"]
    if column.type == d.CHOICE:
        return list(column.choices)
    if column.type == d.ORG and orgs:
        codes = [o.code for o in orgs if not column.org_kinds or o.kind in column.org_kinds]
        return codes if len(codes) <= ORG_DROPDOWN_LIMIT else []
    return []


def write_org_sheet(writer: SheetWriter, orgs) -> None:
    """The organisations a clerk may file for, so that she finds the code of a name."""
    sheet = writer.book.add_worksheet(org_sheet_name())
    headers = [_("Organisation code"), _("Name"), _("Kind"), _("Belongs to")]
    for index, text in enumerate(headers):
        sheet.write_string(0, index, str(text), writer.header_format)
    names = {org.path: org.name for org in orgs}
    for row, org in enumerate(orgs, start=1):
        parent = names.get(org.path[: -org.steplen], "")
        for index, text in enumerate((org.code, org.name, org.get_kind_display(), parent)):
            sheet.write_string(row, index, neutralise(str(text)))
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, 3, 24)
    sheet.freeze_panes(1, 0)


def add_dropdown(writer, sheet, lists, index: int, column: Column, options: list[str]) -> None:
    if not options:
        return
    # The options live on a hidden sheet: an inline list is limited to 255 characters.
    for row, option in enumerate(options):
        lists.write_string(row, index, option)
    letter = xlsxwriter.utility.xl_col_to_name(index)
    source = f"=choices!${letter}$1:${letter}${len(options)}"
    sheet.data_validation(
        1,
        index,
        TEMPLATE_ROWS,
        index,
        {
            "validate": "list",
            "source": source,
            "error_title": column.header,
            "error_message": dropdown_message(column),
            # A code not listed (an organisation added since) may still be typed.
            "error_type": "warning" if column.type == d.ORG else "stop",
        },
    )


def dropdown_message(column: Column) -> str:
    if column.type == d.ORG:
        return _("Choose the code of one of your organisations (see the organisations sheet).")
    return _("Choose one of the listed values.")


def write_notes(writer: SheetWriter, ledger: Ledger) -> None:
    notes = writer.book.add_worksheet(_("Notes"))
    # Headers only: the English keys a file may also use are no business of a clerk's.
    headers = [_("Column"), _("Type"), _("Required"), _("Choices"), _("Explanation")]
    for index, text in enumerate(headers):
        notes.write_string(0, index, text, writer.header_format)
    for row, column in enumerate(ledger.columns, start=1):
        cells = [
            column.header,
            str(d.TYPE_LABELS.get(column.type, column.type)),
            _("yes") if column.required else _("no"),
            "、".join(column.choices) if column.type == d.CHOICE else "",
            str(column.help),
        ]
        for index, text in enumerate(cells):
            notes.write_string(row, index, text)
    general = [
        _("Fill in from the second row; the grey example row is skipped if left as it is."),
        _("Dates may be written 2023-06-30, 2023/6/30 or 2023年6月30日."),
        _("Several codes in one cell are separated by 、 or ;."),
        _("Title rows above the headers, a 序号 column and a 合计 row are allowed."),
        _("Importing the same file twice changes nothing; rows with the same key are updated."),
    ]
    start = len(ledger.columns) + 2
    for offset, text in enumerate(general):
        notes.write_string(start + offset, 0, text)
    notes.set_column(0, 0, 18)
    notes.set_column(4, 4, 60)


def export_workbook(ledger: Ledger, queryset, *, masked: bool = True) -> bytes:
    """The rows in the template's own format; personal data masked unless told."""
    writer = SheetWriter(constant_memory=True)
    sheet = writer.book.add_worksheet(sheet_title(ledger))
    columns = ledger.columns
    write_headers(writer, sheet, columns)
    row = 0
    for chunk in chunked(queryset.iterator(chunk_size=EXPORT_CHUNK), EXPORT_CHUNK):
        ledger.prepare_output(chunk)
        for obj in chunk:
            row += 1
            for index, column in enumerate(columns):
                writer.write(sheet, row, index, ledger.cell_value(obj, column, masked=masked))
    return writer.close()


def chunked(iterable, size: int):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def error_workbook(ledger: Ledger, table, errors: list[dict], *, masked: bool) -> bytes:
    """The refused rows as they were, the bad cells highlighted, and the reasons; the
    sheet is read once more, row by row, for the rows named in `errors`. `masked`:
    personal numbers are masked (the workbook an export gives without a reason)."""
    by_line: dict[int, list[dict]] = {}
    for error in errors:
        by_line.setdefault(error["line"], []).append(error)
    header_index = find_header_row(table.head, header_lookup(ledger))
    header = table.head[header_index] if header_index >= 0 else []
    columns = columns_by_position(ledger, header)
    position_of = {column.header: index for index, column in columns.items()}
    writer = SheetWriter(constant_memory=True)
    sheet = writer.book.add_worksheet(_("Errors"))
    out_header = [_("Row"), *[str(cell or "") for cell in header], _("Reasons")]
    for index, text in enumerate(out_header):
        sheet.write_string(0, index, text, writer.header_format)
    sheet.freeze_panes(1, 1)
    cells_of = error_lines(table, set(by_line))
    for out_row, line in enumerate(sorted(by_line), start=1):
        cells = cells_of.get(line, [])[: len(header)]
        bad = {position_of.get(e["column"]) for e in by_line[line]}
        sheet.write_number(out_row, 0, line)
        for index, value in enumerate(cells):
            if masked and index in columns and columns[index].personal:
                value = masked_text(columns[index], clean_text(value))
            style = writer.error_format if index in bad else None
            writer.write(sheet, out_row, index + 1, value, style)
        reasons = "；".join(
            f"{e['column']}：{e['message']}" if e["column"] else e["message"] for e in by_line[line]
        )
        sheet.write_string(out_row, len(header) + 1, reasons)
    return writer.close()


def error_lines(table, lines: set[int]) -> dict[int, list]:
    """The cells of the wanted rows (1-based line numbers), in one pass over the sheet."""
    found = {}
    last = max(lines, default=0)
    for index, cells in enumerate(table.iter_rows(), start=1):
        if index in lines:
            found[index] = cells
        if index >= last:
            break
    return found


def columns_by_position(ledger: Ledger, header: list) -> dict[int, Column]:
    lookup = header_lookup(ledger)
    found = {}
    for index, cell in enumerate(header):
        column = lookup.get(normalize_header(cell))
        if column is not None and column not in found.values():
            found[index] = column
    return found
