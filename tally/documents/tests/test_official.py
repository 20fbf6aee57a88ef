"""The official-document writer: the GB/T 9704 format read back with python-docx and
from the package's XML."""

import datetime
import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from lxml import etree

from tally.documents import charts
from tally.documents.official import DocumentError, Link, OfficialDocument, format_date

URL = "https://tally.example.org/metrics/investment.signed.count/?org=QS&period=2023H1"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
THEME_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def sample() -> OfficialDocument:
    doc = OfficialDocument(
        title="关于加强能力作风建设的通知",
        number="督办通知〔2023〕第7期",
        addressees="各街道党工委，区直各部门：",
        issuer="青山经开区党工委督查室",
        date=datetime.date(2023, 7, 3),
    )
    doc.heading("一、坚持党建引领", level=1)
    doc.heading("（一）强化学习教育", level=2)
    doc.heading("1.分层分级", level=3)
    doc.paragraph(["上半年签约项目", Link("51个", URL), "，协议总投资303.98亿元。"])
    doc.table(
        header=["事项", "牵头单位", "完成时限"],
        rows=[["海口路综合改造", "城建局", "2023年12月31日"]],
    )
    return doc


def opened(data: bytes):
    return docx.Document(io.BytesIO(data))


def part_xml(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def test_it_lays_out_an_a4_page_with_the_official_margins_and_grid():
    section = opened(sample().to_bytes()).sections[0]
    assert round(section.page_width.mm) == 210
    assert round(section.page_height.mm) == 297
    margins = (section.top_margin, section.left_margin, section.bottom_margin, section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [37.0, 28.0, 35.0, 26.0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:linePitch")) == "579"


def test_it_spaces_body_lines_exactly_for_22_lines_a_page():
    document = opened(sample().to_bytes())
    normal = document.styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.line_spacing.pt == pytest.approx(28.95)
    assert normal.first_line_indent.pt == pytest.approx(32)  # two characters of 16 pt
    indent = document.styles["Normal"].element.pPr.find(qn("w:ind"))
    assert indent.get(qn("w:firstLineChars")) == "200"


def test_it_names_an_east_asian_font_on_every_rfonts_and_no_theme_font():
    data = sample().to_bytes()
    for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
        fonts = part_xml(data, name).iter(f"{{{W}}}rFonts")
        fonts = list(fonts)
        assert fonts, name
        for element in fonts:
            assert element.get(f"{{{W}}}eastAsia"), (name, etree.tostring(element))
            for attribute in THEME_ATTRIBUTES:
                assert element.get(f"{{{W}}}{attribute}") is None, name
    styles = part_xml(data, "word/styles.xml")
    defaults = styles.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr")
    assert defaults.find(f"{{{W}}}rFonts").get(f"{{{W}}}eastAsia") == "仿宋_GB2312"
    assert defaults.find(f"{{{W}}}rFonts").get(f"{{{W}}}ascii") == "Times New Roman"
    assert defaults.find(f"{{{W}}}lang").get(f"{{{W}}}eastAsia") == "zh-CN"
    assert defaults.find(f"{{{W}}}sz").get(f"{{{W}}}val") == "32"  # 3号
    every_style = styles.findall(f"{{{W}}}style")
    assert all(style.find(f"{{{W}}}rPr/{{{W}}}rFonts") is not None for style in every_style)


def east_asian_font(run) -> str:
    return run._r.rPr.rFonts.get(qn("w:eastAsia"))


def test_it_sets_title_and_heading_fonts_by_level():
    document = opened(sample().to_bytes())
    paragraphs = {p.text: p for p in document.paragraphs}
    title = paragraphs["关于加强能力作风建设的通知"]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian_font(title.runs[0]) == "方正小标宋简体"
    assert title.runs[0].font.size.pt == 22
    expected = {
        "一、坚持党建引领": "黑体",
        "（一）强化学习教育": "楷体_GB2312",
        "1.分层分级": "仿宋_GB2312",
    }
    for text, font in expected.items():
        paragraph = paragraphs[text]
        assert paragraph.style.name.startswith("Heading")
        assert east_asian_font(paragraph.runs[0]) == font
        style_fonts = paragraph.style.element.rPr.rFonts
        assert style_fonts.get(qn("w:eastAsia")) == font
        assert paragraph.style.font.color.rgb is None  # no blue headings
    body = paragraphs["上半年签约项目51个，协议总投资303.98亿元。"]
    assert {east_asian_font(run) for run in body.runs} == {"仿宋_GB2312"}
    assert {run._r.rPr.rFonts.get(qn("w:ascii")) for run in body.runs} == {"Times New Roman"}


def test_it_writes_the_number_addressees_issuer_and_date_without_leading_zeros():
    texts = [p.text for p in opened(sample().to_bytes()).paragraphs]
    assert texts[0] == "督办通知〔2023〕第7期"
    assert "各街道党工委，区直各部门：" in texts
    assert texts[-2:] == ["青山经开区党工委督查室", "2023年7月3日"]
    assert format_date(datetime.date(2023, 1, 9)) == "2023年1月9日"


def test_it_numbers_pages_with_page_fields_odd_right_and_even_left():
    data = sample().to_bytes()
    document = opened(data)
    assert document.settings.odd_and_even_pages_header_footer is True
    section = document.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        xml = paragraph._p.xml
        kinds = [e.get(qn("w:fldCharType")) for e in paragraph._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert [e.text for e in paragraph._p.iter(qn("w:instrText"))] == [" PAGE "]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert 'w:eastAsia="宋体"' in xml
        assert {run.font.size.pt for run in paragraph.runs} == {14}


def test_it_writes_links_as_real_hyperlinks():
    document = opened(sample().to_bytes())
    body = next(p for p in document.paragraphs if p.text.startswith("上半年签约项目"))
    [hyperlink] = body.hyperlinks
    assert hyperlink.url == URL
    assert hyperlink.text == "51个"
    assert hyperlink.runs[0].font.underline is True


def test_it_refuses_a_relative_link():
    with pytest.raises(DocumentError):
        Link("51个", "/metrics/investment.signed.count/")


def test_it_gives_the_same_bytes_for_the_same_input():
    first, second = sample().to_bytes(), sample().to_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {entry.date_time for entry in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    changed = sample()
    changed.paragraph("另一段。")
    assert changed.to_bytes() != first


def test_it_fixes_the_core_properties():
    properties = opened(sample().to_bytes()).core_properties
    assert properties.title == "关于加强能力作风建设的通知"
    assert properties.created == datetime.datetime(2023, 7, 3, tzinfo=datetime.UTC)
    assert properties.modified == datetime.datetime(2023, 7, 3, tzinfo=datetime.UTC)
    assert properties.revision == 1


def test_it_writes_a_table_with_a_repeating_header_row():
    document = opened(sample().to_bytes())
    [table] = document.tables
    assert [cell.text for cell in table.rows[0].cells] == ["事项", "牵头单位", "完成时限"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1].cells[1].text == "城建局"
    assert east_asian_font(table.rows[0].cells[0].paragraphs[0].runs[0]) == "黑体"


def test_it_links_table_cells():
    doc = OfficialDocument(title="表")
    doc.table(header=["单位", "签约项目（个）"], rows=[["招商局", Link("51", URL)], ["合计", 51]])
    [table] = opened(doc.to_bytes()).tables
    [hyperlink] = table.rows[1].cells[1].paragraphs[0].hyperlinks
    assert (hyperlink.text, hyperlink.url) == ("51", URL)
    assert table.rows[2].cells[1].text == "51"


def test_it_refuses_a_ragged_table():
    with pytest.raises(DocumentError):
        OfficialDocument(title="表").table(header=["甲", "乙"], rows=[["1"]])


def test_it_places_a_picture_no_wider_than_the_text_block_with_its_caption():
    doc = OfficialDocument(title="图")
    png = charts.bar_chart(["甲街道", "乙街道"], [3, 5], title="培训人次")
    doc.image(png, width_mm=400, caption="图1 各街道培训人次")
    document = opened(doc.to_bytes())
    [shape] = document.inline_shapes
    assert round(shape.width.mm) == 156
    picture_paragraph = next(p for p in document.paragraphs if p._p.xpath(".//w:drawing"))
    # Exact line spacing would clip the picture to one line.
    assert picture_paragraph.paragraph_format.line_spacing_rule == WD_LINE_SPACING.SINGLE
    assert "图1 各街道培训人次" in [p.text for p in document.paragraphs]


def test_it_drops_characters_xml_cannot_hold():
    doc = OfficialDocument(title="通知\x0b")
    doc.paragraph("第一行\x07内容")
    texts = [p.text for p in opened(doc.to_bytes()).paragraphs]
    assert "通知" in texts and "第一行内容" in texts


def test_it_refuses_a_heading_level_outside_one_to_three():
    with pytest.raises(DocumentError):
        OfficialDocument(title="通知").heading("（1）细项", level=4)
