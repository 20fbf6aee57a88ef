"""The report as one self-contained HTML file (render_report --format html): the web
page's document, its charts as PNG pictures inside the file, its figures linked to their
metric pages by absolute URL, and a little CSS of its own, so it opens from a disk."""

import base64

from django.template.loader import render_to_string

from .renderers import Links, chart_png, for_web


def to_html(document: dict, links: Links) -> str:
    absolute = Links(lambda *args: links.base_url.rstrip("/") + links.figure(*args))
    page = for_web(document, absolute)
    for block in page["blocks"]:
        if block["kind"] == "chart":
            block["png"] = base64.b64encode(chart_png(block)).decode()
    return render_to_string("reports/standalone.html", {"document": page})
