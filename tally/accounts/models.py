from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    OFFICE = "office", _("Party committee office")
    UNIT = "unit", _("Unit clerk")
    LEADER = "leader", _("Leader")
    MEMBER = "member", _("Party member")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.UNIT)
    org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    # Seeing unmasked ID-card and phone numbers is a separate grant, never implied by a
    # role; every unmasked view or export is a security event.
    can_view_pii = models.BooleanField(_("may view unmasked personal data"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        # Seen by the post_save receiver, which records the change as a security event.
        self._password_changed = True


class SecurityEvent(models.Model):
    """Append-only record of security-relevant events (等保 2.0 security audit).

    Rows are never updated or deleted through the application; retention is an
    operator's job (see docs/operations.md).
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        CAPTCHA_FAILED = "captcha_failed", _("Login refused: picture characters wrong")
        LOCKOUT = "lockout", _("Account locked")
        LOGOUT = "logout", _("Logout")
        SESSION_EXPIRED = "session_expired", _("Session expired")
        PASSWORD_CHANGE = "password_change", _("Password changed")
        ROLE_CHANGE = "role_change", _("Role or permission changed")
        EXPORT = "export", _("Data export")
        PII_VIEW = "pii_view", _("Unmasked personal data viewed")
        BACKUP = "backup", _("Backup or restore")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    kind = models.CharField(_("event"), max_length=32, choices=Kind.choices, db_index=True)
    success = models.BooleanField(_("result"), default=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("security events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("security events are append-only")
