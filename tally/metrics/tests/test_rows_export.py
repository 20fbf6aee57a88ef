"""The rows behind a figure as the ledger's own workbook: scoped, masked, a security event."""

import io

from django.urls import reverse
from python_calamine import CalamineWorkbook

from tally.accounts.models import SecurityEvent

TALK = "能力作风建设大家谈"


def export(client, key, org, period="2023H1"):
    return client.get(
        reverse("metrics:rows_export", args=[key]), {"org": org.code, "period": period}
    )


def sheet_rows(response) -> list[list]:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return workbook.get_sheet_by_index(0).to_python()


def test_it_exports_exactly_the_rows_behind_the_figure(login, world, add_row):
    add_row("events", world.village_a, "2023-03-01", category=TALK, name="甲一村大家谈")
    add_row("events", world.village_a, "2023-07-01", category=TALK, name="七月")
    add_row("events", world.village_a, "2023-03-01", category="其他", name="其他")
    add_row("events", world.village_b, "2023-03-01", category=TALK, name="乙一村大家谈")

    response = export(login("clerk"), "events.talks", world.street_a)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    cells = [cell for row in sheet_rows(response) for cell in row]
    assert "甲一村大家谈" in cells
    assert not {"七月", "其他", "乙一村大家谈"} & set(cells)
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.EXPORT)
    assert event.user == world.users["clerk"]
    assert "ledger=events rows=1" in event.detail
    assert "events.talks@Z-A/2023H1" in event.detail


def test_it_refuses_an_organisation_outside_the_subtree(login, world):
    assert export(login("sibling_clerk"), "events.talks", world.street_a).status_code == 404
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).exists()


def test_it_has_no_rows_for_a_derived_metric(login, world):
    assert export(login("office"), "env.facilities.rate", world.root).status_code == 404
