"""Supervision (锤炼能力作风, DOMAIN.md section B): 包联 assignments of cadres to projects and
enterprises, supervised tasks with their progress, lights and history, notices, inspections
and the problems they found, commended models, reporting obligations and the weekly
"我的这7天" filings with their bulletins, and the reminders that chase all of it.

Stored choice values are the Chinese words of the Excel contract; labels are translated.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tally.ledgers.models import LedgerRecord


class ObjectKind(models.TextChoices):
    """What a cadre serves (包联). Projects are named by their 项目编号, enterprises by their
    统一社会信用代码; the economy module links its records to assignments by that code."""

    CITY_PROJECT = "城市建设项目", _("City construction project")
    INDUSTRIAL_PROJECT = "工业项目", _("Industrial project")
    ENTERPRISE = "规上工业企业", _("Industrial enterprise above designated size")


class ServiceAssignment(LedgerRecord):
    """A cadre (a person of the members ledger, by 身份证号) assigned to serve one project
    or enterprise from a start date, until an end date or for as long as it lasts.

    The object is kept as its code text, not as a foreign key: supervision knows nothing
    of the economy module (which imports this one, never the reverse)."""

    cadre = models.ForeignKey(
        "party.Member",
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        related_name="service_assignments",
    )
    object_kind = models.CharField(_("object kind"), max_length=8, choices=ObjectKind.choices)
    object_code = models.CharField(_("object code"), max_length=32)
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        verbose_name = _("service assignment (包联)")
        verbose_name_plural = _("service assignments (包联)")
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "object_kind", "object_code"],
                name="service_assignment_natural_key",
            )
        ]
        indexes = [models.Index(fields=["object_kind", "object_code"])]

    def __str__(self) -> str:
        return f"{self.cadre} → {self.object_kind} {self.object_code}"

    def active_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)
