"""Metrics an administrator defines in the UI over a generic ledger (a new campaign's
"承诺事项数"): no developer involved, and they behave like the built-in ones."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import definitions as d


class DateMode(models.TextChoices):
    FLOW = d.FLOW, _("dated inside the period")
    TO_DATE = d.TO_DATE, _("dated on or before the period's end")
    ANY = d.ANY_TIME, _("any date")


class Aggregate(models.TextChoices):
    COUNT = d.COUNT, _("number of rows")
    SUM = d.SUM, _("sum of a column")
    DISTINCT = d.DISTINCT, _("number of distinct values of a column")


class MetricDefinitionQuerySet(models.QuerySet):
    def usable(self):
        """Active definitions over an active ledger type."""
        return self.filter(active=True, ledger_type__active=True).select_related("ledger_type")


class MetricDefinition(models.Model):
    key = models.CharField(
        _("key"),
        max_length=64,
        unique=True,
        help_text=_(
            "Lower-case letters, digits, '_' and at least one dot, e.g. double_ten.commitments."
        ),
    )
    label = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=16, help_text=_("e.g. 个, 人, 次, 万元"))
    description = models.TextField(_("definition in plain words"), blank=True)
    ledger_type = models.ForeignKey(
        "ledgers.LedgerType",
        verbose_name=_("ledger"),
        on_delete=models.PROTECT,
        related_name="metric_definitions",
    )
    aggregate = models.CharField(
        _("figure"), max_length=16, choices=Aggregate.choices, default=Aggregate.COUNT
    )
    field = models.CharField(
        _("column"),
        max_length=64,
        blank=True,
        help_text=_("The column summed or counted distinct (its key)."),
    )
    # {column key: value as stored in the records' JSON}; every pair must match.
    filters = models.JSONField(_("conditions"), default=dict, blank=True)
    date_mode = models.CharField(
        _("dates"), max_length=16, choices=DateMode.choices, default=DateMode.FLOW
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MetricDefinitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("metric definition")
        verbose_name_plural = _("metric definitions")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} {self.label}"

    def as_metric(self) -> d.LedgerMetric:
        """The declaration the engine computes, as if an app had registered it."""
        ledger_key = self.ledger_type.key
        where = Q(**{f"data__{key}": value for key, value in (self.filters or {}).items()})
        return d.LedgerMetric(
            self.key,
            self.label,
            self.unit,
            self.description,
            ledger=ledger_key,
            aggregate=self.aggregate,
            field=f"data__{self.field}" if self.aggregate != d.COUNT else None,
            where=where if self.filters else None,
            # The record's `date` holds the ledger's date column.
            date="date",
            mode=self.date_mode,
            org_field="org",
        )


class DataVersion(models.Model):
    """A table's token, which the database changes on every write to the table
    (freshness.py, tally/lib/dataversion.py): computed figures are cached under the
    tokens of the tables they read. The row named "" holds SQLite's pause."""

    figure_data = False  # its own writes are the invalidation, not data

    name = models.CharField(max_length=100, unique=True, default="")
    token = models.CharField(max_length=64)
    # SQLite only: set by a bulk write for its own transaction (tally/lib/dataversion.py).
    paused = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return self.token
