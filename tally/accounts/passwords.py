import string

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

CLASSES = (
    set(string.ascii_lowercase),
    set(string.ascii_uppercase),
    set(string.digits),
)


def character_classes(password: str) -> int:
    found = sum(1 for cls in CLASSES if any(c in cls for c in password))
    has_symbol = any(not c.isalnum() for c in password)
    return found + int(has_symbol)


class CharacterClassValidator:
    """At least `classes` of: lower-case letters, capitals, digits, symbols (等保 2.0)."""

    def __init__(self, classes: int = 3):
        self.classes = classes

    def validate(self, password, user=None):
        if character_classes(password) < self.classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return ngettext(
            "Your password must mix at least %(n)d kind of character "
            "(lower-case letters, capitals, digits, symbols).",
            "Your password must mix at least %(n)d kinds of characters "
            "(lower-case letters, capitals, digits, symbols).",
            self.classes,
        ) % {"n": self.classes}
