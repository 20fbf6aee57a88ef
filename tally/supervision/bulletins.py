"""The weekly "我的这7天" bulletin (每周跟踪晾晒): every department, whether it filed on
time, late or not at all, its tasks' lights this week and last week, and a ranking.

A bulletin is a snapshot: `draft_bulletin` computes it from the filings, the reporting
records and the light history and stores it as JSON; publishing freezes it. Everything
shown afterwards — the public page, the Word file, `manage.py weekly_bulletin` — reads
the snapshot, so later edits never rewrite a past bulletin.

Ranking: filed on time before late before missing; then fewer red tasks, then fewer
yellow ones; equal keys share a rank.
"""

import datetime as dt

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tally.documents.official import OfficialDocument, format_date
from tally.lib.masking import (
    UNMASKED_ID_PATTERN,
    UNMASKED_PHONE_PATTERN,
    mask_id_number,
    mask_phone,
)
from tally.lib.periods import Period, parse_period
from tally.orgs.models import Org, OrgKind

from .documents import chinese_number
from .lights import lights_on
from .models import Bulletin, Obligation, ReportingRecord, ReportState, Task, WeeklyFiling
from .obligations import expected_units, refresh_obligation

LEDGER_KEY = "weekly_filings"
STATE_ORDER = {ReportState.ON_TIME: 0, ReportState.LATE: 1, ReportState.MISSING: 2}
LIGHT_KEYS = ("red", "yellow", "green")


class BulletinError(Exception):
    """A bulletin step that cannot be done; the message is for the user."""


def week_of(text: str) -> Period:
    period = parse_period(text)
    if period.kind != "week":
        raise BulletinError(_("Name a week, like 2023-W27."))
    return period


def previous_week(day: dt.date) -> Period:
    """The ISO week before the one containing `day` (Monday's bulletin is last week's)."""
    year, week, _weekday = (day - dt.timedelta(days=7)).isocalendar()
    return parse_period(f"{year}-W{week:02d}")


def scrubbed(text: str) -> str:
    """Filings are free text: an ID-card or mobile number typed into one never reaches
    a bulletin in clear."""
    text = UNMASKED_ID_PATTERN.sub(lambda m: mask_id_number(m.group()), text or "")
    return UNMASKED_PHONE_PATTERN.sub(lambda m: mask_phone(m.group()), text)


# --- the snapshot ------------------------------------------------------------------------------


def filing_units() -> list[Org]:
    """Who files: the units of the weekly-filing obligations, else every department."""
    units: dict[int, Org] = {}
    for obligation in Obligation.objects.filter(ledger_key=LEDGER_KEY, active=True):
        units.update((org.pk, org) for org in expected_units(obligation))
    if not units:
        departments = Org.objects.filter(kind=OrgKind.DEPARTMENT, active=True)
        units = {org.pk: org for org in departments}
    return sorted(units.values(), key=lambda org: org.path)


def filing_states(units: list[Org], week: Period, today: dt.date) -> dict[int, dict]:
    """{unit pk: {state, submitted_on, done, planned}} for the week."""
    for obligation in Obligation.objects.filter(ledger_key=LEDGER_KEY, active=True):
        refresh_obligation(obligation, today=today, since=week.start)
    records = ReportingRecord.objects.filter(
        obligation__ledger_key=LEDGER_KEY, period=week.label, unit__in=units
    )
    states = {r.unit_id: r.state for r in records}
    filings = {f.unit_id: f for f in WeeklyFiling.objects.filter(week=week.label, unit__in=units)}
    due = week.end
    found = {}
    for unit in units:
        filing = filings.get(unit.pk)
        state = states.get(unit.pk)
        if state is None:  # no obligation: judged against the Sunday of the week
            if filing is not None:
                state = ReportState.ON_TIME if filing.submitted_on <= due else ReportState.LATE
            else:
                state = ReportState.MISSING if today > due else ReportState.PENDING
        found[unit.pk] = {
            "state": state,
            "submitted_on": filing.submitted_on.isoformat() if filing else "",
            "done": scrubbed(filing.done) if filing else "",
            "planned": scrubbed(filing.planned) if filing else "",
        }
    return found


def unit_lights(units: list[Org], day: dt.date) -> tuple[dict, dict]:
    """Per unit: {light: count} of its tasks on `day`, and {task pk: light}."""
    tasks = list(
        Task.objects.exclude(closed_on__lt=day)
        .select_related("lead_unit")
        .only("pk", "number", "name", "lead_unit__path")
    )
    lights = lights_on([t.pk for t in tasks], day)
    counts = {unit.pk: dict.fromkeys(LIGHT_KEYS, 0) for unit in units}
    for task in tasks:
        light = lights.get(task.pk)
        if light is None:
            continue
        for unit in units:
            if task.lead_unit.path.startswith(unit.path):
                counts[unit.pk][light] += 1
    return counts, {"tasks": tasks, "lights": lights}


def light_changes(unit: Org, now: dict, before: dict) -> list[dict]:
    changes = []
    for task in now["tasks"]:
        if not task.lead_unit.path.startswith(unit.path):
            continue
        new, old = now["lights"].get(task.pk), before["lights"].get(task.pk, "")
        if new and new != old:
            changes.append({"number": task.number, "name": task.name, "from": old, "to": new})
    return sorted(changes, key=lambda c: (LIGHT_KEYS.index(c["to"]), c["number"]))


def take_snapshot(week: Period, *, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    units = filing_units()
    states = filing_states(units, week, today)
    this_sunday = min(week.end, today)
    counts_now, now = unit_lights(units, this_sunday)
    counts_before, before = unit_lights(units, week.start - dt.timedelta(days=1))
    rows = []
    for unit in units:
        rows.append(
            {
                "code": unit.code,
                "name": unit.name,
                **states[unit.pk],
                "lights": counts_now[unit.pk],
                "last_week": counts_before[unit.pk],
                "changes": light_changes(unit, now, before),
            }
        )
    rank_rows(rows)
    return {
        "week": week.label,
        "start": week.start.isoformat(),
        "end": week.end.isoformat(),
        "taken_on": today.isoformat(),
        "summary": summarise(rows),
        "units": rows,
    }


def rank_rows(rows: list[dict]) -> None:
    def key(row):
        return (STATE_ORDER.get(row["state"], 3), row["lights"]["red"], row["lights"]["yellow"])

    rows.sort(key=lambda row: (key(row), row["code"]))
    rank, previous = 0, None
    for position, row in enumerate(rows, start=1):
        if key(row) != previous:
            rank, previous = position, key(row)
        row["rank"] = rank


def summarise(rows: list[dict]) -> dict:
    states = [row["state"] for row in rows]
    return {
        "units": len(rows),
        "on_time": states.count(ReportState.ON_TIME),
        "late": states.count(ReportState.LATE),
        "missing": states.count(ReportState.MISSING),
        "red": sum(row["lights"]["red"] for row in rows),
        "turned_red": sum(1 for row in rows for c in row["changes"] if c["to"] == "red"),
    }


# --- drafting and publishing ------------------------------------------------------------------


def draft_bulletin(week: Period, *, today: dt.date | None = None) -> Bulletin:
    """Take the week's snapshot into its draft (created when missing). A published
    bulletin is never redrafted: BulletinError."""
    snapshot = take_snapshot(week, today=today)
    with transaction.atomic():
        bulletin, created = Bulletin.objects.select_for_update().get_or_create(
            week=week.label, defaults={"snapshot": snapshot, "drafted_at": timezone.now()}
        )
        if created:
            return bulletin
        if bulletin.is_published:
            raise BulletinError(
                _("The bulletin of %(week)s is published; it is not redrafted.")
                % {"week": week.label}
            )
        bulletin.snapshot, bulletin.drafted_at = snapshot, timezone.now()
        bulletin.save(update_fields=["snapshot", "drafted_at"])
    return bulletin


def publish_bulletin(bulletin: Bulletin, *, by, note: str = "") -> Bulletin:
    """The office adds its line and publishes: the page goes public, the content is
    frozen as drafted."""
    from .services import require_office

    require_office(by)
    if bulletin.is_published:
        raise BulletinError(_("The bulletin is published already."))
    updated = Bulletin.objects.filter(pk=bulletin.pk, published_at__isnull=True).update(
        note=note.strip(), published_at=timezone.now(), published_by=by
    )
    if not updated:
        raise BulletinError(_("The bulletin is published already."))
    bulletin.refresh_from_db()
    from tally.reports.showcase import invalidate

    transaction.on_commit(invalidate)  # the showcase lists it at once
    return bulletin


def published_bulletins():
    """Published bulletins, newest first: what the public showcase lists. Each has
    `week`, `published_at` and `public_url`."""
    return Bulletin.objects.filter(published_at__isnull=False).order_by("-week")


def public_url(bulletin: Bulletin) -> str:
    return reverse("supervision:bulletin_public", args=[bulletin.week])


def showcase_items(limit: int = 12) -> list:
    """The showcase's section of weekly bulletins (tally.reports.showcase)."""
    from tally.reports.showcase import ShowcaseItem

    return [
        ShowcaseItem(
            title=bulletin_title(b.snapshot),
            url=public_url(b),
            date=timezone.localdate(b.published_at),
            detail=summary_sentence(b.snapshot),
        )
        for b in published_bulletins()[:limit]
    ]


# --- output -----------------------------------------------------------------------------------


STATE_TEXT = {
    ReportState.ON_TIME: "按时报送",
    ReportState.LATE: "迟报",
    ReportState.MISSING: "未报",
    ReportState.PENDING: "待报",
}
LIGHT_TEXT = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "": "—"}


def bulletin_title(snapshot: dict) -> str:
    year, week = snapshot["week"].split("-W")
    return f"“我的这7天”工作晾晒（{year}年第{int(week)}周）"


def bulletin_context(bulletin: Bulletin) -> dict:
    snapshot = bulletin.snapshot
    return {
        "bulletin": bulletin,
        "title": bulletin_title(snapshot),
        "snapshot": snapshot,
        "start": dt.date.fromisoformat(snapshot["start"]),
        "end": dt.date.fromisoformat(snapshot["end"]),
        "state_text": STATE_TEXT,
        "late_units": [u for u in snapshot["units"] if u["state"] == ReportState.LATE],
        "missing_units": [u for u in snapshot["units"] if u["state"] == ReportState.MISSING],
    }


def bulletin_html(bulletin: Bulletin) -> str:
    """A standalone web page of the bulletin (the command's --format html)."""
    return render_to_string("supervision/bulletin_file.html", bulletin_context(bulletin))


def summary_sentence(snapshot: dict) -> str:
    s = snapshot["summary"]
    start, end = dt.date.fromisoformat(snapshot["start"]), dt.date.fromisoformat(snapshot["end"])
    return (
        f"{format_date(start)}至{format_date(end)}，应报送单位{s['units']}个，按时报送{s['on_time']}个，"
        f"迟报{s['late']}个，未报{s['missing']}个；牵头督办事项亮红灯{s['red']}项，"
        f"其中本周新转红灯{s['turned_red']}项。"
    )


def bulletin_document(bulletin: Bulletin, issuer: str = "") -> OfficialDocument:
    snapshot = bulletin.snapshot
    year, week = snapshot["week"].split("-W")
    day = timezone.localdate(bulletin.published_at) if bulletin.published_at else None
    doc = OfficialDocument(
        title=bulletin_title(snapshot),
        number=f"工作晾晒〔{year}〕第{int(week)}期",
        issuer=issuer or Org.objects.get_first_root_node().name,
        date=day or dt.date.fromisoformat(snapshot["taken_on"]),
    )
    doc.paragraph(summary_sentence(snapshot))
    if bulletin.note:
        doc.paragraph(bulletin.note)
    doc.heading("一、报送及亮灯情况", level=1)
    doc.table(
        header=["排名", "单位", "报送", "红灯", "黄灯", "绿灯", "上周红灯"],
        rows=[
            [
                str(u["rank"]),
                u["name"],
                STATE_TEXT.get(u["state"], ""),
                str(u["lights"]["red"]),
                str(u["lights"]["yellow"]),
                str(u["lights"]["green"]),
                str(u["last_week"]["red"]),
            ]
            for u in snapshot["units"]
        ],
    )
    doc.heading("二、各单位本周工作和下周计划", level=1)
    for index, unit in enumerate(snapshot["units"], start=1):
        doc.heading(f"（{chinese_number(index)}）{unit['name']}", level=2)
        if unit["done"]:
            doc.paragraph(f"本周工作：{unit['done']}")
            doc.paragraph(f"下周计划：{unit['planned'] or '无'}")
        else:
            doc.paragraph("本周未报送。")
        for change in unit["changes"]:
            doc.paragraph(
                f"督办事项“{change['name']}”由{LIGHT_TEXT[change['from']]}转为"
                f"{LIGHT_TEXT[change['to']]}。"
            )
    return doc


def bulletin_docx(bulletin: Bulletin) -> bytes:
    return bulletin_document(bulletin).to_bytes()
