import secrets
import string
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
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


class PasswordHistoryValidator:
    """A new password may not be one of the user's last `keep` passwords (等保 2.0)."""

    def __init__(self, keep: int = 5):
        self.keep = keep

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        hashes = [user.password] if user.password else []
        hashes += list(user.password_history.values_list("password", flat=True)[: self.keep])
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self):
        return ngettext(
            "Your password may not be the same as your last password.",
            "Your password may not be one of your last %(n)d passwords.",
            self.keep,
        ) % {"n": self.keep}


# One-time passwords: no look-alike characters (0/O, 1/l/I), every kind present.
INITIAL_KINDS = ("abcdefghjkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "#%+=@!?")
INITIAL_LENGTH = 12


def initial_password() -> str:
    """A random one-time password that meets the rules; shown once, stored hashed."""
    chars = [secrets.choice(kind) for kind in INITIAL_KINDS]
    pool = "".join(INITIAL_KINDS[:3])
    chars += [secrets.choice(pool) for _ in range(INITIAL_LENGTH - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


def password_expired(user) -> bool:
    """Whether the user's password is older than TALLY_PASSWORD_MAX_AGE_DAYS (0: never)."""
    days = settings.PASSWORD_MAX_AGE_DAYS
    if not days or user.password_changed_at is None:
        return False
    return timezone.now() - user.password_changed_at > timedelta(days=days)
