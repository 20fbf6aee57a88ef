"""Party members and their organisation history.

ID-card and phone numbers are never stored in clear: `id_number_enc` / `phone_enc` hold
SM4-GCM ciphertext, `id_index` / `phone_index` an HMAC-SM3 blind index that finds a
person without revealing the number (GB/T 39786, PIPL). Read them through the
`id_number` and `phone` properties; show them through tally.lib.masking.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tally.core.pii import cipher, id_index
from tally.ledgers.models import LedgerRecord


class Category(models.TextChoices):
    # Stored values are the Chinese words of the Excel column 人员类别 (the contract).
    FULL = "正式党员", _("Full party member")
    PROBATIONARY = "预备党员", _("Probationary party member")
    ACTIVIST = "入党积极分子", _("Activist applying to join")
    MASSES = "群众", _("Not a party member")


# Who counts as a party member (members.count).
MEMBER_CATEGORIES = (Category.FULL, Category.PROBATIONARY)


class Gender(models.TextChoices):
    MALE = "男", _("male")
    FEMALE = "女", _("female")


class Member(LedgerRecord):
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=2, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    id_number_enc = models.BinaryField(_("ID-card number (encrypted)"), editable=False)
    id_index = models.CharField(max_length=64, unique=True, editable=False)
    phone_enc = models.BinaryField(_("phone (encrypted)"), blank=True, default=b"", editable=False)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("party organisation"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    category = models.CharField(
        _("category"), max_length=8, choices=Category.choices, default=Category.FULL
    )
    join_date = models.DateField(_("date of joining"), null=True, blank=True)
    residence = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("residence community"),
        on_delete=models.PROTECT,
        related_name="residents",
        null=True,
        blank=True,
    )
    is_cadre = models.BooleanField(_("cadre"), default=False)
    employer = models.CharField(_("employer"), max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
    )

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        indexes = [models.Index(fields=["org", "category"])]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        return cipher().decrypt(self.id_number_enc)

    @id_number.setter
    def id_number(self, value: str) -> None:
        self.id_number_enc = cipher().encrypt(value)
        self.id_index = id_index(value) if value else ""

    @property
    def phone(self) -> str:
        return cipher().decrypt(self.phone_enc)

    @phone.setter
    def phone(self, value: str) -> None:
        self.phone_enc = cipher().encrypt(value or "")
        self.phone_index = cipher().blind_index(value) if value else ""


class MemberHistory(models.Model):
    """Where a member belonged, in which category, from when to when (组织关系转接).
    A member count at a past date reads this, not the member's current state."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="history")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=8, choices=Category.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)  # exclusive; None = still so
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("membership history")
        verbose_name_plural = _("membership history")
        ordering = ["member", "valid_from"]
        indexes = [models.Index(fields=["valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.member_id} {self.org_id} {self.valid_from}..{self.valid_to or ''}"
