"""Backup and restore of the whole database.

SQLite goes through the online backup API (a consistent copy while the site runs; never
a file copy, which can catch a half-written WAL). PostgreSQL goes through pg_dump /
pg_restore in the custom format.

A backup is readable by its owner only (0600) and holds no sessions: a stolen backup
must not log anyone in. It may be sealed with a key of its own (sealing.py). It carries
a text sealed with TALLY_DATA_KEY (KeyCheck): `restore` opens it with the running key
before it replaces anything, and refuses when the key is not the backup's.
"""

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connection

from tally.lib.pii import PiiDecryptError, cipher

from . import sealing

KEY_CHECK_TEXT = "tally data key check"
KEY_CHECK_TABLE = "ops_keycheck"
SESSION_TABLE = "django_session"


class BackupError(Exception):
    pass


class WrongDataKey(BackupError):
    pass


def is_sqlite(conn=connection) -> bool:
    return conn.vendor == "sqlite"


def backup(path: Path, conn=connection, *, seal_key: str | None = None) -> None:
    """Back the database up into `path` (0600), sealed with `seal_key` when given."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ensure_key_check()
    with private_file(path.parent, ".plain") as plain:
        if is_sqlite(conn):
            backup_sqlite(plain, conn)
        else:
            backup_postgres(plain, conn.settings_dict)
        if seal_key:
            with private_file(path.parent, ".sealed") as sealed:
                sealing.seal(plain, sealed, seal_key)
                os.replace(sealed, path)
        else:
            os.replace(plain, path)


def restore(path: Path, conn=connection, *, seal_key: str | None = None) -> None:
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    with opened_backup(path, seal_key) as plain:
        if is_sqlite(conn):
            check_sqlite_backup(plain)
            check_data_key(sqlite_key_check(plain))
            restore_sqlite(plain, conn)
        else:
            check_data_key(postgres_key_check(plain, conn.settings_dict))
            restore_postgres(plain, conn.settings_dict)
    conn.close()


@contextlib.contextmanager
def private_file(directory: Path, suffix: str):
    """A new empty file only its owner can read, removed afterwards unless moved."""
    handle, name = tempfile.mkstemp(dir=directory, prefix=".tally-", suffix=suffix)
    os.close(handle)
    try:
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


@contextlib.contextmanager
def opened_backup(path: Path, seal_key: str | None):
    if not sealing.is_sealed(path):
        yield path
        return
    if not seal_key:
        raise BackupError("sealed backup: give its key (TALLY_BACKUP_KEY or --key-file)")
    with tempfile.TemporaryDirectory(prefix="tally-restore-") as directory:
        plain = Path(directory) / "backup"
        try:
            sealing.unseal(path, plain, seal_key)
        except sealing.SealError as error:
            raise BackupError(str(error)) from None
        yield plain


# --- the data key check ------------------------------------------------------------------


def ensure_key_check() -> None:
    from .models import KeyCheck

    if not KeyCheck.objects.exists():
        KeyCheck.objects.create(sealed=cipher().encrypt(KEY_CHECK_TEXT))


def check_data_key(sealed: bytes | None) -> None:
    """Refuse a backup whose personal data the running TALLY_DATA_KEY cannot read.
    A backup made before key checks existed carries none: nothing to compare."""
    if sealed is None:
        return
    try:
        opened = cipher().decrypt(sealed)
    except PiiDecryptError:
        opened = None
    if opened != KEY_CHECK_TEXT:
        raise WrongDataKey("the backup was made with another TALLY_DATA_KEY")


def sqlite_key_check(path: Path) -> bytes | None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = source.execute(f"SELECT sealed FROM {KEY_CHECK_TABLE} LIMIT 1").fetchone()  # noqa: S608
    except sqlite3.OperationalError:  # an older backup, without the table
        return None
    finally:
        source.close()
    return bytes(row[0]) if row else None


def postgres_key_check(path: Path, db: dict) -> bytes | None:
    """The key check row, read from the dump's data as pg_restore prints it."""
    command = [pg_tool("pg_restore"), "--data-only", f"--table={KEY_CHECK_TABLE}", "-f", "-"]
    result = subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
        [*command, str(path)], env=pg_environment(db), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or "pg_restore could not read the backup")
    lines = iter(result.stdout.splitlines())
    for line in lines:
        if line.startswith(f"COPY public.{KEY_CHECK_TABLE} "):
            columns = line.split("(", 1)[1].split(")", 1)[0].split(", ")
            row = next(lines, "\\.")
            if row == "\\.":
                return None
            value = row.split("\t")[columns.index("sealed")]
            return bytes.fromhex(value.removeprefix("\\\\x"))
    return None


# --- SQLite ---------------------------------------------------------------------------------


def backup_sqlite(path: Path, conn) -> None:
    conn.ensure_connection()
    target = sqlite3.connect(path)
    try:
        conn.connection.backup(target)
        # Sessions stay behind; VACUUM rewrites the file so their pages are gone too.
        target.execute(f"DELETE FROM {SESSION_TABLE}")  # noqa: S608 - a fixed name
        target.commit()
        target.execute("VACUUM")
    finally:
        target.close()


def check_sqlite_backup(path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        check = source.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not an SQLite backup: {error}") from None
    finally:
        source.close()
    if check != ("ok",):
        raise BackupError(f"{path} failed its integrity check: {check}")


def restore_sqlite(path: Path, conn) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.ensure_connection()
    try:
        source.backup(conn.connection)
    finally:
        source.close()


# --- PostgreSQL ------------------------------------------------------------------------------


def pg_environment(db: dict) -> dict:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise BackupError(f"{name} was not found: install postgresql-client")
    return tool


def backup_postgres(path: Path, db: dict) -> None:
    command = [
        pg_tool("pg_dump"),
        "--format=custom",
        "--no-owner",
        f"--exclude-table-data={SESSION_TABLE}",
        "-f",
        str(path),
        db["NAME"],
    ]
    run_pg(command, db)


def restore_postgres(path: Path, db: dict) -> None:
    command = [
        pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "-d",
        db["NAME"],
        str(path),
    ]
    run_pg(command, db)


def run_pg(command: list[str], db: dict) -> None:
    result = subprocess.run(  # noqa: S603 - fixed tools, arguments from settings
        command, env=pg_environment(db), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed")


def table_fingerprints(conn=connection, *, skip=(SESSION_TABLE,)) -> dict[str, tuple[int, str]]:
    """Row count and a SHA-256 over every row of every table: equal fingerprints mean
    equal contents. Used to verify a restore (sessions are never backed up)."""
    fingerprints = {}
    with conn.cursor() as cursor:
        for table in sorted(conn.introspection.table_names(cursor)):
            if table in skip:
                continue
            quoted = conn.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names from introspection
            rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            fingerprints[table] = (len(rows), digest)
    return fingerprints
