"""Writes of the economy app that touch several models: a stage change recorded by hand
(the project and its history together), and the history rows an undone import leaves."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import InvestmentProject, StageChange


class StageChangeRefused(Exception):
    """The stage change cannot be recorded; the message says why, for the clerk."""


@transaction.atomic
def record_stage_change(project: InvestmentProject, stage: str, day: dt.date, *, by) -> StageChange:
    """The project reached `stage` on `day`: a history row is appended and the project's
    present stage follows. A change recorded by hand takes the project out of its import
    batch (that batch can no longer be undone over it)."""
    project = InvestmentProject.objects.select_for_update().get(pk=project.pk)
    check_stage_change(project, stage, day)
    change = StageChange.objects.create(project=project, stage=stage, date=day, recorded_by=by)
    InvestmentProject.objects.filter(pk=project.pk).update(
        stage=stage, stage_date=day, batch=None, updated_at=timezone.now()
    )
    return change


def check_stage_change(project: InvestmentProject, stage: str, day: dt.date) -> None:
    problem = stage_move_problem(project.stage, project.stage_date, stage, day)
    if problem is None and stage == project.stage:
        problem = _("The project has been at %(stage)s since %(since)s.") % {
            "stage": stage,
            "since": project.stage_date.isoformat(),
        }
    if problem:
        raise StageChangeRefused(problem)


def stage_move_problem(present: str, since: dt.date, stage: str, day: dt.date) -> str | None:
    """Why a project at `present` since `since` cannot be recorded at `stage` on `day`
    (None: it can, or it is the same stage on the same day, which changes nothing)."""
    if day > timezone.localdate():
        return _("The stage date is in the future.")
    if stage == present and day != since:
        return _(
            "The project has been at %(stage)s since %(since)s; the same stage cannot take "
            "another date."
        ) % {"stage": stage, "since": since.isoformat()}
    if stage != present and day < since:
        return _(
            "The stage date %(date)s is before the date of the previous stage "
            "(%(stage)s, %(since)s)."
        ) % {"date": day.isoformat(), "stage": present, "since": since.isoformat()}
    return None


def undo_stage_history(batch) -> None:
    """Undoing an import of investment projects: the history rows it appended go (its
    new projects, with their history, are deleted already; changed ones are restored)."""
    StageChange.objects.filter(batch=batch).delete()
