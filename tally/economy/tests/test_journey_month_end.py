"""JOURNEYS.md 1 through the real URLs: the clerk's home page shows the June reports due,
her WPS file previews as 12 new, 1 changed (形象进度 60% → 75%) and 1 error on row 9, the
fixed file commits and turns the project's light from yellow to green, and the batch can
be undone."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tally.economy.models import ProjectReport
from tally.economy.projects import status_for
from tally.ledgers.models import ImportBatch
from tally.lib.lights import GREEN, YELLOW
from tally.site_settings.store import REPORTING_PERIOD, set_setting

from .journey import ERROR_LINE, build_street, clerk_file

pytestmark = pytest.mark.django_db
JUNE_END = "2023-06-30"
JUNE_30 = dt.date(2023, 6, 30)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def street(world):
    set_setting(REPORTING_PERIOD, "2023H1")
    return build_street(world.street_a)


def upload_file(client, data):
    file = SimpleUploadedFile("6月项目月报.xlsx", data)
    response = client.post(reverse("ledgers:import", args=["project_reports"]), {"file": file})
    assert response.status_code == 302, response.content[:500]
    return ImportBatch.objects.latest("pk")


def test_it_takes_the_clerk_through_her_month_end(world, login, street):
    client = login("clerk")
    home = client.get("/").content.decode()
    assert 'data-panel="reports-missing">13<' in home
    yellow = street[0]
    assert status_for(yellow, JUNE_30).light == YELLOW

    batch = upload_file(client, clerk_file(street, fixed=False))
    assert batch.counts == {
        "rows": 14,
        "new": 12,
        "changed": 1,
        "unchanged": 0,
        "errors": 1,
        "skipped": 1,
    }
    assert batch.changes == [
        {"line": 3, "diffs": [{"column": "形象进度(%)", "old": "60%", "new": "75%"}]}
    ]
    [error] = batch.errors
    assert (error["line"], error["column"]) == (ERROR_LINE, "累计完成投资(亿元)")
    assert error["message"] == "本月累计(1.2亿元)小于上月(1.5亿元)"
    assert ProjectReport.objects.filter(month="2023-06").count() == 1
    page = client.get(reverse("ledgers:batch", args=["project_reports", batch.pk])).content.decode()
    assert "本月累计(1.2亿元)小于上月(1.5亿元)" in page

    fixed = upload_file(client, clerk_file(street, fixed=True))
    assert fixed.error_count == 0 and fixed.counts["new"] == 13 and fixed.counts["changed"] == 1
    response = client.post(reverse("ledgers:batch_commit", args=["project_reports", fixed.pk]))
    assert response.status_code == 302
    fixed.refresh_from_db()
    assert fixed.status == ImportBatch.Status.COMMITTED
    assert ProjectReport.objects.filter(month="2023-06").count() == 14
    board = client.get(reverse("economy:board") + f"?org=Z-A&date={JUNE_END}").content.decode()
    assert f'data-project="{yellow.number}"' in board
    assert status_for(yellow, JUNE_30).light == GREEN
    assert 'data-panel="reports-missing">0<' in client.get("/").content.decode()

    client.post(reverse("ledgers:batch_undo", args=["project_reports", fixed.pk]))
    fixed.refresh_from_db()
    assert fixed.status == ImportBatch.Status.UNDONE
    assert ProjectReport.objects.filter(month="2023-06").count() == 1
    assert ProjectReport.objects.get(project=yellow, month="2023-06").progress == 60
