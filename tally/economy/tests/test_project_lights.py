"""Lights of construction projects: investment completed against the annual plan × 序时进度,
physical progress against the schedule, the worse one counting; the board by category;
the monthly reports still due."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tally.economy import projects as board_module
from tally.economy.projects import board, missing_reports, status_for
from tally.lib.lights import GREEN, RED, YELLOW, LightRules

from .conftest import add_construction, add_report

pytestmark = pytest.mark.django_db
JUNE_END = dt.date(2023, 6, 30)


def scheduled(world, number="XM-1", **extra):
    """Started 2022-07-01, due 2023-09-30: about 80% expected at the end of June 2023."""
    return add_construction(
        number,
        world.street_a,
        start_date=dt.date(2022, 7, 1),
        planned_end=dt.date(2023, 9, 30),
        **extra,
    )


def test_it_turns_yellow_when_progress_lags_the_schedule_and_green_when_it_catches_up(world):
    project = scheduled(world)
    add_report(project, "2023-06", "2.5", "60")
    status = status_for(project, JUNE_END)
    assert status.progress_light == YELLOW and status.light == YELLOW
    assert round(status.expected_progress) == 80
    project.reports.filter(month="2023-06").update(progress=Decimal("75"))
    assert status_for(project, JUNE_END).light == GREEN


def test_it_turns_red_far_behind_or_past_the_deadline(world):
    project = scheduled(world)
    add_report(project, "2023-06", "2.5", "40")
    assert status_for(project, JUNE_END).light == RED
    assert status_for(project, dt.date(2023, 10, 31)).progress_light == RED


def test_it_judges_investment_against_the_annual_plan_and_time_progress(world):
    project = add_construction("XM-2", world.street_a, plan="4")
    add_report(project, "2023-06", "1.2", "50")  # 30% of the plan at 6/12
    status = status_for(project, JUNE_END)
    assert status.completion == Decimal(30) and status.time_progress == Decimal(50)
    assert status.investment_light == YELLOW and status.progress_light is None
    project.reports.update(cumulative=Decimal("0.6"))  # 15%: 35 points behind
    assert status_for(project, JUNE_END).investment_light == RED
    project.reports.update(cumulative=Decimal("1.7"))  # 42.5%
    assert status_for(project, JUNE_END).investment_light == GREEN


def test_it_judges_a_months_report_against_that_month(world):
    project = add_construction("XM-3", world.street_a, plan="12")
    add_report(project, "2023-05", "5", "40")
    # On 10 June May is the last month over, and its report is in: 5 of 12 is on time.
    assert status_for(project, dt.date(2023, 6, 10)).investment_light == GREEN
    # Once June is over without a report, May's figure lags 6/12 by less than 10 points.
    status = status_for(project, JUNE_END)
    assert status.time_progress == Decimal(50) and status.investment_light == GREEN
    assert status_for(project, dt.date(2023, 8, 31)).investment_light == YELLOW


def test_it_takes_the_worse_of_the_two_lights(world):
    project = scheduled(world, plan="4")
    add_report(project, "2023-06", "0.4", "78")  # progress fine, investment 10% at 50%
    status = status_for(project, JUNE_END)
    assert status.progress_light == GREEN and status.investment_light == RED
    assert status.light == RED


def test_it_follows_the_administrators_rules(world, monkeypatch):
    project = scheduled(world)
    add_report(project, "2023-06", "2.5", "60")
    monkeypatch.setattr(board_module, "light_rules", lambda: LightRules(yellow_lag=Decimal(25)))
    assert status_for(project, JUNE_END).light == GREEN


def test_it_has_no_light_without_a_plan_to_judge_by(world):
    project = add_construction("XM-4", world.street_a, plan=None)
    assert status_for(project, JUNE_END).light is None


def test_it_lays_out_the_board_by_category_worst_first(world):
    good = scheduled(world, "XM-G")
    add_report(good, "2023-06", "2.5", "80")
    bad = scheduled(world, "XM-B")
    add_report(bad, "2023-06", "2.5", "30")
    scheduled(world, "XM-L", category="民生项目")
    add_construction("XM-OLD", world.street_a, year=2022)
    columns = {c.category: c for c in board(world.root, JUNE_END)}
    assert list(columns) == ["产业项目", "城市建设项目", "民生项目", "政府投资项目"]
    assert [r.project.number for r in columns["产业项目"].rows] == ["XM-B", "XM-G"]
    assert (columns["产业项目"].red, columns["产业项目"].green) == (1, 1)
    assert columns["民生项目"].red == 1  # a year in, nothing reported
    only_red = {c.category: c for c in board(world.root, JUNE_END, light=RED)}
    assert [r.project.number for r in only_red["产业项目"].rows] == ["XM-B"]


def test_it_builds_the_board_in_two_queries(world):
    for n in range(12):
        project = scheduled(world, f"XM-{n}")
        add_report(project, "2023-05", "1", "50")
        add_report(project, "2023-06", "2", "70")
    with CaptureQueriesContext(connection) as queries:
        board(world.root, JUNE_END)
    assert len(queries) == 2


def test_it_lists_the_reports_still_due_for_a_month(world):
    reported = scheduled(world, "XM-R")
    add_report(reported, "2023-06", "1", "70")
    scheduled(world, "XM-M")
    add_construction("XM-LATER", world.street_a, start_date=dt.date(2023, 8, 1))
    done = scheduled(world, "XM-DONE")
    add_report(done, "2023-05", "3", "100")
    assert [p.number for p in missing_reports(world.street_a, "2023-06")] == ["XM-M"]
    assert list(missing_reports(world.street_b, "2023-06")) == []


def test_it_expects_investment_only_from_the_start_month_of_the_year(world):
    project = add_construction("XM-5", world.street_a, plan="6", start_date=dt.date(2023, 4, 1))
    # Not started on 31 March: nothing is expected yet.
    assert status_for(project, dt.date(2023, 3, 31)).investment_light is None
    add_report(project, "2023-06", "2", "20")
    status = status_for(project, JUNE_END)  # April–June of April–December: 3/9
    assert round(status.time_progress, 2) == Decimal("33.33")
    assert status.investment_light == GREEN


def test_the_due_page_lists_the_first_of_many_missing_and_counts_them_all(
    world, login, monkeypatch
):
    from tally.economy import views

    monkeypatch.setattr(views, "LISTED", 2)
    for number in ("XM-1", "XM-2", "XM-3"):
        scheduled(world, number)
    page = login("office").get("/economy/projects/due/?month=2023-06&org=" + world.root.code)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-count="missing">3<' in html
    assert "XM-1" in html and "XM-2" in html and "XM-3" not in html
    assert "前 2 个，共 3 个" in html


def test_the_board_page_shows_the_cached_board_until_a_report_comes_in(world, login):
    from django.core.cache import cache

    cache.clear()
    project = scheduled(world, "XM-B")
    office = login("office")
    path = f"/economy/projects/?org={world.root.code}&date=2023-06-30"
    assert 'data-project-light="red"' in office.get(path).content.decode()
    add_report(project, "2023-06", "6", "100")
    assert 'data-project-light="red"' not in office.get(path).content.decode()
