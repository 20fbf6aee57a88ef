from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerRecord(models.Model):
    """Base of every ledger model: which import batch last wrote the row (None after an
    edit in a form), so that a batch can be undone only while nothing else touched it."""

    batch = models.ForeignKey(
        "ledgers.ImportBatch",
        verbose_name=_("import batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be checked")
        CHECKING = "checking", _("Checking")
        PREVIEW = "preview", _("Checked, not yet imported")
        COMMITTING = "committing", _("Importing")
        COMMITTED = "committed", _("Imported")
        FAILED = "failed", _("Refused")
        UNDONE = "undone", _("Undone")
        DISCARDED = "discarded", _("Discarded")

    ledger_key = models.CharField(_("ledger"), max_length=64, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name=_("organisation"), null=True, on_delete=models.PROTECT
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    committed_at = models.DateTimeField(_("imported"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    progress_text = models.CharField(max_length=200, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    skipped = models.JSONField(default=list, blank=True)
    changes = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    undo = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.ledger_key} #{self.pk} {self.original_name}"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.COMMITTING)


class LedgerType(models.Model):
    """An admin-defined ledger: a name and columns, records stored as JSON. It gets the
    same template, import, export, list and metrics as a built-in ledger."""

    key = models.SlugField(
        _("key"),
        max_length=64,
        unique=True,
        help_text=_("Lower-case letters, digits and underscores, e.g. double_ten_stars."),
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    columns = models.JSONField(_("columns"), default=list)
    natural_key = models.JSONField(_("natural key"), default=list)
    org_column = models.CharField(_("organisation column"), max_length=64)
    date_column = models.CharField(_("date column"), max_length=64, blank=True)
    active = models.BooleanField(_("active"), default=True)
    builtin = models.BooleanField(_("shipped with Tally"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ledger type")
        verbose_name_plural = _("ledger types")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name


class GenericRecord(LedgerRecord):
    ledger_type = models.ForeignKey(LedgerType, on_delete=models.PROTECT, related_name="records")
    org = models.ForeignKey("orgs.Org", verbose_name=_("organisation"), on_delete=models.PROTECT)
    # The ledger's date column, copied out of `data` so that periods filter on an index.
    date = models.DateField(_("date"), null=True, blank=True, db_index=True)
    data = models.JSONField(_("data"), default=dict)
    natural_key = models.CharField(max_length=500)
    # The text of every cell, for search: JSON stored by SQLite escapes Chinese.
    search_text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("record")
        verbose_name_plural = _("records")
        constraints = [
            models.UniqueConstraint(
                fields=["ledger_type", "natural_key"], name="generic_record_natural_key"
            )
        ]
        indexes = [models.Index(fields=["ledger_type", "date"])]

    def __str__(self) -> str:
        return f"{self.ledger_type.key}:{self.natural_key}"
