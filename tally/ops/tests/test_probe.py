"""What the attacker's probe checked and found holding, kept as regression tests: every
URL pattern refuses anonymous visitors (GET and POST), every POST without a CSRF token is
refused and changes nothing, and the database holds no personal data in clear."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from tally.accounts.models import User
from tally.core.tests.test_anonymous import PUBLIC, sample_paths
from tally.lib.idcard import make_id_number
from tally.ops.backup import backup, table_fingerprints
from tally.party.models import Member

ID_NUMBER = make_id_number("420303", dt.date(1979, 4, 2), 31, "女")
PHONE = "13912345678"


def every_path():
    return [p for p in sample_paths() if "(" not in p and not p.startswith("/static/")]


def test_it_refuses_anonymous_posts_to_every_url_pattern(db):
    client = Client(enforce_csrf_checks=False)
    checked = 0
    for path in every_path():
        if path in PUBLIC or path.startswith(("/admin/", "/showcase/")):
            continue  # public pages; the admin site has its own login redirect
        response = client.post(path, {"x": "1"})
        assert response.status_code in (302, 403, 405), path
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), path
        checked += 1
    assert checked > 30


@pytest.mark.django_db(transaction=True)
def test_it_refuses_every_post_without_a_csrf_token_and_changes_nothing(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    before = table_fingerprints(skip=("django_session",))
    paths = every_path()
    for path in paths:
        response = client.post(path, {"name": "改名", "content": "x", "note": "x"})
        assert response.status_code == 403, path
    assert table_fingerprints(skip=("django_session",)) == before
    assert len(paths) > 50


@pytest.mark.django_db(transaction=True)
def test_it_keeps_no_personal_data_in_clear_in_the_database(world, tmp_path):
    member = Member(name="林晓", org=world.community_a, category="正式党员")
    member.id_number, member.phone = ID_NUMBER, PHONE
    member.save()
    user = User.objects.get(username="clerk")
    user.phone = PHONE
    user.save()
    dump = repr(list(table_contents()))
    assert ID_NUMBER not in dump and PHONE not in dump
    assert ID_NUMBER[-8:] not in dump  # not even its birth date and sequence
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        backup(tmp_path / "db.backup")
        raw = (tmp_path / "db.backup").read_bytes()
        assert ID_NUMBER.encode() not in raw and PHONE.encode() not in raw


def table_contents():
    from django.db import connection

    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            yield table, cursor.fetchall()
