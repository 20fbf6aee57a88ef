"""Accounts, written by the administrator: create, change, deactivate, reset a password.
The web pages and the `users` ledger both go through these functions.

A new or reset account gets a one-time password: returned once to show the administrator,
stored only as a hash, to be changed at first login. Every change is a security event
(privilege changes also through signals.py, with the before and after values).
"""

from dataclasses import dataclass

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tally.orgs.models import Org

from .events import record_event
from .models import Role, SecurityEvent, User
from .passwords import initial_password

# Roles that see one subtree: without an organisation they would see nothing at all.
ROLES_NEEDING_ORG = (Role.UNIT, Role.MEMBER)
USERNAME_MAX = 150


class AccountError(Exception):
    """An account change that cannot be made; the message is for the administrator."""


@dataclass
class Profile:
    """What the administrator sets on an account."""

    display_name: str
    role: str
    org: Org | None
    phone: str = ""
    can_view_pii: bool = False
    is_active: bool = True


def require_admin(by) -> None:
    if not (by.is_authenticated and by.is_active and by.role == Role.ADMIN):
        raise PermissionDenied


def username_problem(username: str) -> str | None:
    """Why `username` cannot name a new account, or None."""
    if not username:
        return _("Give a user name.")
    if len(username) > USERNAME_MAX:
        return _("A user name has at most %(n)d characters.") % {"n": USERNAME_MAX}
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        return _("A user name has only letters, digits and @ . + - _ (no spaces).")
    if User.objects.filter(username__iexact=username).exists():
        return _("The user name “%(name)s” is taken.") % {"name": username}
    return None


def profile_problem(profile: Profile) -> str | None:
    if profile.role not in Role.values:
        return _("Unknown role.")
    if profile.role in ROLES_NEEDING_ORG and profile.org is None:
        return _("A unit clerk or a party member belongs to an organisation: choose one.")
    if not profile.display_name.strip():
        return _("Give the person's name.")
    return None


@transaction.atomic
def create_account(username: str, profile: Profile, *, by) -> tuple[User, str]:
    """A new account with a one-time password; returns both (the password only here)."""
    require_admin(by)
    username = (username or "").strip()
    problem = username_problem(username) or profile_problem(profile)
    if problem:
        raise AccountError(problem)
    user = User(username=username)
    apply_profile(user, profile)
    password = initial_password()
    user.set_password(password)
    user.must_change_password = True
    user.save()
    record_event(
        SecurityEvent.Kind.ACCOUNT,
        user=user,
        detail=f"created by {by.username}: role {user.role}, org {org_code(user)}",
    )
    return user, password


@transaction.atomic
def update_account(user: User, profile: Profile, *, by) -> User:
    require_admin(by)
    problem = profile_problem(profile)
    if problem:
        raise AccountError(problem)
    if user.pk == by.pk and (profile.role != Role.ADMIN or not profile.is_active):
        raise AccountError(_("You cannot take away your own administrator account."))
    if was_last_admin(user, profile):
        raise AccountError(_("At least one active system administrator must remain."))
    before = (user.display_name, user.phone)
    apply_profile(user, profile)
    user.save()
    if before != (user.display_name, user.phone):  # privileges are recorded by signals.py
        record_event(SecurityEvent.Kind.ACCOUNT, user=user, detail=f"changed by {by.username}")
    return user


def deactivate_account(user: User, *, by) -> User:
    profile = profile_of(user)
    profile.is_active = False
    return update_account(user, profile, by=by)


@transaction.atomic
def reset_password(user: User, *, by) -> str:
    """A new one-time password for `user` (returned once); their sessions end."""
    require_admin(by)
    password = initial_password()
    user.set_password(password)  # a new hash: every session of theirs stops being valid
    user.must_change_password = True
    user._password_event = SecurityEvent.Kind.PASSWORD_RESET
    user.save()
    return password


def profile_of(user: User) -> Profile:
    return Profile(
        display_name=user.display_name,
        role=user.role,
        org=user.org,
        phone=user.phone,
        can_view_pii=user.can_view_pii,
        is_active=user.is_active,
    )


def apply_profile(user: User, profile: Profile) -> None:
    user.display_name = profile.display_name.strip()[:50]
    user.role, user.org = profile.role, profile.org
    user.phone = profile.phone or ""
    user.can_view_pii, user.is_active = profile.can_view_pii, profile.is_active
    # The admin site is the system administrator's, and only theirs.
    user.is_staff = user.is_superuser = profile.role == Role.ADMIN


def was_last_admin(user: User, profile: Profile) -> bool:
    if user.role != Role.ADMIN or (profile.role == Role.ADMIN and profile.is_active):
        return False
    others = User.objects.filter(role=Role.ADMIN, is_active=True).exclude(pk=user.pk)
    return not others.exists()


def org_code(user: User) -> str:
    return user.org.code if user.org_id else "-"
