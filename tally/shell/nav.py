"""Navigation: each app registers its entries in its AppConfig.ready(), so the shell
never needs to know which modules exist."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset
    icon: str = "circle"
    order: int = 100


_ITEMS: list[NavItem] = []


def register(item: NavItem) -> None:
    if item not in _ITEMS:
        _ITEMS.append(item)
        _ITEMS.sort(key=lambda i: i.order)


def items_for(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    entries = []
    for item in _ITEMS:
        if user.role not in item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = request.path == url or (url != "/" and request.path.startswith(url))
        entries.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
    return entries
