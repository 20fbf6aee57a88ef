from django.test import Client

from conftest import PASSWORD


def test_it_sends_the_security_headers(db):
    response = Client().get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_it_has_no_inline_script_without_a_nonce(world, login):
    page = login("office").get("/").content.decode()
    assert "<script>" not in page and " onclick=" not in page


def test_it_refuses_a_post_without_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 403
    client.force_login(world.users["admin"])
    response = client.post(
        f"/orgs/{world.street_a.code}/edit/", {"name": "改名", "kind": "街道党工委"}
    )
    assert response.status_code == 403
    world.street_a.refresh_from_db()
    assert world.street_a.name == "甲街道党工委"


def test_it_answers_health_checks_without_login(db):
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
