"""The public showcase: the published reports and what other modules publish beside them
(the supervision module's weekly bulletins), for anyone, without a login.

Other modules add a section with `register_section(title, items, stamp=…)`, where
`items()` returns the published things as ShowcaseItem (title, URL, date), newest first,
and `stamp()` a short text that changes whenever they publish or withdraw one (the time of
the latest publication, say): it is part of the cache key, so the module need not call
`invalidate()` itself (it may). Their pages must be as public-safe as these: published
content only, no personal data.

Pages are cached; the cache key carries a generation token kept in the database, so that
publishing in one server process clears the cache of every process.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache

from tally.site_settings.store import get_setting, set_setting

GENERATION = "showcase_generation"
TIMEOUT = 3600  # seconds; publishing clears it earlier


@dataclass(frozen=True)
class ShowcaseItem:
    title: str
    url: str
    date: dt.date | None = None
    detail: str = ""


@dataclass(frozen=True)
class Section:
    title: object  # a (lazy) string
    items: Callable[[], list[ShowcaseItem]]
    order: int = 100
    stamp: Callable[[], str] | None = None


_SECTIONS: list[Section] = []


def register_section(
    title,
    items: Callable[[], list[ShowcaseItem]],
    *,
    order: int = 100,
    stamp: Callable[[], str] | None = None,
):
    section = Section(title, items, order, stamp)
    if all(existing.items is not items for existing in _SECTIONS):
        _SECTIONS.append(section)
        _SECTIONS.sort(key=lambda s: s.order)
    return section


def sections() -> list[Section]:
    return list(_SECTIONS)


# The generation as this process last read it, kept RECHECK_SECONDS in the process's
# cache: a cached page then costs no query (bench/throughput_bench.py: that query was
# half of its time). Another process's publication shows within RECHECK_SECONDS, this
# process's at once; sections' stamps are still read on every request.
RECHECK_SECONDS = 1
GENERATION_SLOT = "showcase:generation"


def generation() -> str:
    found = cache.get(GENERATION_SLOT)
    if found is None:
        found = get_setting(GENERATION, "0")
        cache.set(GENERATION_SLOT, found, RECHECK_SECONDS)
    return found


def invalidate() -> None:
    """Every cached showcase page is stale from now on. A fresh random token rather than
    a counter: a database restored from a backup cannot bring back an old generation."""
    set_setting(GENERATION, uuid.uuid4().hex)
    cache.delete(GENERATION_SLOT)


def cached_page(key: str, render: Callable[[], tuple[bytes, str]]) -> tuple[bytes, str]:
    """(content, content type) of a page, from the cache when this generation has it."""
    stamps = [str(section.stamp()) for section in _SECTIONS if section.stamp is not None]
    slot = f"showcase:{generation()}:{'|'.join(stamps)}:{key}"
    found = cache.get(slot)
    if found is None:
        found = render()
        cache.set(slot, found, TIMEOUT)
    return found
