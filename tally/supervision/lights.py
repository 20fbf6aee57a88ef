"""Lights of tasks and problems, with the administrator's rules.

The rules live in the site-settings store under `light_rules` (LightRules.to_json);
`current_light_rules()` is what every light in Tally uses — the economy module's project
lights too. The arithmetic is tally/lib/lights.py; this module applies it to the records
and keeps the history: a LightChange row whenever a task's light differs from its last.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, CharField, Value, When
from django.utils import timezone

from tally.lib.lights import GREEN, RED, YELLOW, LightRules, lag_points, light_for
from tally.site_settings.store import get_setting, set_setting

from .models import DONE_STATUSES, LightChange, ProblemStatus, Task

LIGHT_RULES_KEY = "light_rules"


def current_light_rules() -> LightRules:
    """The administrator's rules, or DOMAIN.md's defaults."""
    return LightRules.from_json(get_setting(LIGHT_RULES_KEY))


def save_light_rules(rules: LightRules, *, day: dt.date | None = None) -> int:
    """Store new rules and recompute every light with them at once (the change is a
    history row of each task whose light it changes). Returns that number of tasks."""
    with transaction.atomic():
        set_setting(LIGHT_RULES_KEY, rules.to_json())
        changed = refresh_task_lights(Task.objects.all(), day=day, rules=rules)
    return changed


def milestone_points(task: Task) -> list[tuple[dt.date, Decimal]]:
    """The task's milestones as (date, percent); use prefetch_related("milestones")."""
    return [(m.date, m.percent) for m in task.milestones.all()]


def task_light(
    task: Task, day: dt.date, rules: LightRules, *, progress=None, done=None
) -> tuple[str, Decimal]:
    """The light of a task on `day` and its points behind the expected progress. The
    progress and done-ness are the task's own unless given (a light of the past)."""
    progress = task.progress if progress is None else progress
    done = task.status in DONE_STATUSES if done is None else done
    points = milestone_points(task)
    light = light_for(
        progress=progress,
        start=task.start_date,
        deadline=task.deadline,
        day=day,
        done=done,
        milestones=points,
        rules=rules,
    )
    lag = Decimal(0) if done else lag_points(progress, task.start_date, task.deadline, day, points)
    return light, lag


def refresh_task_lights(tasks, *, day: dt.date | None = None, rules: LightRules | None = None):
    """Compute the lights of `tasks` on `day` (default today); store the new ones and
    write a LightChange for each that changed. Returns how many changed.

    A task has at most one history row per day, and none after `day` once this ran:
    the rows from `day` on are replaced by what the light is now."""
    day = day or timezone.localdate()
    rules = rules or current_light_rules()
    selected = tasks
    tasks = list(tasks.prefetch_related("milestones"))
    changes, changed_tasks = [], []
    last = last_lights([t.pk for t in tasks], day)
    for task in tasks:
        light, lag = task_light(task, day, rules)
        previous = last.get(task.pk, "")
        if light != previous:
            changes.append(LightChange(task=task, on=day, light=light, previous=previous, lag=lag))
        if light != task.light or task.light_on != day:
            task.light, task.light_on = light, day
            changed_tasks.append(task)
    with transaction.atomic():
        LightChange.objects.filter(task__in=selected.values("pk"), on__gte=day).delete()
        LightChange.objects.bulk_create(changes, batch_size=1000)
        Task.objects.bulk_update(changed_tasks, ["light", "light_on"], batch_size=1000)
    return len(changes)


def last_lights(task_pks: list[int], before: dt.date) -> dict[int, str]:
    """The light each task had before `before` (its latest change dated earlier)."""
    found: dict[int, str] = {}
    rows = (
        LightChange.objects.filter(task_id__in=task_pks, on__lt=before)
        .order_by("task_id", "on", "id")
        .values_list("task_id", "light")
    )
    for task_id, light in rows.iterator(chunk_size=5000):
        found[task_id] = light  # ordered by date: the last one wins
    return found


def refresh_task_light(task: Task, *, day: dt.date | None = None) -> None:
    refresh_task_lights(Task.objects.filter(pk=task.pk), day=day)
    task.refresh_from_db(fields=["light", "light_on"])


def problems_with_light(problems, *, day: dt.date | None = None, rules=None):
    """Problems annotated with their `light`: a problem has no progress, so it is green
    once rectified or while its deadline is far, yellow within the rules' due-soon days,
    red once overdue. Computed in the query, so lists filter and sort by it."""
    day = day or timezone.localdate()
    rules = rules or current_light_rules()
    soon = day + dt.timedelta(days=rules.due_soon_days)
    return problems.annotate(
        light=Case(
            When(status=ProblemStatus.RECTIFIED, then=Value(GREEN)),
            When(deadline__lt=day, then=Value(RED)),
            When(deadline__lte=soon, then=Value(YELLOW)),
            default=Value(GREEN),
            output_field=CharField(),
        )
    )


def overdue_problems(problems, day: dt.date | None = None):
    day = day or timezone.localdate()
    return problems.exclude(status=ProblemStatus.RECTIFIED).filter(deadline__lt=day)


def lights_on(task_pks: list[int], day: dt.date) -> dict[int, str]:
    """The light each task had on `day`, from the history (no entry: no light yet)."""
    return last_lights(task_pks, day + dt.timedelta(days=1))
