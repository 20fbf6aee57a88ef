"""Serving with debug off (make run): the site's own Chinese error pages in its layout,
static files through WhiteNoise, the security headers on every response."""

import pytest
from django.test import Client

from tally.ops.management.commands.serve import Command as Serve

HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options")


def test_it_answers_an_unknown_url_with_a_chinese_404_in_the_layout(world, login, settings):
    settings.DEBUG = False
    for client in (Client(), login("clerk")):
        response = client.get("/no-such-page/", follow=True)
        page = response.content.decode()
        if client.session.get("_auth_user_id"):
            assert response.status_code == 404
            assert "页面不存在" in page and "tally-navbar" in page and "返回首页" in page
        assert "URLconf" not in page and "tally.urls" not in page and "^admin" not in page


def test_it_answers_a_server_error_with_a_chinese_500_without_a_traceback(world, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tally.ops.tests.boom_urls"
    client = Client(raise_request_exception=False)
    client.force_login(world.users["clerk"])
    response = client.get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "出错" in page and "tally-navbar" in page and "返回首页" in page
    assert "boom-marker" not in page and "Traceback" not in page
    assert "local-variable-value-4711" not in page
    for header in HEADERS:
        assert header in response.headers, header


def test_it_answers_a_forbidden_page_in_chinese_with_a_way_back(world, login, settings):
    settings.DEBUG = False
    response = login("member").get("/ledgers/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "无权" in page and "返回首页" in page and "Forbidden" not in page


def test_it_answers_a_form_without_its_token_in_chinese(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["clerk"])
    response = client.post("/accounts/password/", {})
    page = response.content.decode()
    assert response.status_code == 403
    assert "表单已过期" in page and "CSRF verification" not in page


@pytest.mark.parametrize("debug", [False, True])
def test_it_sends_the_security_headers_on_404_pages(db, settings, debug):
    settings.DEBUG = debug
    response = Client().get("/no-such-page/")
    for header in HEADERS:
        assert header in response.headers, (header, debug)
    assert "script-src" in response["Content-Security-Policy"] or (
        "default-src 'none'" in response["Content-Security-Policy"]
    )


def test_it_serves_static_files_with_debug_off_and_nothing_outside_them(db, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    css = client.get("/static/tally/app.css")
    assert css.status_code == 200 and "X-Content-Type-Options" in css.headers
    for path in ("/static/%2e%2e/var/tally.sqlite3", "/static/../settings.py"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Content-Security-Policy" in response.headers


def test_it_tells_a_user_who_is_not_staff_that_the_admin_site_is_not_theirs(world, login):
    response = login("clerk").get("/admin/", follow=True)
    assert len(response.redirect_chain) <= 2
    assert response.status_code == 403
    assert "系统管理员" in response.content.decode()
    assert login("admin").get("/admin/").status_code == 200


def test_it_serves_with_gunicorn_when_debug_is_off(world, settings, monkeypatch):
    ran = []
    monkeypatch.setattr(Serve, "run", staticmethod(ran.append))
    monkeypatch.setattr(Serve, "start_worker", lambda self: None)
    settings.DEBUG = False
    Serve().handle(host="127.0.0.1", port="8102", no_worker=True, workers=2)
    assert ran and ran[0][1:4] == ["-m", "gunicorn", "tally.wsgi"]
    assert "127.0.0.1:8102" in ran[0]
