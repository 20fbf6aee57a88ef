"""The demo zone's supervision data: every section-B figure of 2023H1 is the article's,
journey 2 can be walked right after `make run` (last week's bulletin drafted with three
late filings, one missing and four tasks turned red; tasks in every light; problems on
the units' home pages), and a second run changes nothing."""

import io

from django.core.management import call_command

from tally.lib.periods import parse_period
from tally.metrics.engine import compute_many
from tally.orgs.models import Org
from tally.supervision.bulletins import previous_week
from tally.supervision.models import (
    Bulletin,
    Inspection,
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
