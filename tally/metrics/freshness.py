"""The data versions: a token per table that changes whenever the table is written, so
that computed figures can be kept in the cache under the tokens of the tables they read
and never outlive their rows.

The database keeps them, in `DataVersion` (one row per table), and changes them itself:
a trigger on every table of the project's apps (a ledger's rows, the organisation tree,
histories, lights, admin-defined metrics, …) writes a fresh random token into its
table's row whenever a statement inserts, updates, deletes or truncates. So no write
path can forget to invalidate: an import, a form, the admin, a bulk update in a
background task, a restore, psql. A figure of one ledger stays cached while another
ledger is written.

- A token is written in the writing transaction: a reader sees the new token exactly
  when it sees the new rows (no window in which old figures are cached under it), and a
  rolled-back write leaves the old one. Random tokens rather than counters, because a
  rollback (or a database restored from a backup) brings a counter back to a value that
  already named other data.
- On PostgreSQL one trigger per table and statement; a table's version row stays locked
  until the writing transaction ends, so writes to the same table are serialised (an
  import's commit holds it for its seconds), writes to different tables are not. On
  SQLite, whose writes are serialised anyway, triggers fire per row, and a bulk write
  pauses them and gives every table a fresh token instead (tally/lib/dataversion.py).
- A model opts out with `figure_data = False` (sign-in records, notifications, import
  progress): what no figure reads need not invalidate them.

Triggers are (re)installed after every `migrate` (SQLite rebuilds a table to alter it,
dropping its triggers), for every table whatever app it belongs to.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from django.apps import apps
from django.core.cache import cache
from django.db import connection

from tally.lib import dataversion
from tally.lib.dataversion import VERSION_TABLE

CACHE_SECONDS = 3600  # a figure is dropped from the cache after this, changed or not


def figure_tables() -> list[str]:
    """The tables whose writes change the data version: every concrete table of the
    project's apps (many-to-many tables included), except models that opt out."""
    tables = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not model.__module__.startswith("tally.") or meta.proxy or not meta.managed:
            continue
        if meta.db_table == VERSION_TABLE or not getattr(model, "figure_data", True):
            continue
        tables.append(meta.db_table)
    return sorted(set(tables))


def install_triggers(using_connection=None) -> int:
    """Create (or re-create) the triggers; returns how many tables have one."""
    return dataversion.install_triggers(using_connection or connection, figure_tables())


def install_after_migrate(sender, using="default", **kwargs) -> None:
    from django.db import connections

    install_triggers(connections[using])


class Versions:
    """The tokens of the figure tables, read once: {table: token}; None where the
    database keeps none (then nothing is cached)."""

    def __init__(self, tokens: dict[str, str] | None):
        self.tokens = tokens
        # By the tables asked for: a report asks for the same few sets dozens of times.
        self._digests: dict[frozenset[str] | None, str] = {}

    def of(self, tables) -> str | None:
        """One version for a value that reads `tables` (None: all of them)."""
        if self.tokens is None:
            return None
        wanted = None if tables is None else frozenset(tables)
        if wanted not in self._digests:
            names = sorted(self.tokens if wanted is None else wanted & self.tokens.keys())
            listed = "|".join(f"{name}={self.tokens[name]}" for name in names)
            self._digests[wanted] = hashlib.sha256(listed.encode()).hexdigest()[:24]
        return self._digests[wanted]


def data_versions() -> Versions:
    """Every table's token, in one query. A database flushed since (`manage.py flush`
    empties the version table too) gets its rows back here, with fresh tokens."""
    from .models import DataVersion

    if connection.vendor not in ("postgresql", "sqlite"):
        return Versions(None)
    tokens = dict(DataVersion.objects.values_list("name", "token"))
    if not tokens:
        dataversion.add_rows(connection, figure_tables())
        tokens = dict(DataVersion.objects.values_list("name", "token"))
    tokens.pop(dataversion.PAUSE_ROW, None)
    return Versions(tokens)


# Quoted names in a query's SQL: its tables (and columns, which match no table).
QUOTED = re.compile(r'"([A-Za-z0-9_]+)"')


def tables_read(queryset) -> frozenset[str]:
    """The tables a queryset's SQL reads, subqueries included: what its value depends on.
    On PostgreSQL and SQLite Django quotes every table name."""
    sql, _ = queryset.query.sql_with_params()
    return frozenset(QUOTED.findall(sql))


def slot_of(parts: tuple, version: str) -> str:
    return "figures:" + ":".join(str(part) for part in (version, connection.alias, *parts))


def remember(parts: tuple, compute: Callable[[], object], version: str | None):
    """The value cached under `parts` for this data version, computed when missing."""
    if version is None:
        return compute()
    slot = slot_of(parts, version)
    found = cache.get(slot, MISSING)
    if found is MISSING:
        found = compute()
        cache.set(slot, found, CACHE_SECONDS)
    return found


def cached(parts: tuple, compute: Callable[[], object], reads=None):
    """For an app's own figures outside the engine (a coverage table): the value cached
    under `parts` (which must name everything it depends on but the data) while the
    tokens of the tables it reads stand: `reads`, the querysets it runs (their tables),
    or every figure table when not given."""
    tables = None
    if reads is not None:
        tables = set().union(*(tables_read(queryset) for queryset in reads))
    return remember(parts, compute, data_versions().of(tables))


def recall_many(items: list[tuple[tuple, str | None]]) -> list:
    """The cached value of each (parts, version), or MISSING, in one cache round trip."""
    slots = [None if version is None else slot_of(parts, version) for parts, version in items]
    found = cache.get_many([slot for slot in slots if slot is not None])
    return [MISSING if slot is None else found.get(slot, MISSING) for slot in slots]


def keep_many(values: dict[tuple[tuple, str | None], object]) -> None:
    kept = {
        slot_of(parts, version): value
        for (parts, version), value in values.items()
        if version is not None
    }
    if kept:
        cache.set_many(kept, CACHE_SECONDS)


MISSING = object()
