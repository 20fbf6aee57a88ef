"""The data version: a token that changes whenever the data behind the figures changes,
so that computed figures can be kept in the cache under it and never outlive their rows.

The database keeps it, in the one row of `DataVersion`, and changes it itself: a trigger
on every table of the project's apps (a ledger's rows, the organisation tree, histories,
lights, admin-defined metrics, …) writes a fresh random token whenever a statement
inserts, updates, deletes or truncates. So no write path can forget to invalidate: an
import, a form, the admin, a bulk update in a background task, a restore, psql.

- The token is written in the writing transaction: a reader sees the new token exactly
  when it sees the new rows (no window in which old figures are cached under it), and a
  rolled-back write leaves the old one. A random token rather than a counter, because a
  rollback (or a database restored from a backup) brings a counter back to a value that
  already named other data.
- On PostgreSQL one trigger per table and statement; the version row stays locked until
  the writing transaction ends, so writes to figure data are serialised (an import's
  commit holds it for its seconds). On SQLite, whose writes are serialised anyway,
  triggers fire per row, and a bulk write pauses them for one token instead
  (tally/lib/dataversion.py).
- A model opts out with `figure_data = False` (sign-in records, notifications, import
  progress): what no figure reads need not invalidate them.

Triggers are (re)installed after every `migrate` (SQLite rebuilds a table to alter it,
dropping its triggers), for every table whatever app it belongs to.
"""

from __future__ import annotations

import uuid
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


def data_version() -> str | None:
    """The current token (one indexed read), or None where the database keeps none
    (then nothing is cached). A database flushed since (`manage.py flush` empties this
    table too) gets a fresh token here."""
    from .models import DataVersion

    if connection.vendor not in ("postgresql", "sqlite"):
        return None
    token = DataVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    if token is None:
        DataVersion.objects.bulk_create(
            [DataVersion(pk=1, token=uuid.uuid4().hex)], ignore_conflicts=True
        )
        token = DataVersion.objects.filter(pk=1).values_list("token", flat=True).first()
    return token


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


def cached(parts: tuple, compute: Callable[[], object]):
    """For an app's own figures outside the engine (a coverage table): the value cached
    under `parts` (which must name everything it depends on but the data) while the
    data version stands."""
    return remember(parts, compute, data_version())


def recall_many(parts_list: list[tuple], version: str | None) -> list:
    """The cached value of each `parts`, or MISSING, in one cache round trip."""
    if version is None:
        return [MISSING] * len(parts_list)
    slots = [slot_of(parts, version) for parts in parts_list]
    found = cache.get_many(slots)
    return [found.get(slot, MISSING) for slot in slots]


def keep_many(values: dict[tuple, object], version: str | None) -> None:
    if version is not None and values:
        cache.set_many(
            {slot_of(parts, version): value for parts, value in values.items()}, CACHE_SECONDS
        )


MISSING = object()
