"""Word → PDF through LibreOffice: the text survives, the fonts stand in, a missing
LibreOffice says how to install it."""

import shutil
import subprocess

import pytest

from tally.documents import pdf
from tally.documents.tests.test_official import sample

needs_soffice = pytest.mark.skipif(not pdf.pdf_available(), reason="LibreOffice is not installed")
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler is missing")


def text_of(data: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@needs_soffice
@needs_poppler
def test_it_converts_a_document_whose_text_holds_the_figures(tmp_path):
    data = pdf.docx_to_pdf(sample().to_bytes())
    assert data.startswith(b"%PDF")
    text = text_of(data, tmp_path).replace(" ", "")
    assert "关于加强能力作风建设的通知" in text
    assert "上半年签约项目51个" in text
    assert "2023年7月3日" in text
    assert "—1—" in text


@needs_soffice
@needs_poppler
def test_it_embeds_the_stand_in_cjk_faces(tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf.docx_to_pdf(sample().to_bytes()))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "NotoSerifCJK" in fonts  # 仿宋 and 小标宋
    assert "NotoSansCJK" in fonts  # 黑体


@needs_soffice
def test_it_gives_up_after_the_timeout():
    with pytest.raises(pdf.PdfConversionError, match="longer than"):
        pdf.docx_to_pdf(sample().to_bytes(), timeout=0.01)


def test_it_says_how_to_install_libreoffice_when_it_is_missing(monkeypatch):
    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    assert pdf.pdf_available() is False
    with pytest.raises(pdf.PdfUnavailable, match="apt-get install libreoffice-writer-nogui"):
        pdf.docx_to_pdf(b"PK")


def test_it_maps_every_official_font_to_an_installed_stand_in():
    config = pdf.fontconfig()
    for official in ("方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体"):
        assert f"<string>{official}</string>" in config
    assert "/etc/fonts/fonts.conf" in config
