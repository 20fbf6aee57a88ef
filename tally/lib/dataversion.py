"""The database side of the data version (tally/metrics/freshness.py keeps the figures
under it): the triggers that give the version row a fresh token whenever a statement
writes to a table of figure data, and one token for a bulk write instead of one per row.

On PostgreSQL a trigger fires once per statement, so a COPY of 100,000 rows changes the
token once. SQLite's triggers fire per row, which made an import of 100,000 rows take
1.8 times as long (bench: 2.6 s → 4.6 s); a bulk write (an import's commit, an undo)
therefore sets the token once and pauses the triggers for the rest of its transaction.
Pausing is safe there because SQLite lets one connection write at a time: no other
write can happen while the pause lasts, and a rollback undoes the pause with the rows.
"""

from contextlib import contextmanager

from django.db import transaction

VERSION_TABLE = "metrics_dataversion"
TRIGGER = "tally_data_version"

# Fixed names only in these statements: the project's own tables, never input.
PG_NEW_TOKEN = f"UPDATE {VERSION_TABLE} SET token = md5(random()::text || clock_timestamp()::text) WHERE id = 1"  # noqa: E501, S608
SQLITE_NEW_TOKEN = f"UPDATE {VERSION_TABLE} SET token = lower(hex(randomblob(8))) WHERE id = 1"  # noqa: S608
SQLITE_NOT_PAUSED = f"(SELECT paused FROM {VERSION_TABLE} WHERE id = 1) = 0"  # noqa: S608
SQLITE_PAUSE = (
    f"UPDATE {VERSION_TABLE} SET paused = 1, token = lower(hex(randomblob(8))) WHERE id = 1"  # noqa: S608
)
SQLITE_RESUME = f"UPDATE {VERSION_TABLE} SET paused = 0 WHERE id = 1"  # noqa: S608
PG_FUNCTION = (
    f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN {PG_NEW_TOKEN}; RETURN NULL; END $$"
)


def install_triggers(connection, tables: list[str]) -> int:
    """Create (or re-create) the triggers on `tables`; how many tables have one (0 on an
    engine without them: then nothing may be cached)."""
    existing = set(connection.introspection.table_names())
    if VERSION_TABLE not in existing:
        return 0
    tables = [table for table in tables if table in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            for table in tables:
                cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')
                cursor.execute(
                    f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()'
                )
        elif connection.vendor == "sqlite":
            for table in tables:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = f"{TRIGGER}_{table}_{event.lower()}"
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                    cursor.execute(
                        f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" '
                        f"WHEN {SQLITE_NOT_PAUSED} BEGIN {SQLITE_NEW_TOKEN}; END"
                    )
        else:
            return 0
    return len(tables)


@contextmanager
def one_token_for_many_rows(connection):
    """Around a bulk write: on SQLite, a fresh token now and no trigger until the block
    ends, all in one transaction (see above). Elsewhere nothing to do."""
    if connection.vendor != "sqlite":
        yield
        return
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute(SQLITE_PAUSE)
        yield
        with connection.cursor() as cursor:
            cursor.execute(SQLITE_RESUME)
