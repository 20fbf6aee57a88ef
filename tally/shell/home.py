"""Home-page panels: each app registers a function that returns a panel for a user
(or None), so every role's home page shows what is due from each module."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    context: dict
    order: int = 100


PanelProvider = Callable[[object], Panel | None]
_PROVIDERS: list[PanelProvider] = []


def register(provider: PanelProvider) -> PanelProvider:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def panels_for(request) -> list[Panel]:
    panels = [p for p in (provider(request) for provider in _PROVIDERS) if p is not None]
    return sorted(panels, key=lambda p: p.order)
