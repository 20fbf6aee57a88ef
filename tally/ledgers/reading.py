"""Reading an uploaded spreadsheet safely: .xlsx, .xls, .ods or .csv (UTF-8 with or
without BOM, or GB18030 as WPS writes it).

The file's own bytes decide its format, never its name. Before any parser sees a zip
(.xlsx/.ods) we check its entry count and total uncompressed size (zip bombs) and refuse
XML with a DOCTYPE or entity declarations (XML bombs, external entities). Row counts are
capped before the sheet is loaded where the format tells them up front.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import python_calamine
from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_ZIP_ENTRIES = 2000
DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')
FORMULA_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?>(?:(?!</c>).)*?<f[ >/]', re.DOTALL)
NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


class SheetError(Exception):
    """The file as a whole cannot be read; the message says why, in plain words."""


@dataclass
class Table:
    rows: list[list]
    format: str
    sheet_name: str = ""
    # (row index, column index) of cells that hold a formula, 0-based.
    formula_cells: set[tuple[int, int]] = field(default_factory=set)


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 200_000)


def max_uncompressed() -> int:
    return getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", 300 * 1024 * 1024)


def read_table(data: bytes) -> Table:
    """The first visible sheet of a spreadsheet file, as rows of raw cell values."""
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise SheetError(
            _("The file is larger than %(mb)d MB; split it into smaller files.")
            % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    if not data:
        raise SheetError(_("The file is empty."))
    if data.startswith(ZIP_MAGIC):
        return read_zip_workbook(data)
    if data.startswith(OLE_MAGIC):
        return read_with_calamine(data, "xls")
    return read_csv(data)


# --- zip workbooks: .xlsx and .ods -----------------------------------------------------


def read_zip_workbook(data: bytes) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SheetError(_("The file is damaged or is not a spreadsheet.")) from None
    with archive:
        check_zip_safety(archive)
        names = set(archive.namelist())
        if "xl/workbook.xml" in names:
            sheet_path = first_xlsx_sheet(archive)
            check_declared_rows(archive, sheet_path)
            formulas = xlsx_formula_cells(archive, sheet_path)
            table = read_with_calamine(data, "xlsx")
        elif "content.xml" in names:
            formulas = ods_formula_cells(archive)
            table = read_with_calamine(data, "ods")
        else:
            raise SheetError(_("The file is a zip archive, not a spreadsheet."))
    table.formula_cells = formulas
    return table


def check_zip_safety(archive: zipfile.ZipFile) -> None:
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise SheetError(_("The file has too many parts to be a normal spreadsheet."))
    total = sum(entry.file_size for entry in entries)
    if total > max_uncompressed():
        raise SheetError(
            _("The file unpacks to more than %(mb)d MB; it is refused as unsafe.")
            % {"mb": max_uncompressed() // (1024 * 1024)}
        )
    for entry in entries:
        if entry.filename.endswith((".xml", ".rels")) and has_doctype(archive, entry):
            raise SheetError(_("The file contains XML declarations that are refused as unsafe."))


def has_doctype(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    with archive.open(entry) as stream:
        head = stream.read(4096)
    return bool(DOCTYPE.search(head))


def parse_xml(archive: zipfile.ZipFile, name: str):
    try:
        return SafeET.fromstring(archive.read(name))
    except Exception:
        raise SheetError(_("The file is damaged or is not a spreadsheet.")) from None


def first_xlsx_sheet(archive: zipfile.ZipFile) -> str:
    """The zip path of the workbook's first visible worksheet."""
    workbook = parse_xml(archive, "xl/workbook.xml")
    rels = parse_xml(archive, "xl/_rels/workbook.xml.rels")
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{NS_PKG_REL}Relationship")
    }
    for sheet in workbook.iter(f"{NS_MAIN}sheet"):
        if sheet.get("state") in ("hidden", "veryHidden"):
            continue
        target = targets.get(sheet.get(f"{NS_REL}id"), "")
        if target.startswith("/"):
            return target.lstrip("/")
        return str(PurePosixPath("xl") / target)
    raise SheetError(_("The workbook has no visible sheet."))


def check_declared_rows(archive: zipfile.ZipFile, sheet_path: str) -> None:
    if sheet_path not in archive.namelist():
        return
    with archive.open(sheet_path) as stream:
        head = stream.read(4096)
    match = DIMENSION.search(head)
    if match and match.group(1) and int(match.group(1)) > max_rows() + 50:
        raise_too_many_rows()


def raise_too_many_rows():
    raise SheetError(
        _("The sheet has more than %(max)d rows; split it into smaller files.")
        % {"max": max_rows()}
    )


def xlsx_formula_cells(archive: zipfile.ZipFile, sheet_path: str) -> set[tuple[int, int]]:
    if sheet_path not in archive.namelist():
        return set()
    xml = archive.read(sheet_path)
    if b"<f" not in xml:
        return set()
    return {
        (int(row) - 1, column_index(letters.decode())) for letters, row in FORMULA_CELL.findall(xml)
    }


def column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (ord(letter) - ord("A") + 1)
    return index - 1


def ods_formula_cells(archive: zipfile.ZipFile) -> set[tuple[int, int]]:
    xml = archive.read("content.xml")
    if b"table:formula" not in xml:
        return set()
    found = set()
    root = SafeET.fromstring(xml)
    table = next(root.iter(f"{ODS_TABLE}table"), None)
    if table is None:
        return found
    row_index = 0
    for row in table.iter(f"{ODS_TABLE}table-row"):
        column = 0
        for cell in row:
            repeat = int(cell.get(f"{ODS_TABLE}number-columns-repeated", "1"))
            if cell.get(f"{ODS_TABLE}formula"):
                found.update((row_index, column + k) for k in range(min(repeat, 1000)))
            column += repeat
        row_index += int(row.get(f"{ODS_TABLE}number-rows-repeated", "1"))
    return found


# --- calamine ----------------------------------------------------------------------


def read_with_calamine(data: bytes, fmt: str) -> Table:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        index, name = first_visible_sheet(workbook)
        sheet = workbook.get_sheet_by_index(index)
        if sheet.height > max_rows() + 50:
            raise_too_many_rows()
        rows = sheet.to_python(skip_empty_area=False, nrows=max_rows() + 51)
    except SheetError:
        raise
    except python_calamine.PasswordError:
        raise SheetError(_("The file is protected by a password; remove it first.")) from None
    except Exception:
        raise SheetError(_("The file is damaged or is not a spreadsheet.")) from None
    return Table(rows=[list(row) for row in rows], format=fmt, sheet_name=name)


def first_visible_sheet(workbook) -> tuple[int, str]:
    for index, meta in enumerate(workbook.sheets_metadata):
        if meta.visible == python_calamine.SheetVisibleEnum.Visible:
            return index, meta.name
    raise SheetError(_("The workbook has no visible sheet."))


# --- CSV ----------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise SheetError(_("The file is not a spreadsheet or a CSV text file."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError(_("The text file is neither UTF-8 nor GB18030; save it as UTF-8 CSV."))


def read_csv(data: bytes) -> Table:
    text = decode_text(data)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for row in csv.reader(io.StringIO(text), dialect):
        rows.append(row)
        if len(rows) > max_rows() + 50:
            raise_too_many_rows()
    return Table(rows=rows, format="csv")
