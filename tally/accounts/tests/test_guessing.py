"""Password guessing (issue 14, holes 1 and 4): failures count per user name and per
address separately; a success clears only its own user's failures; an address is never
locked — a busy one gets a picture to read (captcha) — so an office behind one proxy
keeps working while a guessing program is stopped."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

from conftest import PASSWORD
from tally.accounts import captcha
from tally.accounts.models import SecurityEvent

LOGIN = "/accounts/login/"
WRONG = "wrong-password-1"
ANSWER = "ACDEF"


@pytest.fixture(autouse=True)
def known_captcha(monkeypatch):
    monkeypatch.setattr(captcha, "random_code", lambda: ANSWER)


def attempt(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def logged_in(response) -> bool:
    return response.status_code == 302


def test_it_does_not_let_other_users_logins_clear_an_accounts_failures(world):
    """The probe: 4 wrong passwords for admin, then a member logs in; 5 rounds gave 20
    guesses. Now admin locks at the 5th wrong password whatever happens between."""
    office = Client(REMOTE_ADDR="10.1.1.1")
    answers = []
    for _round in range(5):
        for _guess in range(4):
            office.get(LOGIN)  # a fresh picture, when one is asked for
            answers.append(attempt(office, "admin", WRONG, captcha=ANSWER).status_code)
        office.get(LOGIN)
        assert logged_in(attempt(office, "member", PASSWORD, captcha=ANSWER))
        office.post("/accounts/logout/")
    # Four "wrong password" pages, the fifth failure locks, every later guess is refused.
    assert answers == [200] * 4 + [429] * 16
    assert AccessAttempt.objects.get(username="admin").failures_since_start == 5
    # Locked: even the right password is refused.
    office.get(LOGIN)
    assert attempt(office, "admin", PASSWORD, captcha=ANSWER).status_code == 429


def test_it_asks_a_busy_address_for_the_picture_but_never_locks_its_other_users(world):
    proxy = Client(REMOTE_ADDR="10.2.2.2")
    for name in ("nobody1", "nobody2", "nobody3", "nobody4", "nobody5"):
        attempt(proxy, name, WRONG)
    page = proxy.get(LOGIN).content.decode()
    assert 'name="captcha"' in page and "data:image/png;base64," in page

    # Sun Li, in the same office, types her right password: asked for the picture.
    refused = attempt(proxy, "clerk", PASSWORD)
    assert refused.status_code == 200 and "图中的字符" in refused.content.decode()
    # …and that is no failure of hers.
    assert not AccessAttempt.objects.filter(username="clerk").exists()
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.CAPTCHA_FAILED, username="clerk"
    ).exists()
    assert not SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.LOGIN_FAILED, username="clerk"
    ).exists()

    proxy.get(LOGIN)
    assert logged_in(attempt(proxy, "clerk", PASSWORD, captcha=ANSWER.lower()))


def test_it_uses_a_picture_once(world, monkeypatch):
    client = Client(REMOTE_ADDR="10.3.3.3")
    for _ in range(5):
        attempt(client, "nobody", WRONG)
    client.get(LOGIN)
    monkeypatch.setattr(captcha, "random_code", lambda: "XXXXX")  # the next picture
    attempt(client, "clerk", WRONG, captcha=ANSWER)
    # The same answer again, without a new picture: refused before the password.
    assert not logged_in(attempt(client, "clerk", PASSWORD, captcha=ANSWER))


def test_it_asks_no_picture_of_a_quiet_address(world):
    busy, quiet = Client(REMOTE_ADDR="10.4.4.4"), Client(REMOTE_ADDR="10.4.4.5")
    for _ in range(5):
        attempt(busy, "nobody", WRONG)
    assert 'name="captcha"' not in quiet.get(LOGIN).content.decode()
    assert logged_in(attempt(quiet, "clerk", PASSWORD))


def test_it_believes_the_forwarded_address_only_from_a_trusted_proxy(world, settings):
    settings.TRUSTED_PROXIES = ["192.0.2.10"]
    through_proxy = Client(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="198.51.100.7")
    attempt(through_proxy, "clerk", WRONG)
    spoofed = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.8")
    attempt(spoofed, "clerk", WRONG)
    ips = set(
        SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGIN_FAILED).values_list(
            "ip", flat=True
        )
    )
    assert ips == {"198.51.100.7", "203.0.113.9"}
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == ips


def test_it_counts_the_clients_behind_a_trusted_proxy_apart(world, settings):
    settings.TRUSTED_PROXIES = ["192.0.2.0/24"]
    for _ in range(5):
        attempt(Client(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="198.51.100.7"), "x", WRONG)
    colleague = Client(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert 'name="captcha"' not in colleague.get(LOGIN).content.decode()
