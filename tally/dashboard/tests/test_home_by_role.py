"""Each role's home page, on the demo zone, lists what is due from it, each item a link
to where it is dealt with."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from tally.accounts.models import User

pytestmark = pytest.mark.django_db


def panels_of(html: str) -> set[str]:
    return set(re.findall(r'data-panel="([^"]+)"', html))


def test_each_role_sees_what_is_due_first():
    call_command("seed_demo", stdout=io.StringIO())
    homes = {}
    for username in ("wangfang", "liming", "zhangshuji", "chenzhiqiang"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        response = client.get("/")
        assert response.status_code == 200
        homes[username] = response.content.decode()

    clerk = homes["wangfang"]  # reports due, red and yellow tasks, problems, projects, wishes
    assert {"supervision-unit", "untrained"} <= panels_of(clerk)
    assert 'href="/supervision/tasks/?light=red"' in clerk
    assert "/economy/projects/due/" in clerk and "/community/wishes/" in clerk

    office = homes["liming"]  # bulletin draft, late and missing units, red tasks, overdue
    assert {"supervision-office", "supervision-reporting"} <= panels_of(office)
    assert "/supervision/bulletins/" in office and 'data-count="overdue"' in office

    leader = homes["zhangshuji"]  # the dashboard's headline and the red items
    assert {"headline", "leader-red"} <= panels_of(leader)
    assert "/dashboard/?org=QS&amp;period=2023H1" in leader
    assert "/metrics/fiscal.revenue.completion/?org=QS&amp;period=2023H1" in leader
    red = re.search(r'data-count="red">(\d+)<', leader).group(1)
    assert int(red) > 0 and "/supervision/tasks/" in leader

    member = homes["chenzhiqiang"]  # wishes near him, his commitments, his training
    assert {"member-commitments", "member-training"} <= panels_of(member)
    for url in ("/community/me/wishes/", "/community/me/commitments/", "/party/my-training/"):
        assert url in member
