"""Backup and restore of the whole database.

SQLite goes through the online backup API (a consistent copy while the site runs; never
a file copy, which can catch a half-written WAL). PostgreSQL goes through pg_dump /
pg_restore in the custom format.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    pass


def is_sqlite(conn=connection) -> bool:
    return conn.vendor == "sqlite"


def backup(path: Path, conn=connection) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if is_sqlite(conn):
        backup_sqlite(path, conn)
    else:
        backup_postgres(path, conn.settings_dict)


def restore(path: Path, conn=connection) -> None:
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    if is_sqlite(conn):
        restore_sqlite(path, conn)
    else:
        restore_postgres(path, conn.settings_dict)
    conn.close()


def backup_sqlite(path: Path, conn) -> None:
    conn.ensure_connection()
    target = sqlite3.connect(path)
    try:
        conn.connection.backup(target)
    finally:
        target.close()


def restore_sqlite(path: Path, conn) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        check = source.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as error:
        source.close()
        raise BackupError(f"{path} is not an SQLite backup: {error}") from None
    if check != ("ok",):
        source.close()
        raise BackupError(f"{path} failed its integrity check: {check}")
    conn.ensure_connection()
    try:
        source.backup(conn.connection)
    finally:
        source.close()


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
    command = [pg_tool("pg_dump"), "--format=custom", "--no-owner", "-f", str(path), db["NAME"]]
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


def table_fingerprints(conn=connection) -> dict[str, tuple[int, str]]:
    """Row count and a SHA-256 over every row of every table: equal fingerprints mean
    equal contents. Used to verify a restore."""
    fingerprints = {}
    with conn.cursor() as cursor:
        for table in sorted(conn.introspection.table_names(cursor)):
            quoted = conn.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names from introspection
            rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            fingerprints[table] = (len(rows), digest)
    return fingerprints
