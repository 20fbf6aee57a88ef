"""The live report: a web page whose every figure links to its evidence, and the same
content as a Word document (GB/T 9704, figures as absolute hyperlinks) and a PDF."""

import io
import re
import shutil
import subprocess

import docx
import pytest
from django.urls import reverse

from tally.documents import pdf

pytestmark = pytest.mark.django_db
FIGURE_LINK = r'<a class="report-figure[^"]*" data-metric="([^"]+)" href="([^"]+)">([^<]+)</a>'
SOURCE = (
    "# 一、活动\n举办“大家谈”活动{{ events.talks }}次。\n"
    "@chart events.talks by=org title=各单位活动\n"
    "@table by=org events.talks title=活动情况"
)


@pytest.fixture
def template(make_template):
    return make_template(SOURCE, key="talks", title="{{ org.name }}{{ period.name }}活动纪实")


def url(name, org="Z", period="2023H1"):
    return reverse(f"reports:{name}", args=["talks"]) + f"?org={org}&period={period}"


def test_it_links_every_figure_to_its_metric_page(login, template, talks):
    html = login("leader").get(url("report")).content.decode()
    links = re.findall(
        r'<a class="report-figure[^"]*" data-metric="([^"]+)" href="([^"]+)">([^<]+)</a>', html
    )
    assert ("events.talks", "/metrics/events.talks/?org=Z&amp;period=2023H1", "3次") in links
    # the table's cells link to each child's own figure
    assert ("events.talks", "/metrics/events.talks/?org=Z-A&amp;period=2023H1", "2") in links
    assert "测试经开区党工委2023年上半年活动纪实" in html
    assert 'data-chart="report-chart-3"' in html


def test_it_scopes_a_clerk_to_her_subtree(login, template, talks):
    clerk = login("clerk")
    assert clerk.get(url("report", org="Z-A")).status_code == 200
    assert clerk.get(url("report", org="Z-B")).status_code == 404
    assert clerk.get(url("docx", org="Z")).status_code == 404
    assert login("member").get(url("report")).status_code == 403


def test_it_chooses_the_organisation_by_name(login, template, talks):
    """The selection is the organisation chooser: a clerk types a name, not a code."""
    clerk = login("clerk")
    response = clerk.get(url("report", org="甲街道党工委"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-org-chooser" in html and 'data-org-label="甲街道党工委（Z-A）"' in html
    assert ">2次</a>" in html  # street A's two talks
    assert clerk.get(url("report", org="乙街道党工委")).status_code == 404  # outside her subtree
    assert clerk.get(url("report", org="没有这个组织")).status_code == 404


def test_it_explains_a_period_it_cannot_read(login, template):
    response = login("office").get(url("report", period="2023H3"))
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert "report-document" not in response.content.decode()


def test_it_offers_publishing_to_the_office_only(login, template):
    assert "report-publish" in login("office").get(url("report")).content.decode()
    assert "report-publish" not in login("leader").get(url("report")).content.decode()


def test_it_writes_the_word_file_with_absolute_links(login, template, talks, settings):
    settings.SITE_URL = "https://tally.example.org"
    response = login("office").get(url("docx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    paragraph = next(p for p in document.paragraphs if p.text.startswith("举办"))
    [link] = paragraph.hyperlinks
    assert link.text == "3次"
    assert link.url == "https://tally.example.org/metrics/events.talks/?org=Z&period=2023H1"
    assert len(document.inline_shapes) == 1  # the chart
    [table] = document.tables
    assert table.rows[1].cells[0].text == "甲街道党工委"
    assert table.rows[1].cells[1].paragraphs[0].hyperlinks[0].url.endswith("org=Z-A&period=2023H1")


@pytest.mark.skipif(not pdf.pdf_available(), reason="LibreOffice is not installed")
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler is missing")
def test_it_makes_a_pdf_whose_text_holds_the_figures(login, template, talks, tmp_path):
    response = login("office").get(url("pdf"))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "举办“大家谈”活动3次" in text.replace(" ", "")


def test_it_says_how_to_install_libreoffice_when_it_is_missing(login, template, monkeypatch):
    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    response = login("office").get(url("pdf"))
    assert response.status_code == 503
    assert "apt-get install libreoffice-writer-nogui fonts-noto-cjk" in response.content.decode()


def test_it_renders_the_whole_builtin_report_in_a_bounded_number_of_queries(
    login, half_year, world, talks, django_assert_max_num_queries
):
    client = login("leader")
    with django_assert_max_num_queries(120):
        response = client.get(
            reverse("reports:report", args=["half-year"]) + "?org=Z&period=2023H1"
        )
    assert response.status_code == 200
    assert 'data-metric="training.person_times"' in response.content.decode()
