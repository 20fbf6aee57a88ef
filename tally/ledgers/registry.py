"""Where ledgers are found by key: the built-in ones declared in each app's
`ledgers.py` (registered at start-up), then the admin-defined generic ones."""

from django.http import Http404

from .ledger import Ledger

_BUILTIN: dict[str, Ledger] = {}


def register(ledger: Ledger) -> Ledger:
    if ledger.key in _BUILTIN and _BUILTIN[ledger.key] is not ledger:
        raise ValueError(f"ledger key {ledger.key!r} is declared twice")
    _BUILTIN[ledger.key] = ledger
    return ledger


def builtin_ledgers() -> list[Ledger]:
    return list(_BUILTIN.values())


# Generic ledger types an app ships (its data migration creates them): key → column keys.
# Metrics may name them before the database exists; the start-up check reads this.
_SHIPPED_GENERIC: dict[str, frozenset[str]] = {}


def ship_generic_ledger(key: str, column_keys) -> None:
    _SHIPPED_GENERIC[key] = frozenset(column_keys)


def shipped_generic_columns(key: str) -> frozenset[str] | None:
    """The column keys of a shipped generic ledger type; None when no app ships it."""
    return _SHIPPED_GENERIC.get(key)


def get_ledger(key: str) -> Ledger:
    """The ledger with this key; LookupError when there is none."""
    if key in _BUILTIN:
        return _BUILTIN[key]
    from .generic import generic_ledger

    ledger = generic_ledger(key)
    if ledger is None:
        raise LookupError(key)
    return ledger


def get_ledger_or_404(key: str) -> Ledger:
    try:
        return get_ledger(key)
    except LookupError:
        raise Http404(key) from None


def all_ledgers() -> list[Ledger]:
    from .generic import generic_ledgers

    return builtin_ledgers() + generic_ledgers()
