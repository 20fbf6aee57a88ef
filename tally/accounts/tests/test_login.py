from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from tally.accounts.models import SecurityEvent

LOGIN = "/accounts/login/"


def post_login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def events(kind):
    return SecurityEvent.objects.filter(kind=kind)


def test_it_logs_in_and_records_the_event(world):
    client = Client()
    response = post_login(client, "clerk", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    event = events(SecurityEvent.Kind.LOGIN).get()
    assert event.user == world.users["clerk"] and event.success and event.ip == "127.0.0.1"


def test_it_rotates_the_session_key_at_login(world):
    client = Client()
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    post_login(client, "clerk", PASSWORD)
    assert client.session.session_key != before


def test_it_records_a_failed_login_without_the_password(world):
    response = post_login(Client(), "clerk", "wrong-password-1")
    assert response.status_code == 200
    event = events(SecurityEvent.Kind.LOGIN_FAILED).get()
    assert event.username == "clerk" and not event.success
    assert "wrong-password-1" not in event.detail


def test_it_locks_the_account_after_five_failures_for_thirty_minutes(world):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(5):
            post_login(Client(REMOTE_ADDR="10.0.0.1"), "clerk", "wrong-password-1")
        # The right password from another address is refused too: the account is locked.
        locked = post_login(Client(REMOTE_ADDR="10.0.0.2"), "clerk", PASSWORD)
        assert locked.status_code == 429
        text = locked.content.decode()
        assert "30" in text and "clerk" not in text.split("<main")[1].split("value=")[0]
        assert events(SecurityEvent.Kind.LOCKOUT).filter(username="clerk").exists()
        assert not events(SecurityEvent.Kind.LOGIN).exists()

        traveller.shift(timedelta(minutes=29))
        assert post_login(Client(REMOTE_ADDR="10.0.0.2"), "clerk", PASSWORD).status_code == 429
        traveller.shift(timedelta(minutes=2))
        assert post_login(Client(REMOTE_ADDR="10.0.0.2"), "clerk", PASSWORD).status_code == 302


def test_it_gives_the_same_message_for_an_unknown_user_and_a_wrong_password(world):
    unknown = post_login(Client(), "nobody-here", "wrong-password-1").content.decode()
    wrong = post_login(Client(), "clerk", "wrong-password-1").content.decode()

    def error_text(page):
        return page.split('alert-danger" role="alert">')[1].split("</div>")[0]

    assert error_text(unknown) == error_text(wrong)


def test_it_logs_out_after_thirty_idle_minutes(world):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        post_login(client, "clerk", PASSWORD)
        for _ in range(3):  # activity keeps the session alive past 30 minutes in total
            traveller.shift(timedelta(minutes=20))
            assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_it_ends_a_session_after_the_absolute_timeout(world, settings):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        post_login(client, "clerk", PASSWORD)
        for _ in range(12 * 3 + 1):  # active every 20 minutes for over 12 hours
            traveller.shift(timedelta(minutes=20))
            response = client.get("/")
    assert response.status_code == 302
    assert events(SecurityEvent.Kind.SESSION_EXPIRED).filter(user=world.users["clerk"]).exists()


def test_it_records_logout(world):
    client = Client()
    post_login(client, "clerk", PASSWORD)
    client.post("/accounts/logout/")
    assert events(SecurityEvent.Kind.LOGOUT).filter(user=world.users["clerk"]).exists()
    assert client.get("/").status_code == 302


def test_it_changes_a_password_and_records_it(world, login):
    client = login("clerk")
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Qz!8vents-ok",
            "new_password2": "Qz!8vents-ok",
        },
    )
    assert response.status_code == 302
    world.users["clerk"].refresh_from_db()
    assert world.users["clerk"].check_password("Qz!8vents-ok")
    assert events(SecurityEvent.Kind.PASSWORD_CHANGE).filter(user=world.users["clerk"]).exists()


@pytest.mark.parametrize(
    "weak",
    ["short1A", "alllowercaseletters", "12345678901", "password123", "Clerk2023"],
)
def test_it_refuses_weak_passwords(world, login, weak):
    client = login("clerk")
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
    )
    assert response.status_code == 200
    world.users["clerk"].refresh_from_db()
    assert world.users["clerk"].check_password(PASSWORD)
    assert not events(SecurityEvent.Kind.PASSWORD_CHANGE).exists()


def test_it_records_a_role_change_with_the_actor(world, login):
    clerk = world.users["clerk"]
    admin = login("admin")
    response = admin.post(
        f"/admin/accounts/user/{clerk.pk}/change/",
        {
            "username": "clerk",
            "display_name": "clerk",
            "role": "office",
            "org": world.street_a.pk,
            "is_active": "on",
            "date_joined_0": "2023-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = events(SecurityEvent.Kind.ROLE_CHANGE).get(user=clerk)
    assert "role: unit → office" in event.detail and "by admin" in event.detail


def test_it_hashes_passwords_with_argon2_first():
    # The settings module itself: the tests swap in a fast hasher (conftest.py).
    from tally import settings as module

    assert module.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_it_keeps_security_events_append_only(world):
    event = SecurityEvent.objects.create(kind=SecurityEvent.Kind.LOGIN, username="x")
    event.detail = "changed"
    with pytest.raises(Exception, match="append-only"):
        event.save()
    with pytest.raises(Exception, match="append-only"):
        event.delete()
    assert SecurityEvent.objects.get(pk=event.pk).detail == ""
