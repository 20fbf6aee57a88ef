"""The role × URL → status table: each app lists its URLs in `tests/permission_cases.py`
as `CASES`, and one parametrized test (tests/test_permissions.py) walks them
all. A new URL without a row there fails `test_it_has_a_row_for_every_url`."""

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = ("admin", "office", "clerk", "sibling_clerk", "leader", "member", "anonymous")


@dataclass(frozen=True)
class Case:
    url_name: str
    path: Callable  # world -> path
    expect: dict = field(default_factory=dict)  # persona -> status
    method: str = "get"
    data: Callable | None = None  # world -> POST data
    label: str = ""
    # Whether an anonymous 302 must lead to the login page (not so for logout, setlang).
    login_redirect: bool = True

    @property
    def id(self) -> str:
        return self.label or self.url_name


def statuses(default: int, anonymous: int = 302, **persona_status) -> dict:
    """Every persona gets `default` except the ones named; anonymous is redirected to
    the login page unless said otherwise."""
    table = dict.fromkeys(PERSONAS, default)
    table["anonymous"] = anonymous
    table.update(persona_status)
    return table
