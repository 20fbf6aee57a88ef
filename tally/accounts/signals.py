"""Security events for logins, lockouts, logouts, password and role changes."""

from auditlog.context import auditlog_value
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .events import record_event
from .models import PasswordHistory, SecurityEvent, User

PASSWORD_HISTORY_KEPT = 10
# Fields whose change is a change of what the user may do.
PRIVILEGE_FIELDS = ("role", "org_id", "can_view_pii", "is_staff", "is_superuser", "is_active")


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session["login_at"] = timezone.now().timestamp()
    record_event(SecurityEvent.Kind.LOGIN, request=request, user=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    record_event(
        SecurityEvent.Kind.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username", "")),
        success=False,
    )


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record_event(SecurityEvent.Kind.LOGOUT, request=request, user=user)


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    record_event(
        SecurityEvent.Kind.LOCKOUT, request=request, username=username or "", success=False
    )


@receiver(pre_save, sender=User)
def remember_privileges(sender, instance, **kwargs):
    if instance.pk is None:
        instance._old_privileges = None
        return
    old = User.objects.filter(pk=instance.pk).values(*PRIVILEGE_FIELDS).first()
    instance._old_privileges = old


@receiver(post_save, sender=User)
def record_privilege_and_password_changes(sender, instance, created, **kwargs):
    if getattr(instance, "_password_changed", False):
        remember_password(instance)
        if not created:
            kind = getattr(instance, "_password_event", SecurityEvent.Kind.PASSWORD_CHANGE)
            actor = current_actor()
            by = f"by {actor.username}" if actor and actor.pk != instance.pk else ""
            record_event(kind, user=instance, detail=by)
    instance._password_changed = False
    instance._password_event = SecurityEvent.Kind.PASSWORD_CHANGE
    old = getattr(instance, "_old_privileges", None)
    if not old:
        return
    changes = [
        f"{field}: {old[field]} → {getattr(instance, field)}"
        for field in PRIVILEGE_FIELDS
        if old[field] != getattr(instance, field)
    ]
    if changes:
        actor = current_actor()
        by = f" (by {actor.username})" if actor else ""
        record_event(SecurityEvent.Kind.ROLE_CHANGE, user=instance, detail="; ".join(changes) + by)


def current_actor():
    """The user acting in this request, as django-auditlog's middleware recorded it."""
    try:
        actor = auditlog_value.get().get("actor")
    except LookupError:
        return None
    return actor if getattr(actor, "pk", None) else None


def remember_password(user) -> None:
    """Keep the new hash in the history (the validator compares with the last few)."""
    if not user.has_usable_password():
        return
    PasswordHistory.objects.create(user=user, password=user.password)
    stale = user.password_history.values_list("pk", flat=True)[PASSWORD_HISTORY_KEPT:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()
