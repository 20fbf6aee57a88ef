from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tally.lib.pii import cipher


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    OFFICE = "office", _("Party committee office")
    UNIT = "unit", _("Unit clerk")
    LEADER = "leader", _("Leader")
    MEMBER = "member", _("Party member")


# The words of the 角色 column of the `users` ledger (DOMAIN.md): an Excel contract.
ROLE_WORDS = {
    Role.ADMIN: "系统管理员",
    Role.OFFICE: "党工委办公室",
    Role.UNIT: "单位填报员",
    Role.LEADER: "领导",
    Role.MEMBER: "党员",
}
ROLE_OF_WORD = {word: role for role, word in ROLE_WORDS.items()}


class TallyUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """`manage.py createsuperuser` makes a system administrator over the whole tree
        (no organisation: an administrator acts at the root)."""
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    figure_data = False  # no figure reads it (tally.metrics.freshness)

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
    # A new or reset account has a one-time password: it must be changed at first login.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)
    # The mobile number, encrypted like every phone number (GB/T 39786).
    phone_enc = models.BinaryField(_("phone (encrypted)"), blank=True, default=b"", editable=False)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    objects = TallyUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        # Seen by the post_save receiver, which records the change as a security event
        # and keeps the hash in the password history.
        self._password_changed = True
        self.password_changed_at = timezone.now()

    @property
    def phone(self) -> str:
        return cipher().decrypt(self.phone_enc)

    @phone.setter
    def phone(self, value: str) -> None:
        self.phone_enc = cipher().encrypt(value or "")
        self.phone_index = cipher().blind_index(value) if value else ""

    @property
    def role_word(self) -> str:
        """The role as the `users` ledger writes it (系统管理员, 单位填报员, …)."""
        return ROLE_WORDS.get(self.role, "")


class PasswordHistory(models.Model):
    """The hashes of a user's recent passwords: a new password may not repeat them."""

    figure_data = False  # no figure reads it (tally.metrics.freshness)

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class InitialPasswords(models.Model):
    """The one-time passwords of the accounts a `users` import created, sealed with the
    data key, for the importing administrator to download once; then they are wiped."""

    figure_data = False  # no figure reads it (tally.metrics.freshness)

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    batch_id = models.PositiveBigIntegerField(null=True, blank=True)
    count = models.PositiveIntegerField(default=0)
    sealed = models.BinaryField(default=b"")
    created_at = models.DateTimeField(auto_now_add=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"initial passwords {self.pk} ({self.count})"


class SecurityEvent(models.Model):
    """Append-only record of security-relevant events (等保 2.0 security audit).

    Rows are never updated or deleted through the application; retention is an
    operator's job (see docs/operations.md).
    """

    figure_data = False  # no figure reads it (tally.metrics.freshness)

    class Kind(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        CAPTCHA_FAILED = "captcha_failed", _("Login refused: picture characters wrong")
        LOCKOUT = "lockout", _("Account locked")
        LOGOUT = "logout", _("Logout")
        SESSION_EXPIRED = "session_expired", _("Session expired")
        PASSWORD_CHANGE = "password_change", _("Password changed")
        PASSWORD_RESET = "password_reset", _("Password reset by an administrator")
        ACCOUNT = "account", _("Account created or changed")
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
