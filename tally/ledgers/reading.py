"""Reading an uploaded spreadsheet safely: .xlsx, .xls, .ods or .csv (UTF-8 with or
without BOM, or GB18030 as WPS writes it).

The file's own bytes decide its format, never its name. Before any parser sees a zip
(.xlsx/.ods) we check its entry count and total uncompressed size (zip bombs) and refuse
XML with a DOCTYPE or entity declarations (XML bombs, external entities). Row counts are
capped before the sheet is loaded where the format tells them up front.
"""

import copy
import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from xml.etree import ElementTree

import python_calamine
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.conf import settings
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_ZIP_ENTRIES = 2000
SCAN_CHUNK = 1024 * 1024
DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')
# One cell element at a time (an empty cell closes itself), with an optional prefix.
XLSX_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
XLSX_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
CELL_REFERENCE = re.compile(rb'\br="([A-Z]+)(\d+)"')
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
        return read_checked_zip(data)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        KeyError,
        ValueError,
        RuntimeError,
        NotImplementedError,
        ElementTree.ParseError,
        DefusedXmlException,
    ):
        # Encrypted or oddly compressed entries, bad checksums, missing parts, broken XML.
        raise SheetError(_("The file is damaged or is not a spreadsheet.")) from None


def read_checked_zip(data: bytes) -> Table:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check_zip_safety(archive)
        names = set(archive.namelist())
        if "xl/workbook.xml" in names:
            sheet_path = first_xlsx_sheet(archive)
            check_declared_rows(archive, sheet_path)
            formulas = xlsx_formula_cells(archive, sheet_path)
            fmt = "xlsx"
        elif "content.xml" in names:
            formulas = ods_formula_cells(archive)
            fmt = "ods"
        else:
            raise SheetError(_("The file is a zip archive, not a spreadsheet."))
    table = read_with_calamine(data, fmt)
    table.formula_cells = formulas
    return table


def check_zip_safety(archive: zipfile.ZipFile) -> None:
    """Refuse zip bombs and XML bombs before any parser sees the file."""
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise SheetError(_("The file has too many parts to be a normal spreadsheet."))
    budget = max_uncompressed()
    if sum(entry.file_size for entry in entries) > budget:
        raise_too_large_unpacked()
    for entry in entries:
        budget -= scan_entry(archive, entry, budget)


def raise_too_large_unpacked():
    raise SheetError(
        _("The file unpacks to more than %(mb)d MB; it is refused as unsafe.")
        % {"mb": max_uncompressed() // (1024 * 1024)}
    )


def scan_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: int) -> int:
    """Unpack one entry without keeping it and return its real size: the size in the
    zip's headers is the sender's word, and a bomb lies about it. On the way, XML with a
    DOCTYPE or an entity declaration is refused, wherever in the entry it hides."""
    probe = copy.copy(entry)
    # Let the reader run past an understated size, far enough for us to stop it first
    # (it checks the CRC when it reaches the size it was told).
    probe.file_size = budget + 2 * SCAN_CHUNK
    is_xml = entry.filename.endswith((".xml", ".rels"))
    size, tail = 0, b""
    with archive.open(probe) as stream:
        while chunk := stream.read(SCAN_CHUNK):
            size += len(chunk)
            if size > budget:
                raise_too_large_unpacked()
            if is_xml and declares_entities(tail + chunk):
                raise SheetError(
                    _("The file contains XML declarations that are refused as unsafe.")
                )
            tail = chunk[-16:]
    return size


def declares_entities(xml: bytes) -> bool:
    return b"<!DOCTYPE" in xml or b"<!ENTITY" in xml


def parse_xml(archive: zipfile.ZipFile, name: str):
    return SafeET.fromstring(archive.read(name))


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
    """(row, column) of every cell of the sheet that holds a formula: calamine gives
    only the cached value, which a clerk may have meant to paste as a value."""
    if sheet_path not in archive.namelist():
        return set()
    xml = archive.read(sheet_path)
    # A plain substring test first: the regex over a 100,000-row sheet costs more than
    # the rest of the reading, and most sheets hold no formula at all.
    if b"<f" not in xml and b":f>" not in xml and b":f " not in xml:
        return set()
    if not XLSX_FORMULA.search(xml):
        return set()
    found = set()
    for cell in XLSX_CELL.finditer(xml):
        inner = cell.group(2)
        reference = CELL_REFERENCE.search(cell.group(1))
        if inner and reference and XLSX_FORMULA.search(inner):
            letters, row = reference.groups()
            found.add((int(row) - 1, column_index(letters.decode())))
    return found


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
    return Table(rows=rows, format=fmt, sheet_name=name)


def first_visible_sheet(workbook) -> tuple[int, str]:
    for index, meta in enumerate(workbook.sheets_metadata):
        if meta.visible == python_calamine.SheetVisibleEnum.Visible:
            return index, meta.name
    raise SheetError(_("The workbook has no visible sheet."))


# --- CSV ----------------------------------------------------------------------------


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(data: bytes) -> str:
    if data.startswith(UTF16_BOMS):
        # Excel's "Unicode text" (tab-separated UTF-16).
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SheetError(_("The file is damaged or is not a spreadsheet.")) from None
    if b"\x00" in data:
        raise SheetError(_("The file is not a spreadsheet or a CSV text file."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError(_("The text file is neither UTF-8 nor GB18030; save it as UTF-8 CSV."))


def csv_dialect(sample: str):
    """Tab-separated when most lines have a tab (Excel's "Unicode text"; a tab is never
    typed inside a cell), else whatever the sniffer makes of commas and semicolons."""
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    if lines and 2 * sum("\t" in line for line in lines) > len(lines):
        return csv.excel_tab
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;")
    except csv.Error:
        return csv.excel


def read_csv(data: bytes) -> Table:
    text = decode_text(data)
    dialect = csv_dialect(text[:8192])
    rows = []
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            rows.append(row)
            if len(rows) > max_rows() + 50:
                raise_too_many_rows()
    except csv.Error:
        # A cell over the csv module's limit (131072 characters) or a broken quote.
        raise SheetError(
            _(
                "The text file cannot be read as CSV: a cell is far too long or a quote is "
                "not closed."
            )
        ) from None
    return Table(rows=rows, format="csv")
