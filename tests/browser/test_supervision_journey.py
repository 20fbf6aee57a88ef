"""Journey 2, the heart of it: the office registers a task and plates it (挂牌督办) — the
notice is numbered and its Word file offered — then the lead unit's clerk reports
progress and the task's light turns green. Selectors use addresses, names of fields and
data attributes, not UI words."""

import datetime as dt

import pytest
from django.utils import timezone

from tally.supervision.models import Notice, Task

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_plates_a_task_and_turns_its_light_green_once_progress_is_filed(page, world):
    today = timezone.localdate()
    start, deadline = today - dt.timedelta(days=100), today + dt.timedelta(days=100)

    log_in(page, "office")
    page.goto(page.base_url + "/supervision/tasks/new/")
    page.fill("#id_number", "DB-JOURNEY-1")
    page.fill("#id_name", "产业园道路建设")
    page.select_option("#id_source", "党工委会议")
    page.fill("#id_lead_unit", world.street_a.code)
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_deadline", deadline.isoformat())
    page.locator("button[name='assign']").click()
    page.wait_for_load_state("networkidle")
    task = Task.objects.get(number="DB-JOURNEY-1")
    assert page.url.endswith(f"/supervision/tasks/{task.pk}/")
    assert page.locator("[data-task-light] [data-light]").get_attribute("data-light") == "red"

    page.locator(f"a[href='/supervision/tasks/plate/?task={task.pk}']").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(f"input[name='tasks'][value='{task.pk}']").is_checked()
    page.locator("form button[type='submit']").last.click()
    page.wait_for_load_state("networkidle")
    notice = Notice.objects.get()
    assert page.locator("[data-notice-number]").inner_text() == f"督办通知〔{today.year}〕第1期"
    with page.expect_download() as download:
        page.locator(f"a[href='/supervision/notices/{notice.pk}/download/']").first.click()
    assert download.value.suggested_filename.endswith(".docx")
    task.refresh_from_db()
    assert task.is_listed and task.plated_on == today

    page.context.clear_cookies()
    log_in(page, "clerk")
    page.goto(page.base_url + f"/supervision/tasks/{task.pk}/")
    page.locator(f"a[href='/supervision/tasks/{task.pk}/progress/']").click()
    page.wait_for_load_state("networkidle")
    page.fill("#id_percent", "55")
    page.fill("#id_done", "完成路基施工")
    page.locator("form button[type='submit']").last.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/supervision/tasks/{task.pk}/")
    assert page.locator("[data-task-light] [data-light]").get_attribute("data-light") == "green"
    assert page.locator("[data-report]").count() == 1
    task.refresh_from_db()
    # The history keeps one light a day: today's is green.
    assert task.light == "green"
    assert list(task.light_changes.values_list("on", "light")) == [(today, "green")]
