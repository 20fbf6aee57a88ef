"""Report templates, published reports with their frozen versions and evidence, and the
period locks that publishing may set.

A published version holds everything it showed, as it was: the resolved document (text,
figures, charts, tables), the Word and PDF files, and for every figure its value, its
definition in words, its breakdown by child organisation and the rows behind it (their
ids and displayed, masked columns). Later data changes cannot alter it.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

TEMPLATE_KEY_PATTERN = r"^[a-z0-9][a-z0-9-]{0,47}$"


class ReportTemplate(models.Model):
    """Headings, paragraphs with metric placeholders, charts and tables, in the template
    language of language.py. The built-in ones are written from files in builtin/ until
    the office edits them."""

    figure_data = False  # no figure reads it (tally.metrics.freshness)

    key = models.CharField(
        _("key"),
        max_length=48,
        unique=True,
        validators=[
            RegexValidator(
                TEMPLATE_KEY_PATTERN,
                _("Use lower-case letters, digits and “-”, e.g. half-year."),
            )
        ],
    )
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("document title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=200, blank=True)
    source = models.TextField(_("content"), blank=True)
    builtin = models.BooleanField(_("built in"), default=False)
    # A built-in template follows its file until the office saves an edit of its own.
    customised = models.BooleanField(_("edited by the office"), default=False)
    # Optimistic locking: two editors saving the same template do not overwrite each other.
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["-builtin", "name"]

    def __str__(self) -> str:
        return self.name


class Publication(models.Model):
    """A report published for one organisation and one period: its versions follow one
    another, the latest being the one the showcase shows."""

    figure_data = False  # no figure reads it (tally.metrics.freshness)

    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("template"), on_delete=models.PROTECT
    )
    org = models.ForeignKey("orgs.Org", verbose_name=_("organisation"), on_delete=models.PROTECT)
    period = models.CharField(_("period"), max_length=40)
    public = models.BooleanField(_("on the public showcase"), default=True)
    created_at = models.DateTimeField(_("first published"), auto_now_add=True)
    # The number of the latest version. Publishing locks this row and counts on from it,
    # so two offices publishing the same report at once queue up instead of colliding.
    last_number = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("published report")
        verbose_name_plural = _("published reports")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "org", "period"], name="one_publication_per_report"
            )
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.template} · {self.org} · {self.period}"


class PublishedVersion(models.Model):
    figure_data = False  # no figure reads it (tally.metrics.freshness)

    publication = models.ForeignKey(
        Publication,
        verbose_name=_("published report"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("document title"), max_length=200)
    # The resolved document (document.py): the one source of its web page and its JSON.
    document = models.JSONField(_("document"))
    docx = models.BinaryField(_("Word file"))
    pdf = models.BinaryField(_("PDF file"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published"), db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The template's text as it was, so a version can be read against the template.
    template_source = models.TextField(blank=True)

    class Meta:
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        constraints = [
            models.UniqueConstraint(fields=["publication", "number"], name="one_number_per_version")
        ]
        ordering = ["publication", "-number"]

    def __str__(self) -> str:
        return f"{self.publication} v{self.number}"


class FrozenFigure(models.Model):
    """One figure of a published version, as it stood: value, text, definition, the
    breakdown by child organisation, and (ledger metrics) the rows behind it."""

    figure_data = False  # no figure reads it (tally.metrics.freshness)

    version = models.ForeignKey(PublishedVersion, on_delete=models.CASCADE, related_name="figures")
    key = models.CharField(max_length=120)
    period = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    unit = models.CharField(max_length=20, blank=True)
    value = models.JSONField(null=True)
    text = models.CharField(max_length=100)
    definition = models.TextField(blank=True)
    breakdown = models.JSONField(default=list)  # [{"code", "name", "value", "text"}]
    inputs = models.JSONField(default=list)  # derived: [{"key", "period", "label", "text"}]
    ledger = models.CharField(max_length=64, blank=True)  # ledger metrics only
    columns = models.JSONField(default=list)  # the headers of the frozen rows
    row_count = models.PositiveIntegerField(default=0)
    rows_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key", "period"], name="one_frozen_figure_per_version"
            )
        ]
        ordering = ["version", "key", "period"]

    def __str__(self) -> str:
        return f"{self.key}@{self.period}={self.text}"

    @property
    def has_rows(self) -> bool:
        return bool(self.ledger)


class FrozenRow(models.Model):
    """A row behind a frozen figure: the record's id and its displayed (masked) cells."""

    figure_data = False  # no figure reads it (tally.metrics.freshness)

    figure = models.ForeignKey(FrozenFigure, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField()
    record_id = models.BigIntegerField()
    cells = models.JSONField()

    class Meta:
        ordering = ["figure", "position"]
        indexes = [models.Index(fields=["figure", "record_id"])]

    def __str__(self) -> str:
        return f"{self.figure_id}#{self.record_id}"


class PeriodLockQuerySet(models.QuerySet):
    def active(self):
        return self.filter(reopened_at__isnull=True)

    def covering(self, org_path: str, day):
        """The active locks over this organisation (its own or an ancestor's) and day."""
        ancestors = [org_path[:end] for end in range(len(org_path), 0, -1)]
        return self.active().filter(org__path__in=ancestors, start__lte=day, end__gte=day)


class PeriodLock(models.Model):
    """Rows dated in [start, end] of the organisation's subtree may not be imported,
    edited or deleted until the office reopens the period, with a reason (audited)."""

    figure_data = False  # no figure reads it (tally.metrics.freshness)

    org = models.ForeignKey("orgs.Org", verbose_name=_("organisation"), on_delete=models.PROTECT)
    period = models.CharField(_("period"), max_length=40)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    version = models.ForeignKey(
        PublishedVersion,
        verbose_name=_("locked on publishing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    locked_at = models.DateTimeField(_("locked"), auto_now_add=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reopened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopen_reason = models.CharField(_("reason for reopening"), max_length=500, blank=True)

    objects = PeriodLockQuerySet.as_manager()

    class Meta:
        verbose_name = _("period lock")
        verbose_name_plural = _("period locks")
        ordering = ["-locked_at", "-id"]
        indexes = [
            models.Index(
                fields=["start", "end"],
                condition=Q(reopened_at__isnull=True),
                name="active_period_locks",
            )
        ]

    def __str__(self) -> str:
        return f"{self.org} · {self.period}"

    @property
    def is_active(self) -> bool:
        return self.reopened_at is None
