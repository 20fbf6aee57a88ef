"""`manage.py render_report` — a public contract: the JSON shape, the other formats, and a
clear message with status 1 for what does not exist."""

import io
import json
import shutil
import subprocess

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tally.documents import pdf

pytestmark = pytest.mark.django_db
SOURCE = (
    "# 一、活动\n举办“大家谈”活动{{ events.talks }}次。\n@chart events.talks by=org title=各单位"
)


@pytest.fixture
def template(make_template):
    return make_template(SOURCE, key="talks")


def render(tmp_path, output_format, *extra, template="talks", org="Z", period="2023H1"):
    out = tmp_path / f"report.{output_format}"
    call_command(
        "render_report",
        template,
        "--org",
        org,
        "--period",
        period,
        "--format",
        output_format,
        "-o",
        str(out),
        *extra,
        stderr=io.StringIO(),
    )
    return out


def test_it_writes_the_json_contract(tmp_path, template, talks):
    data = json.loads(render(tmp_path, "json").read_text(encoding="utf-8"))
    assert data == {
        "template": "talks",
        "org": "Z",
        "period": "2023H1",
        "blocks": [
            {"kind": "heading", "text": "一、活动", "figures": []},
            {
                "kind": "paragraph",
                "text": "举办“大家谈”活动3次。",
                "figures": [{"key": "events.talks", "value": 3, "text": "3"}],
            },
            {
                "kind": "chart",
                "text": "各单位",
                "figures": [{"key": "events.talks", "value": 3, "text": "3"}],
            },
        ],
    }


def test_it_writes_a_self_contained_html_file(tmp_path, template, talks):
    html = render(tmp_path, "html", "--base-url", "https://tally.example.org").read_text()
    assert (
        'href="https://tally.example.org/metrics/events.talks/?org=Z&amp;period=2023H1">3次</a>'
        in html
    )
    assert 'src="data:image/png;base64,' in html
    assert "<link" not in html and "<script" not in html


def test_it_writes_the_word_document(tmp_path, template, talks):
    document = docx.Document(str(render(tmp_path, "docx", "--base-url", "https://t.example")))
    [link] = next(p for p in document.paragraphs if p.text.startswith("举办")).hyperlinks
    assert link.url == "https://t.example/metrics/events.talks/?org=Z&period=2023H1"


@pytest.mark.skipif(not pdf.pdf_available(), reason="LibreOffice is not installed")
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler is missing")
def test_it_writes_the_pdf(tmp_path, template, talks):
    out = render(tmp_path, "pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "3次" in text.replace(" ", "")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"template": "no-such"}, "没有报告模板“no-such”"),
        ({"org": "NOPE"}, "NOPE"),
        ({"period": "2023H3"}, "半年"),
    ],
)
def test_it_refuses_what_does_not_exist(tmp_path, world, template, options, message):
    """A CommandError: manage.py prints it and exits with status 1."""
    with pytest.raises(CommandError, match=message):
        render(tmp_path, "json", **options)
    assert not (tmp_path / "report.json").exists()
