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
