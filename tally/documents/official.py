"""The one official-document writer: a Word file in the GB/T 9704-2012 format.

    doc = OfficialDocument(title="关于……的通知", number="督办通知〔2023〕第7期",
                           addressees="各街道党工委，区直各部门：",
                           issuer="青山经开区党工委督查室", date=datetime.date(2023, 7, 3))
    doc.heading("一、坚持党建引领", level=1)
    doc.paragraph(["上半年签约项目", Link("51个", "https://tally.example.org/…"), "。"])
    doc.table(header=["事项", "牵头单位"], rows=[["……", "……"]])
    doc.image(png_bytes, width_mm=150, caption="……")
    data = doc.to_bytes()

The format (FORMATS.md): A4; margins 37 / 28 / 35 / 26 mm (top, left, bottom, right), a
text block of 156 × 225 mm holding 22 lines of 28 characters; title 2号 方正小标宋简体
centred; body 3号 仿宋_GB2312, first line indented two characters; headings 黑体 /
楷体_GB2312 / 仿宋_GB2312 by level; Latin letters and digits Times New Roman; page numbers
4号 宋体 "— 1 —", odd pages right, even pages left, one character in from the edge.

Why the XML is touched directly: python-docx's `font.name` sets only the Latin font, and
the default template's theme font attributes win over a named East-Asian font, so CJK text
falls back to MS Mincho (python-docx issue #1601). Every rFonts here (document defaults,
every style, every run) names its East-Asian font explicitly and carries no theme
attribute.

`to_bytes()` is deterministic: the same blocks give the same bytes (fixed core properties,
fixed zip timestamps), so a published document can be compared and cached by content.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

# --- the format's constants (FORMATS.md) -----------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_RIGHT = Mm(37), Mm(28), Mm(35), Mm(26)
TEXT_WIDTH_MM = 156
# The page number's em dashes sit about 7 mm below the text block.
FOOTER_DISTANCE = Mm(22)

FONT_LATIN = "Times New Roman"
FONT_BODY = "仿宋_GB2312"
FONT_TITLE = "方正小标宋简体"
FONT_SUBTITLE = "楷体_GB2312"
FONT_HEADING = {1: "黑体", 2: "楷体_GB2312", 3: "仿宋_GB2312"}
FONT_PAGE_NUMBER = "宋体"
FONT_TABLE_HEADER = "黑体"

SIZE_BODY = Pt(16)  # 3号
SIZE_TITLE = Pt(22)  # 2号
SIZE_PAGE_NUMBER = Pt(14)  # 4号
SIZE_TABLE = Pt(14)  # 4号: a table in 3号 rarely fits 156 mm

# 22 lines in 225 mm: exact spacing of 28.95 pt, and the document grid at the same pitch
# (579 twips = 28.95 pt) so that Word and WPS lay the lines out alike.
LINE_SPACING = Pt(28.95)
GRID_LINE_PITCH = 579
# 28 characters of 16 pt do not fit 156 mm (442.2 pt): each may take 15.79 pt. Every run
# is condensed by 0.25 pt (w:spacing in twentieths of a point), so a line holds 28 in Word,
# WPS and LibreOffice alike. (A linesAndChars grid with charSpace does it for Word, but
# LibreOffice lays such a grid out at about 16 characters a line, and the PDF comes from it.)
CONDENSE_TWIPS = -5
FIRST_LINE_CHARS = 200  # hundredths of a character: two characters
LINK_SCHEMES = ("http://", "https://", "mailto:")

# Core properties fixed so that the same content gives the same bytes.
FIXED_TIMESTAMP = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)

# Characters XML 1.0 cannot hold (a vertical tab pasted from Excel would break the file).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def format_date(day: datetime.date) -> str:
    """2023年7月3日: the official form, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", str(text))


class DocumentError(ValueError):
    """A block the writer cannot put into a document (a relative link, an empty table)."""


@dataclass(frozen=True)
class Link:
    """Text that is a hyperlink to an absolute URL (Word cannot resolve relative ones)."""

    text: str
    url: str

    def __post_init__(self):
        if not str(self.url).startswith(LINK_SCHEMES):
            raise DocumentError(f"a link needs an absolute http(s) URL, not {self.url!r}")


Inline = str | Link


# --- blocks --------------------------------------------------------------------------


@dataclass
class _Heading:
    text: str
    level: int


@dataclass
class _Paragraph:
    parts: list[Inline]
    indent: bool = True


@dataclass
class _Table:
    header: list[str]
    rows: list[list[Inline]]


def _cell(value) -> Inline:
    if value is None:
        return ""
    return value if isinstance(value, Link) else str(value)


@dataclass
class _Image:
    png: bytes
    width_mm: float
    caption: str = ""


@dataclass
class OfficialDocument:
    """An official document built block by block; `to_bytes()` writes the .docx."""

    title: str
    number: str = ""
    addressees: str = ""
    issuer: str = ""
    date: datetime.date | None = None
    subtitle: str = ""
    blocks: list = field(default_factory=list)

    def heading(self, text: str, level: int = 1) -> None:
        if level not in FONT_HEADING:
            raise DocumentError(f"heading level must be 1, 2 or 3, not {level!r}")
        self.blocks.append(_Heading(str(text), level))

    def paragraph(self, parts: Inline | list[Inline], *, indent: bool = True) -> None:
        """A body paragraph of text and links; `indent=False` for a flush-left line."""
        if isinstance(parts, str | Link):
            parts = [parts]
        for part in parts:
            if not isinstance(part, str | Link):
                raise DocumentError(f"a paragraph holds text and links, not {part!r}")
        self.blocks.append(_Paragraph(list(parts), indent))

    def table(self, header: list[str], rows: list[list]) -> None:
        """A table with a header row that repeats on every page; a cell is text, a
        number or a Link."""
        if not header:
            raise DocumentError("a table needs a header row")
        width = len(header)
        for row in rows:
            if len(row) != width:
                raise DocumentError(f"a table row has {len(row)} cells, the header {width}")
        cells = [[_cell(value) for value in row] for row in rows]
        self.blocks.append(_Table([str(cell) for cell in header], cells))

    def image(self, png: bytes, width_mm: float = TEXT_WIDTH_MM, caption: str = "") -> None:
        """A picture, centred, at most the text block's width."""
        self.blocks.append(_Image(png, min(float(width_mm), TEXT_WIDTH_MM), caption))

    def to_bytes(self) -> bytes:
        document = _Writer(self).build()
        buffer = io.BytesIO()
        document.save(buffer)
        return _fixed_zip(buffer.getvalue())


# --- writing -------------------------------------------------------------------------


class _Writer:
    def __init__(self, source: OfficialDocument):
        self.source = source
        self.document = docx.Document()

    def build(self):
        _set_up_page(self.document)
        _set_up_styles(self.document)
        _set_up_page_numbers(self.document)
        self._set_core_properties()
        # The default template starts with no paragraph; nothing to clear.
        self._front_matter()
        for block in self.source.blocks:
            getattr(self, f"_write_{type(block).__name__.lstrip('_').lower()}")(block)
        self._closing()
        return self.document

    def _set_core_properties(self):
        properties = self.document.core_properties
        stamp = FIXED_TIMESTAMP
        if self.source.date is not None:
            stamp = datetime.datetime.combine(self.source.date, datetime.time(), datetime.UTC)
        properties.title = xml_safe(self.source.title)
        properties.author = xml_safe(self.source.issuer)
        properties.last_modified_by = xml_safe(self.source.issuer)
        properties.created = properties.modified = stamp
        properties.last_printed = stamp
        properties.revision = 1
        properties.comments = ""
        properties.keywords = ""
        properties.subject = xml_safe(self.source.number)
        properties.language = "zh-CN"

    # the parts around the body

    def _front_matter(self):
        source = self.source
        if source.number:
            self._line(source.number, align=WD_ALIGN_PARAGRAPH.CENTER)
            self._blank()
        for line in source.title.splitlines() or [""]:
            self._line(line, font=FONT_TITLE, size=SIZE_TITLE, align=WD_ALIGN_PARAGRAPH.CENTER)
        if source.subtitle:
            for line in source.subtitle.splitlines():
                self._line(line, font=FONT_SUBTITLE, align=WD_ALIGN_PARAGRAPH.CENTER)
        self._blank()
        if source.addressees:
            self._line(source.addressees)

    def _closing(self):
        source = self.source
        if not (source.issuer or source.date):
            return
        self._blank()
        date_text = format_date(source.date) if source.date else ""
        # The date stands four characters in from the right; the issuer is centred on it.
        date_indent = 4
        if source.issuer:
            issuer_indent = max(date_indent + (len(date_text) - len(source.issuer)) / 2, 0)
            self._line(source.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=issuer_indent)
        if date_text:
            self._line(date_text, align=WD_ALIGN_PARAGRAPH.RIGHT, right_chars=date_indent)

    def _line(self, text, *, font=FONT_BODY, size=None, align=None, right_chars=None):
        paragraph = self.document.add_paragraph()
        _no_indent(paragraph)
        if align is not None:
            paragraph.alignment = align
        if right_chars:
            _set_indent(paragraph, right_chars=round(right_chars * 100))
        _add_run(paragraph, text, font, size)
        return paragraph

    def _blank(self):
        paragraph = self.document.add_paragraph()
        _no_indent(paragraph)

    # the blocks

    def _write_heading(self, block: _Heading):
        paragraph = self.document.add_paragraph(style=f"Heading {block.level}")
        _add_run(paragraph, block.text, FONT_HEADING[block.level])

    def _write_paragraph(self, block: _Paragraph):
        paragraph = self.document.add_paragraph()
        if not block.indent:
            _no_indent(paragraph)
        for part in block.parts:
            if isinstance(part, Link):
                _add_link(paragraph, part, FONT_BODY)
            elif part:
                _add_run(paragraph, part, FONT_BODY)

    def _write_table(self, block: _Table):
        table = self.document.add_table(rows=1 + len(block.rows), cols=len(block.header))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for row_index, texts in enumerate([block.header, *block.rows]):
            cells = table.rows[row_index].cells
            font = FONT_TABLE_HEADER if row_index == 0 else FONT_BODY
            for cell, value in zip(cells, texts, strict=True):
                paragraph = cell.paragraphs[0]
                short = len(value.text if isinstance(value, Link) else value) <= 12
                _table_paragraph(paragraph, centred=row_index == 0 or short)
                if isinstance(value, Link):
                    _add_link(paragraph, value, font, SIZE_TABLE)
                else:
                    _add_run(paragraph, value, font, SIZE_TABLE)
        _mark_header_row(table.rows[0])
        # A paragraph after a table keeps the next table or heading from touching it.
        self._blank()

    def _write_image(self, block: _Image):
        paragraph = self.document.add_paragraph()
        _no_indent(paragraph)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # Exact line spacing would clip the picture to one line's height.
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        run = paragraph.add_run()
        run.add_picture(io.BytesIO(block.png), width=Mm(block.width_mm))
        if block.caption:
            caption = self._line(block.caption, size=SIZE_TABLE, align=WD_ALIGN_PARAGRAPH.CENTER)
            caption.paragraph_format.keep_together = True


# --- page, styles, page numbers ------------------------------------------------------------


def _set_up_page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.footer_distance = FOOTER_DISTANCE
    section.gutter = 0
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(GRID_LINE_PITCH))


def _set_up_styles(document) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(default_rpr, FONT_BODY)
    _set_size(default_rpr, SIZE_BODY)
    _set_condensed(default_rpr)
    _set_language(default_rpr)
    default_ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _set_exact_spacing(default_ppr)
    # Every style names its fonts: the template's ones come with theme fonts.
    for style in styles.element.findall(qn("w:style")):
        _set_fonts(style.get_or_add_rPr(), FONT_BODY)
        _set_language(style.get_or_add_rPr())
    # ... and so does every conditional part of a table style (its first row, …).
    for fonts in styles.element.iter(qn("w:rFonts")):
        _set_fonts(fonts.getparent(), fonts.get(qn("w:eastAsia")) or FONT_BODY)
    normal = styles["Normal"]
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _set_exact_spacing(normal.element.get_or_add_pPr())
    _set_indent(normal, first_line_chars=FIRST_LINE_CHARS)
    _set_size(normal.element.get_or_add_rPr(), SIZE_BODY)
    for level, font in FONT_HEADING.items():
        _restyle_heading(styles[f"Heading {level}"], font)


def _restyle_heading(style, font: str) -> None:
    """Headings in an official document are body-sized lines in their own font: no
    colour, no bold, no space around them, but they stay with the text they head."""
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:color", "w:b", "w:bCs", "w:i", "w:iCs", "w:sz", "w:szCs"):
        for element in rpr.findall(qn(tag)):
            rpr.remove(element)
    _set_fonts(rpr, font)
    _set_size(rpr, SIZE_BODY)
    ppr = style.element.get_or_add_pPr()
    for element in ppr.findall(qn("w:spacing")):
        ppr.remove(element)
    _set_exact_spacing(ppr)
    _set_indent(style, first_line_chars=FIRST_LINE_CHARS)
    style.paragraph_format.keep_with_next = True
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _set_up_page_numbers(document) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT, side="right")
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, side="left")


def _page_number(footer, alignment, *, side: str) -> None:
    """— PAGE — in 4号 宋体, one character in from the edge of the text block."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = alignment
    pf = paragraph.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    ppr = paragraph._p.get_or_add_pPr()
    indent = OxmlElement("w:ind")
    one_character = str(int(SIZE_PAGE_NUMBER.pt * 20))
    indent.set(qn(f"w:{side}"), one_character)
    indent.set(qn("w:firstLine"), "0")
    ppr.append(indent)
    _add_run(paragraph, "— ", FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER, latin=FONT_PAGE_NUMBER)
    _add_field(paragraph, "PAGE", FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER)
    _add_run(paragraph, " —", FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER, latin=FONT_PAGE_NUMBER)


def _add_field(paragraph, instruction: str, font: str, size) -> None:
    """A field as Word writes it: begin, the instruction, separate, a cached result, end."""
    for kind, text in (
        ("begin", None),
        ("instr", f" {instruction} "),
        ("separate", None),
        ("result", "1"),
        ("end", None),
    ):
        if kind == "result":
            _add_run(paragraph, text, font, size, latin=font)
            continue
        run = _add_run(paragraph, "", font, size, latin=font)
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


# --- runs and their fonts --------------------------------------------------------------


def _add_run(paragraph, text: str, east_asia: str, size=None, *, latin: str = FONT_LATIN):
    run = paragraph.add_run(xml_safe(text))
    rpr = run._r.get_or_add_rPr()
    _set_fonts(rpr, east_asia, latin=latin)
    if size is not None:
        _set_size(rpr, size)
    return run


def _add_link(paragraph, link: Link, east_asia: str, size=None) -> None:
    """A real w:hyperlink to an external relationship, underlined, in the body's colour
    (an official document is printed black)."""
    relationship = paragraph.part.relate_to(link.url, RT.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), relationship)
    hyperlink.set(qn("w:history"), "1")
    run = _add_run(paragraph, link.text, east_asia, size)
    run.font.underline = True
    # add_run appended the run to the paragraph; it belongs inside the hyperlink.
    hyperlink.append(run._r)
    paragraph._p.append(hyperlink)


def _set_fonts(rpr, east_asia: str, *, latin: str = FONT_LATIN) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in _THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _set_size(rpr, size) -> None:
    half_points = str(round(size.pt * 2))
    for tag in ("w:sz", "w:szCs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            _insert_in_order(rpr, element)
        element.set(qn("w:val"), half_points)


def _set_condensed(rpr) -> None:
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        _insert_in_order(rpr, spacing)
    spacing.set(qn("w:val"), str(CONDENSE_TWIPS))


def _set_language(rpr) -> None:
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        _insert_in_order(rpr, language)
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")
    language.set(qn("w:bidi"), "ar-SA")


# The schema's order of rPr children that this module writes (CT_RPr is a sequence).
_RPR_ORDER = [
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
]


def _insert_in_order(rpr, element) -> None:
    order = {qn(tag): index for index, tag in enumerate(_RPR_ORDER)}
    rank = order[element.tag]
    for index, child in enumerate(rpr):
        if order.get(child.tag, len(order)) > rank:
            rpr.insert(index, element)
            return
    rpr.append(element)


# --- paragraph formats -----------------------------------------------------------------


def _set_exact_spacing(ppr) -> None:
    spacing = ppr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        ppr.append(spacing)
    spacing.attrib.clear()
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(round(LINE_SPACING.pt * 20)))
    spacing.set(qn("w:lineRule"), "exact")
    _order_ppr(ppr)


def _set_indent(owner, *, first_line_chars: int | None = None, right_chars: int | None = None):
    """Indents in characters (hundredths), which Word and WPS keep when the font changes;
    the twips beside them are for readers that ignore the character units."""
    ppr = owner._p.get_or_add_pPr() if hasattr(owner, "_p") else owner.element.get_or_add_pPr()
    indent = ppr.find(qn("w:ind"))
    if indent is None:
        indent = OxmlElement("w:ind")
        ppr.append(indent)
    if first_line_chars is not None:
        indent.set(qn("w:firstLineChars"), str(first_line_chars))
        indent.set(qn("w:firstLine"), str(int(SIZE_BODY.pt * 20 * first_line_chars / 100)))
    if right_chars is not None:
        indent.set(qn("w:rightChars"), str(right_chars))
        indent.set(qn("w:right"), str(int(SIZE_BODY.pt * 20 * right_chars / 100)))
    _order_ppr(ppr)


def _no_indent(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    indent = ppr.find(qn("w:ind"))
    if indent is None:
        indent = OxmlElement("w:ind")
        ppr.append(indent)
    indent.set(qn("w:firstLineChars"), "0")
    indent.set(qn("w:firstLine"), "0")
    _order_ppr(ppr)


def _table_paragraph(paragraph, *, centred: bool) -> None:
    _no_indent(paragraph)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.space_before = Pt(3)
    paragraph.paragraph_format.space_after = Pt(3)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT


def _mark_header_row(row) -> None:
    """The header row repeats on every page the table runs over."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    trpr.append(header)


# The schema's order of the pPr children this module writes.
_PPR_ORDER = [
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
]


def _order_ppr(ppr) -> None:
    """Put pPr's children in the schema's order: Word refuses a file where they are not."""
    order = {qn(tag): index for index, tag in enumerate(_PPR_ORDER)}
    children = sorted(ppr, key=lambda child: order.get(child.tag, len(order)))
    for child in children:
        ppr.remove(child)
        ppr.append(child)


# --- deterministic bytes ---------------------------------------------------------------


def _fixed_zip(data: bytes) -> bytes:
    """The same package with fixed timestamps and attributes on every entry: python-docx
    stamps each entry with the time of writing."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIMESTAMP)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            fixed.create_system = 0
            target.writestr(fixed, source.read(entry.filename))
    return output.getvalue()
