"""An administrator without organisation (`createsuperuser`) acts at the root: a blank
organisation cell of an import lands there when the tree has one root."""

import pytest
from django.core.management import call_command

from tally.accounts.models import Role, User
from tally.accounts.scoping import acting_org
from tally.ledgers.registry import get_ledger
from tally.ledgers.services import import_now
from tally.ledgers.tests.sheets import xlsx
from tally.party.models import LeaderClaim


@pytest.fixture
def superuser(world, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Adm1n!first-day")
    call_command("createsuperuser", "--noinput", "--username", "root", "--email", "r@z.cn")
    return User.objects.get(username="root")


def test_it_lets_an_administrator_without_organisation_act_at_the_root(superuser, world):
    assert superuser.org is None and acting_org(superuser) == world.root
    assert acting_org(world.users["clerk"]) == world.street_a
    assert acting_org(User(role=Role.LEADER)) is None


def test_it_puts_a_blank_organisation_cell_at_the_root(superuser, world):
    data = xlsx(
        [
            ["领导姓名", "类别", "内容", "联系点组织编码", "日期"],
            ["张书记", "认领承诺", "推动项目落地", "", "2023-02-20"],
        ]
    )
    batch = import_now(get_ledger("leader_claims"), "三个一.xlsx", data, user=superuser)
    assert batch.error_count == 0, batch.errors
    assert LeaderClaim.objects.get().org == world.root
