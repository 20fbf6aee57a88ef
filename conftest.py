"""Test personas and the small organisation tree they live in, defined once.

Personas: admin, office, clerk (unit clerk of street A), sibling_clerk (unit clerk of
street B), leader, member, anonymous. Every role × URL test uses these names.
"""

from dataclasses import dataclass

import pytest
from django.test import Client

from tally.accounts.models import Role, User
from tally.orgs.models import Org, OrgKind

PERSONAS = ("admin", "office", "clerk", "sibling_clerk", "leader", "member", "anonymous")
PASSWORD = "Persona#2023pw"


@dataclass
class World:
    root: Org
    street_a: Org
    street_b: Org
    village_a: Org
    community_a: Org
    village_b: Org
    community_b: Org
    department: Org
    two_new_a: Org
    red_property_a: Org
    users: dict


def add(parent: Org, code: str, name: str, kind: str) -> Org:
    return Org.objects.add_child(parent, create_kwargs={"code": code, "name": name, "kind": kind})


def build_tree() -> dict[str, Org]:
    root = Org.objects.add_root(
        create_kwargs={"code": "Z", "name": "测试经开区党工委", "kind": OrgKind.ZONE}
    )
    street_a = add(root, "Z-A", "甲街道党工委", OrgKind.STREET)
    street_b = add(root, "Z-B", "乙街道党工委", OrgKind.STREET)
    department = add(root, "Z-D1", "招商局", OrgKind.DEPARTMENT)
    village_a = add(street_a, "Z-A-1", "甲一村党支部", OrgKind.VILLAGE)
    community_a = add(street_a, "Z-A-2", "甲二社区党委", OrgKind.COMMUNITY)
    two_new_a = add(street_a, "Z-A-9", "甲街某公司党支部", OrgKind.TWO_NEW)
    red_property_a = add(community_a, "Z-A-2-1", "甲二小区党支部", OrgKind.RED_PROPERTY)
    village_b = add(street_b, "Z-B-1", "乙一村党支部", OrgKind.VILLAGE)
    community_b = add(street_b, "Z-B-2", "乙二社区党委", OrgKind.COMMUNITY)
    return {
        "root": root,
        "street_a": street_a,
        "street_b": street_b,
        "village_a": village_a,
        "community_a": community_a,
        "village_b": village_b,
        "community_b": community_b,
        "department": department,
        "two_new_a": two_new_a,
        "red_property_a": red_property_a,
    }


def make_user(username: str, role: str, org: Org, **extra) -> User:
    user = User(username=username, role=role, org=org, display_name=username, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def world(db) -> World:
    orgs = {key: Org.objects.get(pk=org.pk) for key, org in build_tree().items()}
    users = {
        "admin": make_user("admin", Role.ADMIN, orgs["root"], is_staff=True, is_superuser=True),
        "office": make_user("office", Role.OFFICE, orgs["department"], can_view_pii=True),
        "clerk": make_user("clerk", Role.UNIT, orgs["street_a"]),
        "sibling_clerk": make_user("sibling_clerk", Role.UNIT, orgs["street_b"]),
        "leader": make_user("leader", Role.LEADER, orgs["root"]),
        "member": make_user("member", Role.MEMBER, orgs["community_a"]),
    }
    return World(users=users, **orgs)


@pytest.fixture
def login(world):
    """login("clerk") → a test Client logged in as that persona ("anonymous": none)."""

    def make_client(persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(world.users[persona])
        return client

    return make_client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def builtin_generic_ledgers(request):
    """A transactional test's flush empties every table, the rows of data migrations too;
    the generic ledgers DOMAIN.md ships are put back for the transactional tests."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps

    shipped = import_module("tally.readymade.migrations.0001_ledger_types")
    shipped.create(apps, None)
