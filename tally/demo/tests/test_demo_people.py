"""The demo's people are named as people are: the navbar adds the organisation once."""

import re

import pytest

from tally.accounts.models import User
from tally.demo import zone

pytestmark = pytest.mark.django_db


def test_it_names_the_demo_people_without_their_organisation(client):
    zone.seed(zone.DemoContext())
    for user in User.objects.exclude(org=None):
        assert "（" not in user.display_name and user.org.name not in user.display_name
    client.force_login(User.objects.get(username="liming"))
    page = client.get("/").content.decode()
    navbar = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split("</nav>")[0]))
    assert "李明 · 督查室" in navbar  # was "李明（督查室） · 督查室"
