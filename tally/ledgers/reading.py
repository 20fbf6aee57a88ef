"""Reading an uploaded spreadsheet safely: .xlsx, .xls, .ods or .csv (UTF-8 with or
without BOM, or GB18030 as WPS writes it).

The file's own bytes decide its format, never its name. Before any parser sees a zip
(.xlsx/.ods) we check its entry count, its total uncompressed size and its packing ratio
(zip bombs) and refuse XML with a DOCTYPE or entity declarations (XML bombs, external
entities). Row counts are capped before the sheet is loaded where the format tells them
up front. `measure_upload` tells, from the zip's directory alone, how big a file is once
unpacked: that (not the size sent) decides whether the web request checks it.

Rows are handed out one at a time (`Table.iter_rows`): a 150,000-row sheet is never held
as one Python list of every cell, and the sheet's XML is scanned in pieces.
"""

import copy
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
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


# The file names an upload may have, for the web page and the command line alike (the
# bytes decide the format; this only keeps out what is surely no spreadsheet, such as a
# macro workbook .xlsm).
ACCEPTED_SUFFIXES = (".xlsx", ".xls", ".ods", ".csv", ".txt")
HEAD_ROWS = 15


@dataclass
class Table:
    """A sheet, row by row. `iter_rows()` starts again from the first row each time it is
    called; `head` holds the first rows (where the headers are looked for)."""

    format: str
    row_source: Callable[[], Iterator[list]]
    sheet_name: str = ""
    # (row index, column index) of cells that hold a formula, 0-based.
    formula_cells: set[tuple[int, int]] = field(default_factory=set)

    def iter_rows(self) -> Iterator[list]:
        return self.row_source()

    @cached_property
    def head(self) -> list[list]:
        rows = []
        for row in self.iter_rows():
            rows.append(row)
            if len(rows) == HEAD_ROWS:
                break
        return rows

    @cached_property
    def rows(self) -> list[list]:
        """Every row at once: for small sheets (tests, round trips), never an import."""
        return list(self.iter_rows())


def table_of(rows: list[list], fmt: str = "rows") -> Table:
    return Table(format=fmt, row_source=lambda: iter(rows))


@dataclass
class Measure:
    """How much work a file is: its size unpacked and, when the file says, its rows."""

    unpacked_bytes: int
    rows: int | None = None


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 200_000)


def max_uncompressed() -> int:
    return getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", 300 * 1024 * 1024)


def max_ratio() -> int:
    return getattr(settings, "IMPORT_MAX_ZIP_RATIO", 500)


def has_accepted_suffix(name: str) -> bool:
    return PurePosixPath((name or "").replace("\\", "/")).suffix.lower() in ACCEPTED_SUFFIXES


def check_suffix(name: str) -> None:
    if not has_accepted_suffix(name):
        raise SheetError(_("Upload an Excel (.xlsx, .xls), OpenDocument (.ods) or CSV file."))


def check_sent_size(data: bytes) -> None:
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise SheetError(
            _("The file is larger than %(mb)d MB; split it into smaller files.")
            % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    if not data:
        raise SheetError(_("The file is empty."))


def read_table(data: bytes) -> Table:
    """The first visible sheet of a spreadsheet file, as rows of raw cell values."""
    check_sent_size(data)
    if data.startswith(ZIP_MAGIC):
        return read_zip_workbook(data)
    if data.startswith(OLE_MAGIC):
        return read_with_calamine(data, "xls")
    return read_csv(data)


def measure_upload(data: bytes, *, count_up_to: int = 0) -> Measure:
    """The file's size unpacked, from the zip's directory (nothing is unpacked), and its
    rows where the file declares them. With `count_up_to`, a zip sheet that declares at
    most that many bytes has its rows counted (a sheet may omit or understate its
    dimension). An absurdly packed or oversized zip is refused here already."""
    check_sent_size(data)
    if data.startswith(ZIP_MAGIC):
        try:
            return measure_zip(data, count_up_to)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError):
            raise SheetError(_("The file is damaged or is not a spreadsheet.")) from None
        except (ElementTree.ParseError, DefusedXmlException, RuntimeError, NotImplementedError):
            raise SheetError(_("The file is damaged or is not a spreadsheet.")) from None
    if data.startswith(OLE_MAGIC):
        return Measure(len(data))
    return Measure(len(data), rows=data.count(b"\n") + 1)


def measure_zip(data: bytes, count_up_to: int) -> Measure:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise SheetError(_("The file has too many parts to be a normal spreadsheet."))
        unpacked = sum(entry.file_size for entry in entries)
        check_unpacked(unpacked, sum(entry.compress_size for entry in entries))
        names = {entry.filename for entry in entries}
        if "xl/workbook.xml" not in names:
            return Measure(unpacked)
        check_entities(archive, ["xl/workbook.xml", "xl/_rels/workbook.xml.rels"])
        sheet_path = first_xlsx_sheet(archive)
        if sheet_path not in names:
            return Measure(unpacked)
        sheet = archive.getinfo(sheet_path)
        if sheet.file_size <= count_up_to:
            return Measure(unpacked, rows=count_xml_rows(archive, sheet))
        return Measure(unpacked, rows=declared_rows(archive, sheet_path))


def check_unpacked(unpacked: int, packed: int) -> None:
    if unpacked > max_uncompressed():
        raise_too_large_unpacked()
    # A spreadsheet packs to a tenth, a sheet of empty formatted cells to a few
    # hundredth; far beyond that it is a zip bomb, whatever its size.
    if packed and unpacked > 1024 * 1024 and unpacked / packed > max_ratio():
        raise SheetError(
            _(
                "The file unpacks to %(ratio)d times its size, which no real spreadsheet "
                "does; it is refused as unsafe. Save it again from Excel or WPS."
            )
            % {"ratio": unpacked // packed}
        )


def check_entities(archive: zipfile.ZipFile, names: list[str]) -> None:
    for name in names:
        if name in archive.namelist() and declares_entities(archive.read(name)):
            raise SheetError(_("The file contains XML declarations that are refused as unsafe."))


def count_xml_rows(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> int:
    """The <row> elements of a sheet, unpacked in pieces (and not beyond the limit,
    whatever the directory says)."""
    count, tail = 0, b""
    for chunk in bounded_chunks(archive, entry, max_uncompressed()):
        piece = tail + chunk
        count += piece.count(b"<row") + piece.count(b":row>") + piece.count(b":row ")
        count -= tail.count(b"<row") + tail.count(b":row>") + tail.count(b":row ")
        tail = piece[-8:]
    return count


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
    """Refuse zip bombs and XML bombs before any parser sees the file (attachments.py
    checks office files with it too)."""
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise SheetError(_("The file has too many parts to be a normal spreadsheet."))
    budget = max_uncompressed()
    check_unpacked(
        sum(entry.file_size for entry in entries), sum(entry.compress_size for entry in entries)
    )
    for entry in entries:
        size = scan_entry(archive, entry, budget)
        if size != entry.file_size:
            # The directory lied about the size; measure_upload trusted it.
            raise SheetError(_("The file is damaged or is not a spreadsheet."))
        budget -= size


def raise_too_large_unpacked():
    raise SheetError(
        _("The file unpacks to more than %(mb)d MB; it is refused as unsafe.")
        % {"mb": max_uncompressed() // (1024 * 1024)}
    )


def bounded_chunks(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: int):
    """The entry unpacked in chunks, refused once it passes `budget` bytes: the size in
    the zip's headers is the sender's word, and a bomb lies about it."""
    probe = copy.copy(entry)
    # Let the reader run past an understated size, far enough for us to stop it first
    # (it checks the CRC when it reaches the size it was told).
    probe.file_size = budget + 2 * SCAN_CHUNK
    size = 0
    with archive.open(probe) as stream:
        while chunk := stream.read(SCAN_CHUNK):
            size += len(chunk)
            if size > budget:
                raise_too_large_unpacked()
            yield chunk


def scan_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: int) -> int:
    """Unpack one entry without keeping it and return its real size. On the way, XML
    with a DOCTYPE or an entity declaration is refused, wherever in the entry it hides."""
    is_xml = entry.filename.endswith((".xml", ".rels"))
    size, tail = 0, b""
    for chunk in bounded_chunks(archive, entry, budget):
        size += len(chunk)
        if is_xml and declares_entities(tail + chunk):
            raise SheetError(_("The file contains XML declarations that are refused as unsafe."))
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
    rows = declared_rows(archive, sheet_path)
    if rows and rows > max_rows() + 50:
        raise_too_many_rows()


def raise_too_many_rows():
    raise SheetError(
        _("The sheet has more than %(max)d rows; split it into smaller files.")
        % {"max": max_rows()}
    )


def declared_rows(archive: zipfile.ZipFile, sheet_path: str) -> int | None:
    probe = copy.copy(archive.getinfo(sheet_path))
    # The first 4 kB, even of an entry whose directory understates its size.
    probe.file_size = max(probe.file_size, 4096) + SCAN_CHUNK
    with archive.open(probe) as stream:
        match = DIMENSION.search(stream.read(4096))
    return int(match.group(1)) if match and match.group(1) else None


def xml_pieces(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    """The entry's XML in pieces of about SCAN_CHUNK bytes, each ending after a
    </row> where there is one, so that no cell is split between two pieces."""
    carry = b""
    with archive.open(name) as stream:
        while chunk := stream.read(SCAN_CHUNK):
            piece = carry + chunk
            cut = piece.rfind(b"row>")
            if cut < 0:
                carry = piece
                continue
            carry = piece[cut + 4 :]
            yield piece[: cut + 4]
    if carry:
        yield carry


def xlsx_formula_cells(archive: zipfile.ZipFile, sheet_path: str) -> set[tuple[int, int]]:
    """(row, column) of every cell of the sheet that holds a formula: calamine gives
    only the cached value, which a clerk may have meant to paste as a value."""
    if sheet_path not in archive.namelist():
        return set()
    found = set()
    for xml in xml_pieces(archive, sheet_path):
        # A plain substring test first: the regex over a 100,000-row sheet costs more
        # than the rest of the reading, and most sheets hold no formula at all.
        if b"<f" not in xml and b":f>" not in xml and b":f " not in xml:
            continue
        if not XLSX_FORMULA.search(xml):
            continue
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
    except SheetError:
        raise
    except python_calamine.PasswordError:
        raise SheetError(_("The file is protected by a password; remove it first.")) from None
    except Exception:
        raise SheetError(_("The file is damaged or is not a spreadsheet.")) from None
    return Table(format=fmt, row_source=lambda: sheet_rows(sheet), sheet_name=name)


def sheet_rows(sheet) -> Iterator[list]:
    """The sheet's rows from A1, as `to_python(skip_empty_area=False)` gives them, one
    at a time: calamine's iterator starts at the first used column."""
    first_column = sheet.start[1] if sheet.start else 0
    padding = [""] * first_column
    for row in sheet.iter_rows():
        yield padding + row if first_column else row


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
    # One pass to refuse a broken or oversized file at once; the rows are read again,
    # one at a time, by whoever reads the table.
    count = 0
    try:
        for _row in csv.reader(io.StringIO(text), dialect):
            count += 1
            if count > max_rows() + 50:
                raise_too_many_rows()
    except csv.Error:
        # A cell over the csv module's limit (131072 characters) or a broken quote.
        raise SheetError(
            _(
                "The text file cannot be read as CSV: a cell is far too long or a quote is "
                "not closed."
            )
        ) from None
    return Table(format="csv", row_source=lambda: csv.reader(io.StringIO(text), dialect))
