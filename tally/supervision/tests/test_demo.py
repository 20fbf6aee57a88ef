"""The demo zone's supervision data: every section-B figure of 2023H1 is the article's,
journey 2 can be walked right after `make run` (last week's bulletin drafted with three
late filings, one missing and four tasks turned red; tasks in every light; problems on
the units' home pages), and a second run changes nothing."""

import datetime as dt
import io
import json
import re

from django.core.management import call_command
from django.test import Client

from tally.accounts.models import User
from tally.lib.periods import parse_period
from tally.metrics.engine import compute_many
from tally.orgs.models import Org
from tally.supervision.bulletins import previous_week
from tally.supervision.models import (
    Bulletin,
    Inspection,
    LightChange,
    Notice,
    Notification,
    Problem,
    ServiceAssignment,
    Task,
    TaskStatus,
    WeeklyFiling,
)

ARTICLE = {
    "tasks.listed": 44,
    "notices.listed": 7,
    "notices.special": 2,
    "inspections.style": 5,
    "inspections.onsite": 4,
    "inspections.onsite_units": 8,
    "inspections.implementation": 2,
    "experiences.count": 14,
    "problems.found": 21,
    "models.commended": 8,
    "service.city_projects": 21,
    "service.industrial_projects": 103,
    "service.enterprises": 110,
}
MODELS = (Task, Notice, Inspection, Problem, ServiceAssignment, WeeklyFiling, Bulletin)


def counts():
    return [model.objects.count() for model in MODELS]


def test_it_seeds_the_articles_figures_and_a_monday_to_walk(db):
    from django.utils import timezone

    call_command("seed_demo", stdout=io.StringIO())
    figures = compute_many(ARTICLE, Org.objects.get(code="QS"), parse_period("2023H1"))
    assert {key: result.value for key, result in figures.items()} == ARTICLE

    last_week = previous_week(timezone.localdate())
    draft = Bulletin.objects.get(week=last_week.label)
    summary = draft.snapshot["summary"]
    assert not draft.is_published
    assert (summary["late"], summary["missing"], summary["turned_red"]) == (3, 1, 4)
    assert Bulletin.objects.filter(published_at__isnull=False).count() == 2

    open_tasks = Task.objects.exclude(status=TaskStatus.CLOSED)
    assert set(open_tasks.values_list("light", flat=True)) == {"red", "yellow", "green"}
    street = open_tasks.filter(lead_unit__code="QS-DC")
    assert {"red", "yellow"} <= set(street.values_list("light", flat=True))
    assert Notification.objects.filter(org__code="QS-DC").exists()
    assert Problem.objects.filter(unit__code="QS-DC", status="未整改").count() == 2
    assert all(notice.file for notice in Notice.objects.all())

    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before


LIGHT_KEYS = {light: f"tasks.lights.{light}" for light in ("red", "yellow", "green")}


def light_counts(org, period) -> dict[str, int]:
    figures = compute_many(LIGHT_KEYS.values(), org, period)
    return {light: figures[key].value for light, key in LIGHT_KEYS.items()}


def test_the_first_halfs_lights_are_dated_on_the_demos_own_timeline(db):
    """As of 30 June 2023 the 50 tasks of the first half are 30 green, 10 yellow and 10
    red; on 23 June 25, 20 and 5 (five caught up and five stalled ones turned red in the
    last week). The dashboard's lights panel and the metric pages show the same."""
    call_command("seed_demo", stdout=io.StringIO())
    zone = Org.objects.get(code="QS")
    first_half = LightChange.objects.filter(task__number__startswith="DB2023-")
    assert not first_half.filter(on__year__gt=2023).exists()
    assert light_counts(zone, parse_period("2023H1")) == {"red": 10, "yellow": 10, "green": 30}
    week_before = parse_period("2023-06-23..2023-06-23")
    assert light_counts(zone, week_before) == {"red": 5, "yellow": 20, "green": 25}
    # the stalled tasks turned red on 27 June, without a report: the nightly light
    turned = first_half.filter(on__range=(dt.date(2023, 6, 24), dt.date(2023, 6, 30)))
    assert set(turned.values_list("on", "light")) == {
        (dt.date(2023, 6, 25), "green"),
        (dt.date(2023, 6, 27), "red"),
    }

    client = Client()
    client.force_login(User.objects.get(username="zhangshuji"))
    response = client.get("/dashboard/?org=QS&period=2023H1")
    assert response.status_code == 200
    shown = {row.light: (row.now, row.change) for row in response.context["lights"].tasks}
    assert shown == {"red": (10, 5), "yellow": (10, -10), "green": (30, 5)}
    html = response.content.decode()
    option = json.loads(
        re.search(r'<script id="dash-lights" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    assert [series["data"][0]["value"] for series in option["series"]] == [10, 10, 30]
    red_page = client.get(option["series"][0]["data"][0]["url"]).content.decode()
    red = {
        t.number for t in Task.objects.filter(number__startswith="DB2023-") if t.number in red_page
    }
    assert len(red) == 10
