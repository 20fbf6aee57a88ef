"""What a stolen or mistaken backup must not do: be readable by others, log anyone in,
be read without its key, or be restored under a data key that cannot read it."""

import secrets
import stat

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import translation

from tally.ops.backup import BackupError, backup
from tally.ops.files import PRIVATE
from tally.orgs.models import Org

from .test_backup import restored_copy

SEAL_KEY = secrets.token_hex(32)


def mode_of(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.django_db(transaction=True)
def test_it_writes_backups_readable_by_their_owner_only(world, tmp_path, settings):
    settings.BACKUP_KEY = SEAL_KEY
    call_command("backup", str(tmp_path / "plain.backup"))
    call_command("backup", str(tmp_path / "sealed.backup"), "--encrypt")
    assert mode_of(tmp_path / "plain.backup") == PRIVATE
    assert mode_of(tmp_path / "sealed.backup") == PRIVATE
    # Nothing half-written is left beside them.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.backup", "sealed.backup"]


def test_it_makes_the_sqlite_database_file_private(tmp_path, django_db_blocker):
    database = tmp_path / "tally.sqlite3"
    database.touch(mode=0o644)
    database.chmod(0o644)
    wrapper = type(connections["default"])
    other = wrapper({**connections["default"].settings_dict, "NAME": str(database)}, "other")
    if other.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps its own files")
    with django_db_blocker.unblock():
        try:
            with other.cursor() as cursor:
                cursor.execute("CREATE TABLE t (x int)")
                cursor.execute("INSERT INTO t VALUES (1)")
        finally:
            other.close()
    assert mode_of(database) == PRIVATE
    for side in tmp_path.glob("tally.sqlite3-*"):
        assert mode_of(side) == PRIVATE, side.name


@pytest.mark.django_db(transaction=True)
def test_it_leaves_login_sessions_out_of_backups(world, tmp_path, client):
    client.force_login(world.users["admin"])
    session_key = client.session.session_key
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_session")
        assert cursor.fetchone()[0] == 1
    backup(tmp_path / "b.backup")
    assert session_key.encode() not in (tmp_path / "b.backup").read_bytes()
    assert restored_copy(tmp_path / "b.backup", tmp_path)["django_session"][0] == 0


@pytest.mark.django_db(transaction=True)
def test_it_seals_a_backup_with_a_key_of_its_own(world, tmp_path, settings):
    settings.BACKUP_KEY = SEAL_KEY
    call_command("backup", str(tmp_path / "s.backup"), "--encrypt")
    sealed = (tmp_path / "s.backup").read_bytes()
    assert b"SQLite format" not in sealed and b"PGDMP" not in sealed
    assert "甲街道党工委".encode() not in sealed
    restored = restored_copy(tmp_path / "s.backup", tmp_path, seal_key=SEAL_KEY)
    assert restored["orgs_org"][0] == Org.objects.count()

    with pytest.raises(BackupError, match="wrong backup key"):
        restored_copy(tmp_path / "s.backup", tmp_path, seal_key=secrets.token_hex(32))
    settings.BACKUP_KEY = ""
    with pytest.raises(CommandError, match="TALLY_BACKUP_KEY"):
        call_command("restore", str(tmp_path / "s.backup"), yes=True)


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_restore_under_another_data_key(world, tmp_path, settings):
    call_command("backup", str(tmp_path / "b.backup"))
    Org.objects.filter(code=world.village_b.code).delete()
    settings.DATA_KEY = secrets.token_hex(32)
    with translation.override("zh-hans"), pytest.raises(CommandError) as refusal:
        call_command("restore", str(tmp_path / "b.backup"), yes=True)
    assert "TALLY_DATA_KEY" in str(refusal.value) and "未做任何更改" in str(refusal.value)
    # Nothing was restored: the deleted row stays deleted.
    assert not Org.objects.filter(code=world.village_b.code).exists()
