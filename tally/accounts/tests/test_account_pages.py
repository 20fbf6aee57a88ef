"""The administrator's account pages: create (one-time password shown once, changed at
first login), edit, deactivate, reset; bad input refused with nothing written."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tally.accounts.models import Role, SecurityEvent, User

NEW = {"username": "wangfang", "display_name": "王芳", "role": "unit", "phone": "13800001234"}


def create(admin_client, world, **changes):
    data = NEW | {"org": world.street_a.pk} | changes
    return admin_client.post(reverse("accounts:new"), data)


def initial_password_of(response) -> str:
    return response.content.decode().split('id="initial-password">')[1].split("<")[0]


def test_it_creates_an_account_with_a_one_time_password_shown_once(world, login):
    response = create(login("admin"), world)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    password = initial_password_of(response)
    user = User.objects.get(username="wangfang")
    assert (user.role, user.org, user.display_name) == (Role.UNIT, world.street_a, "王芳")
    assert user.must_change_password and user.check_password(password)
    assert password not in user.password  # a hash, never the password
    assert user.phone == "13800001234" and b"13800001234" not in bytes(user.phone_enc)
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.ACCOUNT, user=user)
    assert "created by admin" in event.detail
    # The list does not show it again.
    assert password not in login("admin").get(reverse("accounts:list")).content.decode()


def test_it_sends_a_one_time_password_to_the_password_page_first(world, login):
    password = initial_password_of(create(login("admin"), world))
    client = Client()
    response = client.post(reverse("login"), {"username": "wangfang", "password": password})
    assert response.status_code == 302
    for path in ("/", "/ledgers/", reverse("accounts:list")):
        assert client.get(path)["Location"] == reverse("password_change"), path
    page = client.get(reverse("password_change")).content.decode()
    assert "一次性初始密码" in page
    response = client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "Hz7!qwerty-pa",
            "new_password2": "Hz7!qwerty-pa",
        },
    )
    assert response["Location"] == reverse("home")
    assert client.get("/").status_code == 200
    assert not User.objects.get(username="wangfang").must_change_password


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"username": "clerk"}, "已被使用"),
        ({"username": "CLERK"}, "已被使用"),
        ({"username": "wang fang"}, "不能有空格"),
        ({"role": "boss"}, "boss"),
        ({"org": ""}, "必须属于一个组织"),
        ({"org": "999999"}, "999999"),
        ({"phone": "12345"}, "11 位手机号"),
        ({"display_name": ""}, "必填"),
    ],
    ids=[
        "taken",
        "taken-other-case",
        "space",
        "unknown-role",
        "no-org",
        "unknown-org",
        "phone",
        "name",
    ],
)
def test_it_refuses_bad_input_and_writes_nothing(world, login, changes, message):
    before = User.objects.count()
    response = create(login("admin"), world, **changes)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page or "选择一个有效的选项" in page
    assert 'id="initial-password"' not in page
    assert User.objects.count() == before
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ACCOUNT).exists()


def test_it_edits_and_deactivates_an_account_and_records_it(world, login):
    admin, clerk = login("admin"), world.users["clerk"]
    response = admin.post(
        reverse("accounts:edit", args=[clerk.pk]),
        {"display_name": "李四", "role": "leader", "org": world.root.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert (clerk.display_name, clerk.role, clerk.org) == ("李四", Role.LEADER, world.root)
    change = SecurityEvent.objects.get(kind=SecurityEvent.Kind.ROLE_CHANGE, user=clerk)
    assert "role: unit → leader" in change.detail and "by admin" in change.detail

    admin.post(reverse("accounts:deactivate", args=[clerk.pk]))
    clerk.refresh_from_db()
    assert not clerk.is_active
    response = Client().post(reverse("login"), {"username": "clerk", "password": "x"})
    assert response.status_code == 200


def test_it_keeps_the_last_administrator(world, login):
    admin = world.users["admin"]
    response = login("admin").post(reverse("accounts:deactivate", args=[admin.pk]), follow=True)
    assert "不能停用自己的管理员账号" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_it_resets_a_password_and_ends_the_users_sessions(world, login):
    clerk_client = login("clerk")
    assert clerk_client.get("/").status_code == 200
    response = login("admin").post(reverse("accounts:reset", args=[world.users["clerk"].pk]))
    password = initial_password_of(response)
    clerk = User.objects.get(pk=world.users["clerk"].pk)
    assert clerk.check_password(password) and clerk.must_change_password
    assert clerk_client.get("/").status_code == 302  # logged out
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PASSWORD_RESET, user=clerk)
    assert "by admin" in event.detail


def test_it_sends_an_expired_password_to_the_password_page(world, login, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    User.objects.filter(pk=world.users["clerk"].pk).update(
        password_changed_at=timezone.now() - timedelta(days=91)
    )
    client = login("clerk")
    assert client.get("/")["Location"] == reverse("password_change")
    assert "已过期" in client.get(reverse("password_change")).content.decode()


def test_it_refuses_a_recent_password_again(world, login):
    from conftest import PASSWORD

    client = login("clerk")
    first = {
        "old_password": PASSWORD,
        "new_password1": "Hz7!qwerty-pa",
        "new_password2": "Hz7!qwerty-pa",
    }
    assert client.post(reverse("password_change"), first).status_code == 302
    back = {"old_password": "Hz7!qwerty-pa", "new_password1": PASSWORD, "new_password2": PASSWORD}
    response = client.post(reverse("password_change"), back)
    assert response.status_code == 200 and "最近使用过" in response.content.decode()


def test_it_makes_createsuperuser_a_system_administrator(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Adm1n!first-day")
    call_command("createsuperuser", "--noinput", "--username", "root", "--email", "a@b.cn")
    user = User.objects.get(username="root")
    assert (user.role, user.is_staff, user.is_superuser, user.org) == (Role.ADMIN, True, True, None)


def test_it_lets_only_the_administrator_in(world, login):
    for persona in ("office", "clerk", "leader", "member"):
        assert login(persona).get(reverse("accounts:list")).status_code == 403, persona
    assert "accounts/users/" in login("admin").get("/").content.decode()
