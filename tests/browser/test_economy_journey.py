"""The economy journeys in the browser: JOURNEYS.md 1 (王芳's month end, from the home page
and the template download to the upload, the preview with its change and its error, the
fixed file, the green light and the undo), and the investment funnel for a past date,
clicking a stage to its projects.

Every step waits for what it expects to see (the new page's URL, an element, a text) —
never for a fixed time nor for "network idle", which a page that has not started
navigating yet reaches at once.
"""

import datetime as dt
import io
import re

import pytest
import python_calamine
from playwright.sync_api import expect

from tally.economy.models import ProjectReport
from tally.economy.tests.conftest import add_investment
from tally.economy.tests.journey import ERROR_LINE, build_street, clerk_file
from tally.site_settings.store import REPORTING_PERIOD, set_setting

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


BATCH_URL = "**/ledgers/project_reports/batches/*/"
STAGE_PAGE = re.compile(r"/economy/pipeline/[^/?]+/\?")


def upload(page, data: bytes) -> None:
    """Upload a file and wait for its checked preview (the counts are drawn once the
    check is over; a big file shows a progress bar first)."""
    page.goto(page.base_url + "/ledgers/project_reports/import/")
    page.set_input_files(
        "#id_file", files=[{"name": "6月项目月报.xlsx", "mimeType": XLSX, "buffer": data}]
    )
    with page.expect_navigation(url=BATCH_URL):
        page.locator("main form button[type=submit]").click()
    expect(page.locator("#batch-counts")).to_be_visible()


def submit(page, form: str) -> None:
    """Press the button of a batch's commit or undo form; back on the batch's page."""
    with page.expect_navigation(url=BATCH_URL):
        page.locator(f"form[action$='/{form}/'] button").click()


def project_light(page, number: str) -> str:
    page.goto(page.base_url + "/economy/projects/?org=Z-A&date=2023-06-30")
    light = page.locator(f"tr[data-project='{number}'] [data-project-light]")
    expect(light).to_have_count(1)
    return light.get_attribute("data-project-light")


def test_it_takes_the_clerk_from_her_home_page_to_the_green_light(page, world):
    set_setting(REPORTING_PERIOD, "2023H1")
    projects = build_street(world.street_a)
    yellow = projects[0].number
    log_in(page, "clerk")
    expect(page.locator("[data-panel=reports-missing]")).to_have_text("13")
    assert project_light(page, yellow) == "yellow"

    page.goto(page.base_url + "/ledgers/project_reports/")
    with page.expect_download() as download:
        page.locator("a[href$='/ledgers/project_reports/template.xlsx']").first.click()
    with open(download.value.path(), "rb") as stream:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(stream.read()))
    headers = book.get_sheet_by_index(0).to_python()[0]
    assert headers[:5] == ["项目编号", "月份", "累计完成投资(亿元)", "形象进度(%)", "进展情况"]

    upload(page, clerk_file(projects, fixed=False))
    for key, shown in (("new", "12"), ("changed", "1"), ("errors", "1")):
        expect(page.locator(f"[data-count={key}]")).to_have_text(shown)
    change = page.locator("#batch-changes tbody tr").first.inner_text()
    assert "形象进度(%)" in change and "60%" in change and "75%" in change
    error = page.locator("#batch-errors tbody tr")
    expect(error).to_have_count(1)
    cells = [c.inner_text() for c in error.first.locator("td").all()]
    assert cells[0] == str(ERROR_LINE) and cells[1] == "累计完成投资(亿元)"
    assert cells[3] == "本月累计(1.2亿元)小于上月(1.5亿元)"
    assert page.locator("form[action$='/commit/']").count() == 0

    upload(page, clerk_file(projects, fixed=True))
    expect(page.locator("[data-count=errors]")).to_have_text("0")
    submit(page, "commit")
    expect(page.locator("form[action$='/undo/']")).to_have_count(1)
    assert ProjectReport.objects.filter(month="2023-06").count() == 14
    batch_url = page.url
    assert project_light(page, yellow) == "green"

    page.goto(batch_url)
    page.once("dialog", lambda dialog: dialog.accept())
    submit(page, "undo")
    expect(page.locator("form[action$='/undo/']")).to_have_count(0)
    assert ProjectReport.objects.filter(month="2023-06").count() == 1
    assert project_light(page, yellow) == "yellow"


def click_funnel_stage(page, stage: str) -> None:
    """Click the middle of a funnel band, where ECharts drew it."""
    box = page.locator("#funnel").bounding_box()
    point = page.evaluate(
        """(stage) => {
            const chart = echarts.getInstanceByDom(document.getElementById('funnel'));
            const data = chart.getModel().getSeriesByIndex(0).getData();
            const points = data.getItemLayout(data.indexOfName(stage)).points;
            const x = points.reduce((s, p) => s + p[0], 0) / points.length;
            const y = points.reduce((s, p) => s + p[1], 0) / points.length;
            return [x, y];
        }""",
        stage,
    )
    with page.expect_navigation(url=STAGE_PAGE):
        page.mouse.click(box["x"] + point[0], box["y"] + point[1])


def test_it_shows_the_funnel_of_a_past_date_and_opens_a_stages_projects(page, world):
    a = world.village_a
    add_investment(
        "P1", a, [("跟踪", "2023-01-05"), ("在谈", "2023-03-01"), ("签约", "2023-09-01")]
    )
    add_investment("P2", a, [("在谈", "2023-02-01")], amount="6")
    add_investment("P3", a, [("跟踪", "2023-04-01")])
    log_in(page, "leader")
    page.goto(page.base_url + "/economy/pipeline/?date=2023-06-30&period=2023H1")
    page.wait_for_function("document.getElementById('funnel').dataset.chartLinked === '1'")
    expect(page.locator("a[data-stock='在谈']")).to_have_text("2")
    expect(page.locator("a[data-stock='签约']")).to_have_text("0")

    click_funnel_stage(page, "在谈")
    assert "/economy/pipeline/" in page.url and "date=2023-06-30" in page.url
    rows = page.locator("#stage-projects tbody tr")
    expect(rows).to_have_count(2)
    assert sorted(r.locator("td").first.inner_text() for r in rows.all()) == ["P1", "P2"]

    # The same stage today: P1 has signed since.
    page.goto(page.base_url + f"/economy/pipeline/?date={dt.date.today().isoformat()}")
    expect(page.locator("a[data-stock='在谈']")).to_have_text("1")
