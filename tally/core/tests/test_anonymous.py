"""Default deny: every URL needs a login except the explicit allowlist."""

import re

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {"/accounts/login/", "/healthz", "/showcase/", "/i18n/setlang/"}


def sample_paths(resolver=None, prefix=""):
    """Every URL pattern with its converters filled with sample values."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from sample_paths(entry, route)
        elif isinstance(entry, URLPattern):
            yield "/" + fill(route)


def fill(route: str) -> str:
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<(?:str|slug|path|uuid)?:?\w+>", "x", route)
    route = route.lstrip("^").rstrip("$").replace("\\Z", "")
    return re.sub(r"\(\?P<\w+>[^)]*\)", "x", route)


def test_it_redirects_anonymous_users_to_login_everywhere_but_the_allowlist(db):
    client = Client()
    checked = 0
    for path in sample_paths():
        if path.startswith(("/admin/", "/showcase/")) or path in PUBLIC or "(" in path:
            continue
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/"), path
        checked += 1
    assert checked >= 5


def test_it_serves_the_allowlist_to_anonymous_users(db):
    client = Client()
    for path in ("/accounts/login/", "/healthz", "/showcase/"):
        assert client.get(path).status_code == 200, path


def test_it_sends_the_admin_site_login_to_the_one_login_page(db):
    for path in ("/admin/", "/admin/login/"):
        response = Client().get(path, follow=True)
        assert response.redirect_chain[-1][0].startswith("/accounts/login/"), path
        assert response.status_code == 200
