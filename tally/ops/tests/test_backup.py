"""Backup, then restore into a fresh database: every table's rows are the same."""

import pytest
from django.core.management import call_command
from django.db import connection, connections

from tally.ops.backup import BackupError, backup, restore, table_fingerprints
from tally.orgs.models import Org


def fresh_database(tmp_path):
    """A second, empty database of the same kind as the test database."""
    wrapper_class = type(connections["default"])
    if connection.vendor == "sqlite":
        settings_dict = {**connection.settings_dict, "NAME": str(tmp_path / "fresh.sqlite3")}
        return wrapper_class(settings_dict, alias="fresh"), lambda: None
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    fresh = wrapper_class({**connection.settings_dict, "NAME": name}, alias="fresh")

    def drop():
        fresh.close()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return fresh, drop


def restored_copy(path, tmp_path, **options):
    """Restore `path` into a fresh database and give its fingerprints."""
    fresh, drop = fresh_database(tmp_path)
    try:
        restore(path, conn=fresh, **options)
        return table_fingerprints(conn=fresh, skip=())
    finally:
        drop()


@pytest.mark.django_db(transaction=True)
def test_it_restores_every_table_into_a_fresh_database(world, tmp_path):
    backup(tmp_path / "tally.backup")
    before = table_fingerprints()
    assert before["orgs_org"][0] == Org.objects.count() > 5
    after = restored_copy(tmp_path / "tally.backup", tmp_path)
    assert {t: v for t, v in after.items() if t != "django_session"} == before


@pytest.mark.django_db(transaction=True)
def test_it_brings_back_deleted_rows_through_the_commands(world, tmp_path):
    call_command("backup", str(tmp_path / "b.backup"))
    Org.objects.filter(code=world.village_b.code).delete()
    call_command("restore", str(tmp_path / "b.backup"), yes=True)
    assert Org.objects.filter(code=world.village_b.code).exists()


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_file_that_is_not_a_backup(world, tmp_path):
    bogus = tmp_path / "bogus.backup"
    bogus.write_bytes(b"this is not a database")
    with pytest.raises(BackupError):
        restore(bogus)
    assert Org.objects.count() == 10
