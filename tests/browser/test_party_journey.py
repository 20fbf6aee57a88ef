"""A street's secretary chases the members not yet trained: home panel → coverage by
organisation → the untrained list of one community → its export."""

import datetime as dt
from pathlib import Path

import pytest

from tally.accounts.models import SecurityEvent
from tally.ledgers.reading import read_table
from tally.lib.idcard import make_id_number
from tally.lib.masking import UNMASKED_ID_PATTERN, UNMASKED_PHONE_PATTERN
from tally.party.models import Attendance, Member, TrainingClass
from tally.party.services import refresh_attendance_of_classes
from tally.site_settings.store import REPORTING_PERIOD, set_setting

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_member(seq, org, name) -> Member:
    member = Member(
        name=name, org=org, category="正式党员", join_date=dt.date(2010, 7, 1), gender="女"
    )
    member.id_number = make_id_number("420302", dt.date(1980, 3, 1), seq, "女")
    member.phone = f"1390000{seq:04d}"
    member.save()
    return member


@pytest.fixture
def training(world):
    set_setting(REPORTING_PERIOD, "2023H1")
    trained = [add_member(i, world.village_a, f"已训党员{i}") for i in range(1, 4)]
    add_member(11, world.community_a, "未训甲")
    add_member(12, world.community_a, "未训乙")
    add_member(21, world.village_b, "乙街道党员")
    training_class = TrainingClass.objects.create(
        number="PX-2023-01",
        name="党员冬春训班",
        level="区级",
        audience="党员干部",
        organizer=world.root,
        start_date=dt.date(2023, 3, 6),
    )
    Attendance.objects.bulk_create(
        Attendance(training_class=training_class, member=m) for m in trained
    )
    refresh_attendance_of_classes([training_class.pk])


def test_it_lets_a_street_secretary_export_the_members_to_chase(page, world, training):
    log_in(page, "clerk")
    panel_link = page.locator('a[href="/party/coverage/Z-A/untrained/?period=2023H1"]')
    assert panel_link.is_visible()
    assert page.locator('[data-panel="untrained"]').inner_text() == "2"

    page.goto(page.base_url + "/party/coverage/?period=2023H1")
    assert page.locator('[data-coverage="Z-A"]').inner_text() == "60.0%"
    community_row = page.locator('tr[data-org="Z-A-2"]')
    assert community_row.locator(".coverage-cell span").inner_text() == "0.0%"
    assert not page.locator('tr[data-org="Z-B"]').count()

    community_row.locator('a[href^="/party/coverage/Z-A-2/untrained/"]').click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-untrained-count]").inner_text() == "2"
    body = page.locator("main").inner_text()
    assert "未训甲" in body and "未训乙" in body and "已训党员1" not in body
    assert not UNMASKED_ID_PATTERN.search(body) and not UNMASKED_PHONE_PATTERN.search(body)

    with page.expect_download() as download_info:
        page.locator('a[href*="untrained.xlsx"]').click()
    download = download_info.value
    table = read_table(Path(download.path()).read_bytes())
    assert table.rows[0][0] == "姓名"
    assert sorted(row[0] for row in table.rows[1:]) == ["未训乙", "未训甲"]
    assert all(row[2].count("*") == 11 for row in table.rows[1:])

    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.EXPORT)
    assert event.user == world.users["clerk"]
    assert "rows=2 unmasked=no" in event.detail and "org=Z-A-2" in event.detail
