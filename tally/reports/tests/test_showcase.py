"""The public showcase, crawled as a citizen would: published reports only, figures with
their definition and breakdown by organisation, never a person-level row, no personal
data, no CSRF token in a cached page; cached, and fresh again when something is published."""

import re
from urllib.parse import urljoin

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tally.lib.periods import parse_period
from tally.reports import showcase
from tally.reports.services import publish_report

pytestmark = pytest.mark.django_db
H1 = parse_period("2023H1")
ID_NUMBER = re.compile(r"\d{17}[\dXx]")
PHONE = re.compile(r"1[3-9]\d{9}")
SOURCE = (
    "# 一、活动\n举办“大家谈”活动{{ events.talks }}次，"
    "党员{{ members.count }}名。\n@chart events.talks by=org"
)


@pytest.fixture
def published(world, make_template, talks, make_people):
    template = make_template(SOURCE, key="talks", name="活动纪实")
    return publish_report(
        template, world.root, H1, by=world.users["office"], base_url="http://x", with_pdf=False
    )


@pytest.fixture
def make_people(world):
    """Two members with ID and phone numbers: the rows behind members.count."""
    from tally.party.models import Member
    from tally.party.tests.conftest import id_number, phone_number

    people = []
    for seq, org in ((1, world.village_a), (2, world.village_b)):
        member = Member(name=f"张{seq}", org=org, category="正式党员", gender="男")
        member.id_number, member.phone = id_number(seq), phone_number(seq)
        member.save()
        people.append(member)
    return people


def crawl(start="/showcase/") -> dict[str, str]:
    """Every page under /showcase/ reachable from the index, anonymously."""
    client, seen, queue = Client(), {}, [start]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode("utf-8", "replace")
        seen[path] = body
        if response["Content-Type"].startswith("text/html"):
            for link in re.findall(r'href="([^"#]+)"', body):
                target = urljoin(path, link.replace("&amp;", "&"))
                if target.startswith("/showcase/"):
                    queue.append(target)
    return seen


def test_it_shows_published_reports_and_nothing_else(world, published, make_template):
    make_template("未发布{{ events.talks }}", key="draft", name="草稿报告")
    pages = crawl()
    index = pages["/showcase/"]
    assert "活动纪实" in index and "草稿报告" not in index
    report_path = reverse("showcase:report", args=[published.publication_id])
    assert report_path in pages
    assert ">3次</a>" in pages[report_path]
    assert len(pages) >= 4  # index, report, two figures


def test_it_shows_definitions_and_breakdowns_but_no_person_level_rows(published, make_people):
    pages = crawl()
    figure = pages[
        reverse("showcase:figure", args=[published.publication_id, "members.count"])
        + "?period=2023H1"
    ]
    assert "甲街道党工委" in figure and "乙街道党工委" in figure
    for body in pages.values():
        assert "张1" not in body and "张2" not in body
        assert not ID_NUMBER.search(body), "an ID number"
        assert not PHONE.search(body), "a phone number"
        assert "/reports/published/" not in body  # no link into the staff evidence
        assert "csrfmiddlewaretoken" not in body and "X-CSRFToken" not in body


def test_it_answers_nothing_for_an_unpublished_or_private_report(world, published):
    client = Client()
    publication = published.publication
    publication.public = False
    publication.save()
    showcase.invalidate()
    assert client.get(reverse("showcase:report", args=[publication.pk])).status_code == 404
    assert "活动纪实" not in client.get("/showcase/").content.decode()
    staff_page = reverse("reports:version", args=[publication.pk, 1])
    assert client.get(staff_page).status_code == 302  # to the login page


def test_it_caches_pages_until_something_is_published(
    world, published, django_assert_num_queries, django_assert_max_num_queries
):
    client = Client()
    client.get("/showcase/")
    cache.delete(showcase.GENERATION_SLOT)  # as when this process's second has run out
    with django_assert_num_queries(1):  # the cache generation, nothing else
        assert client.get("/showcase/").status_code == 200
    with django_assert_max_num_queries(1):  # within the second: not even that
        assert client.get("/showcase/").status_code == 200
    template = published.publication.template
    publish_report(
        template, world.street_a, H1, by=world.users["office"], base_url="http://x", with_pdf=False
    )
    assert "甲街道党工委" in client.get("/showcase/").content.decode()


def test_it_lists_the_sections_other_modules_register(world, published):
    published_weeks = ["27"]

    def bulletins():
        return [
            showcase.ShowcaseItem(f"第{week}周“我的这7天”", f"/bulletins/2023-W{week}/")
            for week in published_weeks
        ]

    section = showcase.register_section(
        "每周晾晒", bulletins, stamp=lambda: ",".join(published_weeks)
    )
    try:
        client = Client()
        html = client.get("/showcase/").content.decode()
        assert "每周晾晒" in html and "第27周“我的这7天”" in html
        published_weeks.append("28")  # published by the other module: its stamp changes
        assert "第28周“我的这7天”" in client.get("/showcase/").content.decode()
    finally:
        showcase._SECTIONS.remove(section)
