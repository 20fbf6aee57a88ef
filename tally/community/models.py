"""Livelihood (厚植为民情怀): members registering at their residence community (双报到),
their commitments and participation there, micro-wishes (微心愿), volunteer teams and
their activities.

Stored choice values are the Chinese words of the Excel contract (DOMAIN.md section D);
labels are translated.
"""

import secrets

from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tally.ledgers.declarations import LedgerConflict
from tally.ledgers.models import LedgerRecord
from tally.orgs.models import OrgKind

# The kinds of organisation a member registers at, and a wish is published by.
COMMUNITY_KINDS = (OrgKind.COMMUNITY,)


class Registration(LedgerRecord):
    """双报到: one per member. Registering again (at another community, or later) updates
    this row; the audit log keeps the earlier community and date."""

    member = models.OneToOneField(
        "party.Member",
        verbose_name=_("party member"),
        on_delete=models.CASCADE,
        related_name="registration",
    )
    community = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    registered_on = models.DateField(_("registration date"), db_index=True)

    class Meta:
        verbose_name = _("community registration")
        verbose_name_plural = _("community registrations")
        # Subtree + date (bench/metrics_bench.py): a figure for a community reads its own rows.
        indexes = [
            models.Index(fields=["community", "registered_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.member} @ {self.community}"


class CommitmentStatus(models.TextChoices):
    IN_PROGRESS = "进行中", _("In progress")
    DONE = "已完成", _("Done")


class Commitment(LedgerRecord):
    member = models.ForeignKey(
        "party.Member",
        verbose_name=_("party member"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    community = models.ForeignKey(
        "orgs.Org", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    content = models.CharField(_("commitment"), max_length=200)
    promised_on = models.DateField(_("date promised"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.IN_PROGRESS,
    )
    completed_on = models.DateField(_("date completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        # Subtree + date (bench/metrics_bench.py): a figure for a community reads its own rows.
        indexes = [
            models.Index(fields=["community", "promised_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "community", "content"], name="commitment_natural_key"
            )
        ]

    def __str__(self) -> str:
        return self.content


class Participation(LedgerRecord):
    member = models.ForeignKey(
        "party.Member",
        verbose_name=_("party member"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    community = models.ForeignKey(
        "orgs.Org", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    activity_name = models.CharField(_("activity"), max_length=100)
    date = models.DateField(_("date"), db_index=True)
    # Set when the member joined a volunteer activity from the phone pages; not a column.
    volunteer_activity = models.ForeignKey(
        "community.VolunteerActivity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="participations",
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        # Subtree + date (bench/metrics_bench.py): a figure for a community reads its own rows.
        indexes = [
            models.Index(fields=["community", "date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "community", "activity_name", "date"],
                name="participation_natural_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_name} {self.date}"


class WishStatus(models.TextChoices):
    WAITING = "待认领", _("Waiting to be claimed")
    CLAIMED = "已认领", _("Claimed")
    DONE = "已完成", _("Completed")


class WishError(Exception):
    """A wish step that cannot be done; the message is for the user."""


class WishTaken(WishError):
    """Someone else claimed the wish first."""


class WishConflict(WishError, LedgerConflict):
    """The wish changed since it was read (optimistic locking). As a LedgerConflict, an
    import meeting one writes nothing and tells the clerk to check the file again."""


def wish_photo_name(instance, filename: str) -> str:
    """A random name: the uploader's file name says nothing and guesses nothing."""
    return f"wishes/{secrets.token_hex(16)}"


class Wish(LedgerRecord):
    """A micro-wish (微心愿): published by a community, claimed by a member or a unit,
    fulfilled by the claimer (note and photo), closed by the community.

    Every change of state is a conditional UPDATE on (status, version) — see services.py —
    so two people claiming at the same second cannot both win, on SQLite (no row locks)
    as on PostgreSQL."""

    number = models.CharField(_("wish number"), max_length=40, unique=True)
    community = models.ForeignKey(
        "orgs.Org", verbose_name=_("community"), on_delete=models.PROTECT, related_name="wishes"
    )
    content = models.CharField(_("wish"), max_length=300)
    published_on = models.DateField(_("date published"))
    claimer = models.ForeignKey(
        "party.Member",
        verbose_name=_("claimed by (member)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claimed_wishes",
    )
    claiming_unit = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("claimed by (unit)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claimed_wishes",
    )
    claimed_on = models.DateField(_("date claimed"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=8, choices=WishStatus.choices, default=WishStatus.WAITING
    )
    completed_on = models.DateField(_("date completed"), null=True, blank=True)
    # The workflow beyond the ledger's columns.
    version = models.PositiveIntegerField(default=0, editable=False)
    fulfilled_at = models.DateTimeField(_("fulfilled"), null=True, blank=True, editable=False)
    fulfil_note = models.TextField(_("what was done"), blank=True, editable=False)
    photo = models.FileField(
        _("photo"), upload_to=wish_photo_name, blank=True, max_length=100, editable=False
    )
    photo_type = models.CharField(max_length=20, blank=True, editable=False)
    claimed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    closed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("micro-wish")
        verbose_name_plural = _("micro-wishes")
        indexes = [
            models.Index(fields=["community", "status"]),
            models.Index(fields=["community", "claimed_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.content}"

    def save(self, *args, **kwargs):
        """An edit (a record form) is optimistic too: it writes only over the version it
        read, so it can never undo a claim made meanwhile. The services do the same with
        one conditional UPDATE."""
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            current = Wish.objects.select_for_update().filter(pk=self.pk, version=self.version)
            if not current.exists():
                raise WishConflict(gettext("The wish was changed meanwhile; open it again."))
            self.version += 1
            return super().save(*args, **kwargs)

    @property
    def is_waiting(self) -> bool:
        return self.status == WishStatus.WAITING


@receiver(post_delete, sender=Wish)
def delete_wish_photo(sender, instance: Wish, **kwargs) -> None:
    """A deleted wish takes its photo along, once the deletion is committed."""
    if instance.photo:
        name, storage = instance.photo.name, instance.photo.storage
        transaction.on_commit(lambda: storage.delete(name))


class ServedGroup(models.TextChoices):
    EMPTY_NEST = "空巢老人", _("Elderly living alone")
    LEFT_BEHIND = "留守儿童", _("Left-behind children")
    HARDSHIP = "特困群体", _("People in extreme hardship")
    OTHER = "其他", _("Others")


class VolunteerTeamManager(models.Manager):
    # An activity's import finds its team's organisation (for scoping) without a query
    # per team.
    def get_queryset(self):
        return super().get_queryset().select_related("org")


class VolunteerTeam(LedgerRecord):
    number = models.CharField(_("team number"), max_length=32, unique=True)
    name = models.CharField(_("team name"), max_length=100)
    org = models.ForeignKey(
        "orgs.Org",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="volunteer_teams",
    )
    serves = models.CharField(_("serves"), max_length=8, choices=ServedGroup.choices)
    founded_on = models.DateField(_("date founded"), db_index=True)

    objects = VolunteerTeamManager()

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        # Subtree + date (bench/metrics_bench.py): a figure for a community reads its own rows.
        indexes = [
            models.Index(fields=["org", "founded_on"]),
        ]

    def __str__(self) -> str:
        return self.name


class VolunteerActivity(LedgerRecord):
    team = models.ForeignKey(
        VolunteerTeam,
        verbose_name=_("volunteer team"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    name = models.CharField(_("activity"), max_length=100)
    date = models.DateField(_("date"), db_index=True)
    serves = models.CharField(_("serves"), max_length=8, choices=ServedGroup.choices, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    hours = models.DecimalField(
        _("service hours"), max_digits=8, decimal_places=1, null=True, blank=True
    )

    class Meta:
        verbose_name = _("volunteer activity")
        verbose_name_plural = _("volunteer activities")
        # Subtree + date (bench/metrics_bench.py): a figure for a community reads its own rows.
        indexes = [
            models.Index(fields=["team", "date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "name", "date"], name="volunteer_activity_natural_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.date}"
