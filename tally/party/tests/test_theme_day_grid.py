"""The theme-day grid: 两新 organisations in scope × months, missing months in red."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tally.orgs.models import OrgKind
from tally.orgs.services import add_org
from tally.party.models import ThemeDay

pytestmark = pytest.mark.django_db


def held(org, month):
    ThemeDay.objects.create(
        org=org, month=month, held_on=dt.date.fromisoformat(f"{month}-15"), theme="主题党日"
    )


@pytest.fixture
def two_new_b(world):
    return add_org(world.street_b, code="Z-B-9", name="乙街某公司党支部", kind=OrgKind.TWO_NEW)


def test_it_marks_missing_months_of_each_two_new_organisation(world, login, two_new_b):
    for month in ("2023-01", "2023-02", "2023-04"):
        held(world.two_new_a, month)
    held(two_new_b, "2023-01")
    response = login("office").get(reverse("party:theme_days"), {"year": "2023"})
    grid = {org.code: dict(cells) for org, cells in response.context["grid"]}
    assert set(grid) == {"Z-A-9", "Z-B-9"}
    assert grid["Z-A-9"]["2023-02"] == dt.date(2023, 2, 15)
    assert grid["Z-A-9"]["2023-03"] is None
    assert len(grid["Z-A-9"]) == 12
    missing = response.context["missing"]
    assert (missing["2023-01"], missing["2023-02"], missing["2023-12"]) == (0, 1, 2)
    page = response.content.decode()
    assert 'data-missing="Z-A-9:2023-03"' in page
    assert 'class="text-center cell-error text-danger theme-missing"' in page


def test_it_shows_a_clerk_only_the_organisations_of_the_street(world, login, two_new_b):
    response = login("clerk").get(reverse("party:theme_days"), {"year": "2023"})
    assert [org.code for org, _cells in response.context["grid"]] == ["Z-A-9"]
    assert login("clerk").get(reverse("party:theme_days"), {"org": "Z-B"}).status_code == 404


def test_it_checks_this_year_only_up_to_this_month(world, login):
    today = timezone.localdate()
    response = login("office").get(reverse("party:theme_days"), {"year": str(today.year)})
    assert response.context["months"][-1] == today.strftime("%Y-%m")
    later = login("office").get(reverse("party:theme_days"), {"year": str(today.year + 1)})
    assert later.context["months"] == []
