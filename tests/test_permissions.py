"""The role × URL → status table, walked for every persona."""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from tally.testing.permissions import PERSONAS


def collect_cases():
    cases = []
    for config in apps.get_app_configs():
        if not config.name.startswith("tally."):
            continue
        try:
            module = import_module(f"{config.name}.tests.permission_cases")
        except ModuleNotFoundError:
            continue
        cases.extend(module.CASES)
    return cases


CASES = collect_cases()
PARAMS = [
    pytest.param(case, persona, id=f"{case.id}-{persona}") for case in CASES for persona in PERSONAS
]


@pytest.mark.parametrize(("case", "persona"), PARAMS)
def test_it_answers_each_role_as_the_table_says(case, persona, world, login):
    client = login(persona)
    path = case.path(world)
    data = case.data(world) if case.data else {}
    response = getattr(client, case.method)(path, data)
    assert response.status_code == case.expect[persona], (path, persona)
    if persona == "anonymous" and response.status_code == 302 and case.login_redirect:
        assert response["Location"].startswith("/accounts/login/")


def url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


def test_it_has_a_row_for_every_url():
    covered = {case.url_name for case in CASES}
    missing = sorted(set(url_names()) - covered)
    assert not missing, f"URLs without a row in a permission_cases.py: {missing}"
