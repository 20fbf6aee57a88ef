from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
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


class BatchStateError(Exception):
    """The batch is not in a state that allows this action."""


class ImportBatch(models.Model):
    """One uploaded file on its way from the upload to the ledger. The batch moves
    itself from state to state (the methods below); batches.py does the work between."""

    figure_data = False  # no figure reads it (tally.metrics.freshness)

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
    # The size of the file once unpacked (an .xlsx is a zip): what checking it costs.
    unpacked_size = models.PositiveBigIntegerField(_("size unpacked"), default=0)
    # The rows with errors as a workbook, built once when the file was checked (both
    # encrypted at rest): with personal numbers in full, and masked.
    error_file = models.FileField(upload_to="imports/%Y/%m/", max_length=255, blank=True)
    masked_error_file = models.FileField(upload_to="imports/%Y/%m/", max_length=255, blank=True)
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

    RUNNING = (Status.QUEUED, Status.CHECKING, Status.COMMITTING)

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    # --- state transitions ---------------------------------------------------------------

    def claim(self, from_status: str, to_status: str) -> None:
        """Move on only if nobody else did first (a double click, two tabs, two workers)."""
        moved = ImportBatch.objects.filter(pk=self.pk, status=from_status).update(status=to_status)
        if not moved:
            raise BatchStateError(gettext("This import has already been handled."))
        self.status = to_status

    def record_check(self, plan) -> None:
        """The outcome of checking the file: the preview (counts, errors, changes)."""
        self.counts = plan.counts()
        self.errors = plan.stored_errors()
        self.error_count = plan.error_count
        self.skipped = plan.skipped
        self.changes = plan.change_samples()
        self.notes = plan.file_errors + plan.notes
        self.status, self.progress = self.Status.PREVIEW, 100
        self.checked_at = timezone.now()
        self.save()

    def refuse(self, message: str) -> None:
        """The file as a whole is unusable (or lost a race): it is deleted, nothing was
        written, and no preview is left to import."""
        self.delete_kept_files()
        self.status, self.notes, self.progress = self.Status.FAILED, [message], 100
        self.counts, self.errors, self.error_count, self.changes = {}, [], 0, []
        self.undo, self.committed_at = {}, None
        self.checked_at = timezone.now()
        self.save()

    def reopen_after_conflict(self, message: str) -> None:
        """A record changed between the check and the write (a wish claimed meanwhile):
        nothing was written; the clerk checks the file again."""
        self.status, self.progress, self.error_count = self.Status.PREVIEW, 100, 1
        self.notes = [message]
        self.save(update_fields=["status", "progress", "error_count", "notes"])

    def release_after_failure(self) -> None:
        """A bug stopped the write (rolled back): back to the preview, so the clerk is
        not left watching a progress bar that never ends."""
        ImportBatch.objects.filter(pk=self.pk).update(status=self.Status.PREVIEW)
        self.status = self.Status.PREVIEW

    def record_commit(self, undo: dict, counts: dict) -> None:
        self.undo, self.counts = undo, counts
        self.status, self.progress = self.Status.COMMITTED, 100
        self.committed_at = timezone.now()
        self.save()

    def discard(self) -> None:
        self.claim(self.Status.PREVIEW, self.Status.DISCARDED)
        self.delete_kept_files()
        self.save(update_fields=["file", "error_file", "masked_error_file"])

    def delete_kept_files(self) -> None:
        for kept in (self.file, self.error_file, self.masked_error_file):
            if kept:
                kept.delete(save=False)


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
