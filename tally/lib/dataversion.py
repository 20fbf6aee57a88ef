"""The database side of the data versions (tally/metrics/freshness.py keeps the figures
under them): a token per table of figure data, which triggers replace whenever a
statement writes to that table, and one new token per table for a bulk write instead of
one per row.

A token per table, not one for the whole database: a figure is kept under the tokens of
the tables its query reads, so a volunteer activity saved in one street leaves the
training figures of the whole city in the cache; and on PostgreSQL, where the version
row a transaction wrote stays locked until it ends, writers to different tables do not
wait for one another.

On PostgreSQL a trigger fires once per statement, so a COPY of 100,000 rows changes the
token once. SQLite's triggers fire per row, which made an import of 100,000 rows take
1.8 times as long; a bulk write (an import's commit, an undo) therefore gives every table
a fresh token at once and pauses the triggers for the rest of its transaction. Pausing
is safe there because SQLite lets one connection write at a time: no other write can
happen while the pause lasts, and a rollback undoes the pause with the rows.
"""

import uuid
from contextlib import contextmanager

from django.db import transaction

VERSION_TABLE = "metrics_dataversion"
TRIGGER = "tally_data_version"
PAUSE_ROW = ""  # the row whose `paused` SQLite's triggers read (its token is unused)

# Fixed names only in these statements: the project's own tables, never input.
PG_NEW_TOKEN = f"UPDATE {VERSION_TABLE} SET token = md5(random()::text || clock_timestamp()::text) WHERE name = TG_TABLE_NAME"  # noqa: E501, S608
PG_FUNCTION = (
    f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN {PG_NEW_TOKEN}; RETURN NULL; END $$"
)
SQLITE_NOT_PAUSED = f"(SELECT paused FROM {VERSION_TABLE} WHERE name = '') = 0"  # noqa: S608
SQLITE_PAUSE = f"UPDATE {VERSION_TABLE} SET token = lower(hex(randomblob(8))), paused = (name = '')"  # noqa: S608
SQLITE_RESUME = f"UPDATE {VERSION_TABLE} SET paused = 0 WHERE name = ''"  # noqa: S608


def sqlite_new_token(table: str) -> str:
    return f"UPDATE {VERSION_TABLE} SET token = lower(hex(randomblob(8))) WHERE name = '{table}'"  # noqa: S608


def add_rows(connection, tables: list[str]) -> None:
    """A version row for each table (and the pause row), where missing."""
    names = [PAUSE_ROW, *tables]
    ignore = "OR IGNORE" if connection.vendor == "sqlite" else ""
    conflict = "ON CONFLICT (name) DO NOTHING" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT {ignore} INTO {VERSION_TABLE} (name, token, paused) "  # noqa: S608
            f"VALUES (%s, %s, %s) {conflict}",
            [(name, new_token(), False) for name in names],
        )


def new_token() -> str:
    return uuid.uuid4().hex


def install_triggers(connection, tables: list[str]) -> int:
    """Create (or re-create) the triggers on `tables` and their version rows; how many
    tables have one (0 on an engine without them: then nothing may be cached)."""
    existing = set(connection.introspection.table_names())
    if VERSION_TABLE not in existing or connection.vendor not in ("postgresql", "sqlite"):
        return 0
    tables = [table for table in tables if table in existing]
    add_rows(connection, tables)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            for table in tables:
                cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')
                cursor.execute(
                    f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()'
                )
        else:
            for table in tables:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = f"{TRIGGER}_{table}_{event.lower()}"
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                    cursor.execute(
                        f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" '
                        f"WHEN {SQLITE_NOT_PAUSED} BEGIN {sqlite_new_token(table)}; END"
                    )
    return len(tables)


@contextmanager
def one_token_for_many_rows(connection):
    """Around a bulk write: on SQLite, a fresh token for every table now and no trigger
    until the block ends, all in one transaction (see above). Elsewhere nothing to do."""
    if connection.vendor != "sqlite":
        yield
        return
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute(SQLITE_PAUSE)
        yield
        with connection.cursor() as cursor:
            cursor.execute(SQLITE_RESUME)
