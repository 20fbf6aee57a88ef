"""JOURNEYS.md 3: the leader opens 半年晒成效·工作纪实, clicks a figure (培训N人次) and lands
on the rows behind it; the office publishes; a corrected import changes one figure; the
published version stays as published and version 2 shows exactly which figure changed."""

import datetime as dt

import pytest

from conftest import PASSWORD
from tally.ledgers import services as ledger_services
from tally.ledgers.registry import get_ledger
from tally.lib.idcard import make_id_number
from tally.party.models import Attendance, Member, TrainingClass
from tally.reports.builtin import install_builtin_templates
from tally.reports.models import PublishedVersion
from tally.site_settings.store import REPORTING_PERIOD, set_setting

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REPORT = "/reports/t/half-year/?org=Z&period=2023H1"


def id_number(seq: int) -> str:
    return make_id_number("420302", dt.date(1982, 5, 1), seq, "男")


@pytest.fixture
def training(world):
    """Two district-level classes; three members at the first one (3 人次)."""
    install_builtin_templates()
    set_setting(REPORTING_PERIOD, "2023H1")
    members = []
    for seq, org in ((1, world.village_a), (2, world.community_a), (3, world.village_b)):
        member = Member(
            name=f"党员{seq}",
            org=org,
            category="正式党员",
            gender="男",
            join_date=dt.date(2010, 7, 1),  # a member long before the classes
        )
        member.id_number = id_number(seq)
        member.save()
        members.append(member)
    first, _second = (
        TrainingClass.objects.create(
            number=number,
            name=name,
            level="区级",
            audience="党员干部",
            organizer=world.root,
            start_date=day,
        )
        for number, name, day in (
            ("PX-1", "党员冬春训班", dt.date(2023, 3, 6)),
            ("PX-2", "能力作风建设专题培训班", dt.date(2023, 5, 8)),
        )
    )
    for member in members:  # save(), which files the attendee's organisation of that day
        Attendance.objects.create(training_class=first, member=member)
    return members


def corrected_import(user) -> None:
    """The attendance sheet of the second class, forgotten the first time: member 1."""
    data = f"培训班编号,身份证号\nPX-2,{id_number(1)}\n".encode()
    batch = ledger_services.start_import(
        get_ledger("training_attendance"), "补录.csv", data, user=user, inline=True
    )
    assert batch.error_count == 0, batch.errors
    ledger_services.request_commit(batch, inline=True)


def person_times(page) -> str:
    return page.locator('a.report-figure[data-metric="training.person_times"]').first.inner_text()


def as_user(chromium, live_server, username):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    page.base_url = live_server.url
    log_in(page, username, PASSWORD)
    return page


def test_it_leads_from_a_figure_to_its_rows_and_names_what_version_2_changed(
    page, chromium, live_server, world, training
):
    # The leader reads the report and follows a figure to the rows behind it.
    log_in(page, "leader")
    page.goto(page.base_url + REPORT)
    figure = page.locator('a.report-figure[data-metric="training.person_times"]').first
    assert figure.inner_text() == "3人次"
    assert "举办区级培训班2个，累计培训3人次" in page.locator(".report-document").inner_text()
    assert page.locator(".report-chart canvas").count() >= 1  # ECharts drew the charts
    figure.click()
    page.wait_for_load_state("networkidle")
    assert "/metrics/training.person_times/" in page.url and "org=Z" in page.url
    rows = page.locator("table.metric-rows tbody tr")
    assert rows.count() == 3
    assert "1234" not in rows.first.inner_text()  # ID numbers masked on the rows

    # The office publishes version 1.
    office = as_user(chromium, live_server, "office")
    office.goto(office.base_url + REPORT)
    office.locator("form.report-publish button[type=submit]").click()
    office.wait_for_load_state("networkidle")
    assert "/v1/" in office.url
    assert person_times(office) == "3人次"

    # A corrected import changes one figure; version 1 stays as published.
    corrected_import(world.users["office"])
    office.reload()
    assert person_times(office) == "3人次"

    # Version 2, and what changed.
    office.goto(office.base_url + REPORT)
    assert person_times(office) == "4人次"
    office.get_by_label("说明（如本版更正了什么）").fill("补录能力作风建设专题培训班参训记录")
    office.locator("form.report-publish button[type=submit]").click()
    office.wait_for_load_state("networkidle")
    assert "/v2/" in office.url
    office.locator("a.report-diff-link").first.click()
    office.wait_for_load_state("networkidle")
    changes = office.locator("section.diff-figure")
    assert changes.count() == 1
    change = changes.first
    assert change.get_attribute("data-metric") == "training.person_times"
    assert change.locator(".diff-values").inner_text().split()[:3] == ["3", "→", "4"]
    added = change.locator("table.diff-rows tbody tr")
    assert added.count() == 1
    assert "新增" in added.first.inner_text() and "PX-2" in added.first.inner_text()
    assert PublishedVersion.objects.count() == 2
