"""JOURNEYS.md 3: the leader opens 半年晒成效·工作纪实, clicks 培训N人次 and 签约项目N个 and
lands on the rows behind them; the office publishes; a corrected import of the investment
library signs one more project; the published version stays as published, and version 2
shows exactly which figures changed and the row that changed them.

Twice: on a small tree (every figure followed), and on the demo zone as the journey tells
it — 张书记 clicks "签约项目51个" and lists the 51 projects, 李明 publishes, a corrected
import of one project's agreed investment changes exactly one figure of version 2."""

import datetime as dt
from decimal import Decimal

import pytest

from conftest import PASSWORD
from tally.accounts.models import User
from tally.demo.zone import DEMO_PASSWORD
from tally.economy.models import InvestmentProject, Stage
from tally.ledgers import services as ledger_services
from tally.ledgers.registry import get_ledger
from tally.lib.idcard import make_id_number
from tally.party.models import Attendance, Member, TrainingClass
from tally.reports.builtin import install_builtin_templates
from tally.reports.models import PublishedVersion
from tally.reports.tests.conftest import seed_demo
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


INVESTMENT_COLUMNS = [
    "项目编号",
    "项目名称",
    "投资方",
    "产业链",
    "协议投资额(亿元)",
    "阶段",
    "阶段日期",
    "入库日期",
    "责任单位编码",
    "责任领导",
]
INVESTMENT = ",".join(INVESTMENT_COLUMNS) + "\n"


def import_csv(key: str, text: str, user) -> None:
    batch = ledger_services.start_import(
        get_ledger(key), "sheet.csv", text.encode(), user=user, inline=True
    )
    assert batch.error_count == 0, batch.errors
    ledger_services.request_commit(batch, inline=True)


@pytest.fixture
def investment(world):
    """Two projects signed in the first half, one still in negotiation."""
    import_csv(
        "investment_projects",
        INVESTMENT
        + "ZS-1,新能源电池包项目,甲公司,新能源汽车,10.5,签约,2023-03-10,2023-01-05,Z-D1,张建国\n"
        + "ZS-2,汽车零部件项目,乙公司,汽车零部件,5.25,签约,2023-04-12,2023-01-05,Z-A,张建国\n"
        + "ZS-3,智能装备项目,丙公司,智能装备,8,在谈,2023-02-01,2023-01-05,Z-B,张建国\n",
        world.users["office"],
    )


def corrected_import(user) -> None:
    """The investment library again: project ZS-3 was signed on 20 June."""
    import_csv(
        "investment_projects",
        INVESTMENT + "ZS-3,智能装备项目,丙公司,智能装备,8,签约,2023-06-20,2023-01-05,Z-B,张建国\n",
        user,
    )


def figure(page, key: str):
    return page.locator(f'a.report-figure[data-metric="{key}"]').first


def signed(page) -> str:
    return figure(page, "investment.signed.count").inner_text()


def as_user(chromium, live_server, username, password=PASSWORD):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60000)  # publishing the whole demo report takes seconds
    page.base_url = live_server.url
    log_in(page, username, password)
    return page


def rows_behind(page, key: str):
    figure(page, key).click()
    page.wait_for_load_state("networkidle")
    assert f"/metrics/{key}/" in page.url and "org=Z" in page.url
    return page.locator("table.metric-rows tbody tr")


def test_it_leads_from_a_figure_to_its_rows_and_names_what_version_2_changed(
    page, chromium, live_server, world, training, investment
):
    # The leader reads the report and follows figures to the rows behind them.
    log_in(page, "leader")
    page.goto(page.base_url + REPORT)
    text = page.locator(".report-document").inner_text()
    assert "举办区级培训班2个，累计培训3人次" in text
    assert "签约项目2个，协议总投资15.75亿元" in text
    assert page.locator(".report-chart canvas").count() >= 2  # ECharts drew the charts
    assert figure(page, "training.person_times").inner_text() == "3人次"
    rows = rows_behind(page, "training.person_times")
    assert rows.count() == 3
    assert id_number(1) not in page.content()  # ID numbers masked on the rows
    page.go_back()
    assert signed(page) == "2个"
    rows = rows_behind(page, "investment.signed.count")
    assert sorted(rows.nth(i).locator("td").first.inner_text() for i in range(2)) == [
        "ZS-1",
        "ZS-2",
    ]

    # The office publishes version 1.
    office = as_user(chromium, live_server, "office")
    office.goto(office.base_url + REPORT)
    office.locator("form.report-publish button[type=submit]").click()
    office.wait_for_load_state("networkidle")
    assert "/v1/" in office.url
    assert signed(office) == "2个"

    # A corrected import signs one more project; version 1 stays as published.
    corrected_import(world.users["office"])
    office.reload()
    assert signed(office) == "2个"

    # Version 2, and what changed.
    office.goto(office.base_url + REPORT)
    assert signed(office) == "3个"
    office.get_by_label("说明（如本版更正了什么）").fill("补录智能装备项目签约")
    office.locator("form.report-publish button[type=submit]").click()
    office.wait_for_load_state("networkidle")
    assert "/v2/" in office.url
    office.locator("a.report-diff-link").first.click()
    office.wait_for_load_state("networkidle")
    changed = office.locator("section.diff-figure:has(.diff-values)")
    keys = {changed.nth(i).get_attribute("data-metric") for i in range(changed.count())}
    assert keys == {
        "investment.signed.count",
        "investment.signed.amount",
        "investment.negotiating.count",
        "investment.negotiating.amount",
    }
    change = office.locator('section.diff-figure[data-metric="investment.signed.count"]')
    assert change.locator(".diff-values").inner_text().split()[:3] == ["2", "→", "3"]
    added = change.locator("table.diff-rows tbody tr")
    assert added.count() == 1
    assert "新增" in added.first.inner_text() and "ZS-3" in added.first.inner_text()
    assert "training.person_times" not in office.content()  # unchanged figures are not listed
    assert PublishedVersion.objects.count() == 2


DEMO_REPORT = "/reports/t/half-year/?org=QS&period=2023H1"


def project_row(project: InvestmentProject, amount: Decimal) -> str:
    cells = [
        project.number,
        project.name,
        project.investor,
        project.chain,
        str(amount),
        project.get_stage_display(),
        project.stage_date.isoformat(),
        project.entered_on.isoformat(),
        project.org.code,
        project.leader,
    ]
    return ",".join(cells) + "\n"


def a_project_signed_in_the_half_entered_before():
    """A project whose correction moves only the signed amount: signed in 2023H1 and still
    at 签约 (no later stage), entered the library before 2023 (so not a 谋划 figure)."""
    return (
        InvestmentProject.objects.filter(
            stage=Stage.SIGNED,
            stage_date__range=(dt.date(2023, 1, 1), dt.date(2023, 6, 30)),
            entered_on__lt=dt.date(2023, 1, 1),
        )
        .select_related("org")
        .order_by("number")
        .first()
    )


def test_on_the_demo_zone_the_leader_lists_the_51_signed_projects_and_v2_names_one_figure(
    page, chromium, live_server
):
    seed_demo()
    # 张书记 reads the report: it reads like the article, every figure a link.
    log_in(page, "zhangshuji", DEMO_PASSWORD)
    page.goto(page.base_url + DEMO_REPORT)
    text = page.locator(".report-document").inner_text()
    assert "上半年签约项目51个，协议总投资303.98亿元" in text
    assert signed(page) == "51个"
    figure(page, "investment.signed.count").click()
    page.wait_for_load_state("networkidle")
    assert "/metrics/investment.signed.count/" in page.url and "org=QS" in page.url
    assert "构成该数值的明细：招商引资项目库 51 条" in page.content()
    numbers = page.locator("table.metric-rows tbody tr td:first-child").all_inner_texts()
    assert len(numbers) == 50 and all(number.startswith("ZS-") for number in numbers)

    # 李明 of the office publishes version 1.
    office = as_user(chromium, live_server, "liming", DEMO_PASSWORD)
    office.goto(office.base_url + DEMO_REPORT)
    office.locator("form.report-publish button[type=submit]").click()
    office.wait_for_load_state("networkidle")
    assert "/v1/" in office.url
    assert figure(office, "investment.signed.amount").inner_text() == "303.98亿元"

    # A week later a corrected import: one project's agreed investment was 1 亿元 short.
    project = a_project_signed_in_the_half_entered_before()
    import_csv(
        "investment_projects",
        INVESTMENT + project_row(project, project.amount + 1),
        User.objects.get(username="liming"),
    )
    office.reload()
    assert figure(office, "investment.signed.amount").inner_text() == "303.98亿元"

    office.goto(office.base_url + DEMO_REPORT)
    assert figure(office, "investment.signed.amount").inner_text() == "304.98亿元"
    office.get_by_label("说明（如本版更正了什么）").fill("更正一个签约项目的协议投资额")
    office.locator("form.report-publish button[type=submit]").click()
    office.wait_for_load_state("networkidle")
    assert "/v2/" in office.url
    office.locator("a.report-diff-link").first.click()
    office.wait_for_load_state("networkidle")
    changed = office.locator("section.diff-figure:has(.diff-values)")
    keys = {changed.nth(i).get_attribute("data-metric") for i in range(changed.count())}
    assert keys == {"investment.signed.amount"}
    change = office.locator('section.diff-figure[data-metric="investment.signed.amount"]')
    assert change.locator(".diff-values").inner_text().split()[:3] == ["303.98", "→", "304.98"]
    rows = change.locator("table.diff-rows tbody tr").all_inner_texts()
    assert len(rows) == 2  # the one project's row, before and after the correction
    assert rows[0].startswith("修改前") and rows[1].startswith("修改后"), rows
    assert all(project.number in row for row in rows)
    assert str(project.amount) in rows[0] and str(project.amount + 1) in rows[1]
    assert PublishedVersion.objects.filter(publication__org__code="QS").count() == 2
