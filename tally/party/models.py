"""Party building: members and their organisation history, training, theme party days,
visits, returnees, leaders' "three ones" and elections.

ID-card and phone numbers are never stored in clear: `id_number_enc` / `phone_enc` hold
SM4-GCM ciphertext, `id_index` / `phone_index` an HMAC-SM3 blind index that finds a
person without revealing the number (GB/T 39786, PIPL). Read them through the
`id_number` and `phone` properties; show them through tally.lib.masking.

Stored choice values are the Chinese words of the Excel columns (the import contract).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tally.ledgers.models import LedgerRecord
from tally.lib.pii import cipher, id_index


class Category(models.TextChoices):
    FULL = "正式党员", _("Full party member")
    PROBATIONARY = "预备党员", _("Probationary party member")
    ACTIVIST = "入党积极分子", _("Activist applying to join")
    MASSES = "群众", _("Not a party member")


# Who counts as a party member (members.count).
MEMBER_CATEGORIES = (Category.FULL, Category.PROBATIONARY)


class Gender(models.TextChoices):
    MALE = "男", _("male")
    FEMALE = "女", _("female")


class EncryptedIdNumber(models.Model):
    """An ID-card number kept as ciphertext plus a unique blind index."""

    id_number_enc = models.BinaryField(_("ID-card number (encrypted)"), editable=False)
    id_index = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        abstract = True

    @property
    def id_number(self) -> str:
        return cipher().decrypt(self.id_number_enc)

    @id_number.setter
    def id_number(self, value: str) -> None:
        self.id_number_enc = cipher().encrypt(value or "")
        self.id_index = id_index(value) if value else ""


class Member(EncryptedIdNumber, LedgerRecord):
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=2, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
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
    def phone(self) -> str:
        return cipher().decrypt(self.phone_enc)

    @phone.setter
    def phone(self, value: str) -> None:
        self.phone_enc = cipher().encrypt(value or "")
        self.phone_index = cipher().blind_index(value) if value else ""


class MemberHistory(models.Model):
    """Where a member belonged, in which category, from when to when (组织关系转接).
    A member count at a past date reads this, not the member's current state.

    A row is valid on day D when valid_from <= D < valid_to (valid_to None: still so)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="history")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=8, choices=Category.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)  # exclusive; None = still so
    note = models.CharField(max_length=200, blank=True)
    # The import that opened or closed this row, so that undoing it restores the history.
    opened_by = models.ForeignKey(
        "ledgers.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_by = models.ForeignKey(
        "ledgers.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("membership history")
        verbose_name_plural = _("membership history")
        ordering = ["member", "valid_from", "id"]
        indexes = [
            models.Index(fields=["valid_from", "valid_to"]),
            models.Index(fields=["member", "valid_to"]),
            models.Index(fields=["org", "valid_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.org_id} {self.valid_from}..{self.valid_to or ''}"


# --- training -------------------------------------------------------------------------


class TrainingLevel(models.TextChoices):
    DISTRICT = "区级", _("District level")
    STREET = "街道级", _("Street level")
    BRANCH = "支部级", _("Branch level")


class TrainingAudience(models.TextChoices):
    CADRES = "党员干部", _("Party members and cadres")
    TWO_NEW = "两新组织", _("Non-public enterprises and social organisations")
    COMMITTEES = "村社区两委", _("Village and community committees")
    ACTIVISTS = "入党积极分子", _("Activists applying to join")


class TrainingClassManager(models.Manager):
    # An attendance import looks classes up by number and then needs each one's
    # organiser (the owner of the row): fetch it in the same query.
    def get_queryset(self):
        return super().get_queryset().select_related("organizer")


class TrainingClass(LedgerRecord):
    number = models.CharField(_("class number"), max_length=32, unique=True)
    name = models.CharField(_("class name"), max_length=100)
    level = models.CharField(_("level"), max_length=8, choices=TrainingLevel.choices)
    audience = models.CharField(_("audience"), max_length=8, choices=TrainingAudience.choices)
    organizer = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="training_classes",
    )
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    hours = models.DecimalField(
        _("class hours"), max_digits=6, decimal_places=1, null=True, blank=True
    )

    objects = TrainingClassManager()

    class Meta:
        verbose_name = _("training class")
        verbose_name_plural = _("training classes")
        # Subtree + date (bench/metrics_bench.py): a figure for a community reads its own rows.
        indexes = [
            models.Index(fields=["organizer", "start_date"]),
        ]
        ordering = ["-start_date", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Attendance(LedgerRecord):
    """One person at one class: a person-time (人次).

    The row belongs to the class's organiser (who keeps it); for the figures it counts
    under `attendee_org`, the attendee's organisation on the class's start date from the
    membership history, written when the row, the class's date or the member's history
    changes (services.refresh_attendee_orgs; signals.py for records saved one at a time)
    so that a subtree's person-times are one indexed join, not a search of the history
    for every row. The same refresh copies the class's start date into `class_start`, so
    that "trained this year" and person-times by date read the attendance rows alone
    instead of joining each to its class.
    """

    training_class = models.ForeignKey(
        TrainingClass,
        verbose_name=_("training class"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    member = models.ForeignKey(
        Member, verbose_name=_("person"), on_delete=models.CASCADE, related_name="attendance"
    )
    attendee_org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("attendee's organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    class_start = models.DateField(
        null=True, blank=True, editable=False, verbose_name=_("class start date")
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        # Subtree + date (bench/metrics_bench.py): a figure for a community reads its own rows.
        indexes = [
            # The class (its date) first, then the attendee's organisation, both in the
            # index: the city counts from the index alone, a community probes it per class.
            models.Index(fields=["training_class", "attendee_org"]),
            # Whether a member attended a class between two dates (coverage, 轮训覆盖):
            # one probe per member, from the index alone. It replaces (member, class),
            # which served only that probe through a join to the class; other lookups by
            # member use the foreign key's own index.
            models.Index(fields=["member", "class_start"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "member"], name="attendance_once_per_class"
            )
        ]

    def __str__(self) -> str:
        return f"{self.training_class_id}/{self.member_id}"


# --- theme days, visits, returnees ------------------------------------------------------


class ThemeDay(LedgerRecord):
    """A theme party day (主题党日) held by an organisation in a month."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.CharField(_("month"), max_length=7, db_index=True)  # "2023-03"
    held_on = models.DateField(_("date held"))
    theme = models.CharField(_("theme"), max_length=200)

    class Meta:
        verbose_name = _("theme party day")
        verbose_name_plural = _("theme party days")
        constraints = [
            models.UniqueConstraint(fields=["org", "month"], name="theme_day_once_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.month}"


class VisitCategory(models.TextChoices):
    HARDSHIP = "生活困难党员", _("Member in hardship")
    OLD_MEMBER = "老党员", _("Long-standing member")
    RETIRED_CADRE = "老干部", _("Retired cadre")


class Visit(LedgerRecord):
    """A visit with a gift of money to a member in hardship, an old member or a retired
    cadre (走访慰问). The person is named, not identified: the ledger holds no ID."""

    person_name = models.CharField(_("person visited"), max_length=50)
    person_category = models.CharField(
        _("person category"), max_length=8, choices=VisitCategory.choices
    )
    org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("visiting organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    visited_on = models.DateField(_("date of visit"), db_index=True)
    amount = models.DecimalField(
        _("gift (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        # Subtree + date (bench/metrics_bench.py): a figure for a community reads its own rows.
        indexes = [
            models.Index(fields=["org", "visited_on"]),
        ]
        # The ledger's natural key: one record per person, organisation and day.
        constraints = [
            models.UniqueConstraint(
                fields=["person_name", "org", "visited_on"], name="visit_natural_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_name} {self.visited_on}"


class ReturneeCategory(models.TextChoices):
    CAPABLE = "返乡能人", _("Capable person back home")
    MOBILE_MEMBER = "流动党员", _("Mobile party member")


class Returnee(EncryptedIdNumber, LedgerRecord):
    """返乡能人及流动党员: a person kept track of by a village or community."""

    name = models.CharField(_("name"), max_length=50)
    category = models.CharField(_("category"), max_length=8, choices=ReturneeCategory.choices)
    place = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("village or community"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    whereabouts = models.CharField(_("going to or coming from"), max_length=100, blank=True)
    registered_on = models.DateField(_("date registered"), db_index=True)

    class Meta:
        verbose_name = _("returnee or mobile member")
        verbose_name_plural = _("returnees and mobile members")
        # Subtree + date (bench/metrics_bench.py): a figure for a community reads its own rows.
        indexes = [
            models.Index(fields=["place", "registered_on"]),
        ]

    def __str__(self) -> str:
        return self.name


# --- leaders' "three ones", elections --------------------------------------------------


class ClaimKind(models.TextChoices):
    COMMITMENT = "认领承诺", _("Commitment claimed")
    KEY_WORK = "领办重点工作", _("Key work led")
    CONTACT_POINT = "党建联系点", _("Party-building contact point")


class LeaderClaim(LedgerRecord):
    """A leader's "three ones" (三个一): a commitment, a key work led, a contact point.

    The owning organisation is the contact point when one is named, else the uploader's.
    A 领办重点工作 claim is meant to link to a supervised task once the supervision app
    exists; that link will be added there (a nullable foreign key to the task)."""

    leader_name = models.CharField(_("leader"), max_length=50)
    kind = models.CharField(_("kind"), max_length=8, choices=ClaimKind.choices)
    content = models.CharField(_("content"), max_length=500)
    contact_org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("contact-point organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    claimed_on = models.DateField(_("date"), db_index=True)

    class Meta:
        verbose_name = _("leader's claim")
        verbose_name_plural = _("leaders' claims (three ones)")
        # Finds a claim by its natural key (leader, kind, content) without a full scan.
        indexes = [
            models.Index(fields=["leader_name", "kind"]),
            models.Index(fields=["org", "claimed_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.leader_name} {self.kind}"


class Election(LedgerRecord):
    """A party organisation's due election (换届); on time when done by the due date."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("due date"), db_index=True)
    done_date = models.DateField(_("date completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.UniqueConstraint(fields=["org", "due_date"], name="election_once_per_due_date")
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.due_date}"

    @property
    def on_time(self) -> bool:
        return self.done_date is not None and self.done_date <= self.due_date
