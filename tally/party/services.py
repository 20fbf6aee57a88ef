"""Writes of the party app that touch several models: keeping members' organisation
history in step with the members (组织关系转接), transfers, and the organisation each
attendance row counts under (the attendee's, on the class's start date) with that date."""

import datetime as dt

from django.db import transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from tally.lib.queries import in_chunks
from tally.orgs.models import Org

from .models import Attendance, Member, MemberHistory, TrainingClass


class TransferError(Exception):
    """A transfer that cannot be made; the message says why, for the clerk."""


def sync_history(member_ids, on_date: dt.date | None = None, *, batch=None, note="") -> int:
    """Make each member's open history row match the member's current organisation and
    category: a member without history gets one from the joining date (or `on_date`),
    a member whose organisation or category changed has the open row closed on
    `on_date` and a new one opened. In bulk: one read, one update, one insert.
    Returns how many rows were opened."""
    on_date = on_date or timezone.localdate()
    members = Member.objects.filter(pk__in=list(member_ids)).values(
        "pk", "org_id", "category", "join_date"
    )
    current = {m["pk"]: m for m in members}
    open_rows = {
        row.member_id: row
        for row in MemberHistory.objects.filter(member_id__in=current, valid_to__isnull=True)
    }
    to_close, to_open = [], []
    for pk, member in current.items():
        row = open_rows.get(pk)
        if row is not None and (row.org_id, row.category) == (member["org_id"], member["category"]):
            continue
        if row is not None:
            to_close.append(row.pk)
        start = on_date if row is not None else (member["join_date"] or on_date)
        if row is not None and start < row.valid_from:
            start = row.valid_from  # never open a row before the one it replaces
        to_open.append(
            MemberHistory(
                member_id=pk,
                org_id=member["org_id"],
                category=member["category"],
                valid_from=start,
                note=note[:200],
                opened_by=batch,
            )
        )
    close_rows(to_close, on_date, batch)
    MemberHistory.objects.bulk_create(to_open, batch_size=1000)
    refresh_attendance_of_members([row.member_id for row in to_open])
    return len(to_open)


def close_rows(pks: list[int], on_date: dt.date, batch=None) -> None:
    if not pks:
        return
    from django.db.models import Case, When

    # A row opened later than on_date (a back-dated change) closes where it opened, so
    # no interval ever ends before it starts.
    MemberHistory.objects.filter(pk__in=pks).update(
        valid_to=Case(When(valid_from__gt=on_date, then=F("valid_from")), default=on_date),
        closed_by=batch,
    )


def undo_history(batch) -> None:
    """Undoing an import of members: drop the history rows it opened and reopen the
    rows it closed (its created members, with their history, are deleted already)."""
    touched = MemberHistory.objects.filter(Q(opened_by=batch) | Q(closed_by=batch))
    members = list(touched.values_list("member_id", flat=True).distinct())
    MemberHistory.objects.filter(opened_by=batch).delete()
    MemberHistory.objects.filter(closed_by=batch).update(valid_to=None, closed_by=None)
    refresh_attendance_of_members(members)


@transaction.atomic
def transfer_member(member: Member, new_org: Org, on_date: dt.date, *, by, note="") -> Member:
    """Move a member to another organisation from `on_date` (组织关系转接): the open
    history row is closed that day and a new one opened. `by` is the user doing it
    (checked by the caller: the sending organisation must be within their scope)."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    check_transfer(member, new_org, on_date)
    open_row = member.history.filter(valid_to__isnull=True).first()
    if open_row is not None:
        close_rows([open_row.pk], on_date)
    who = getattr(by, "username", "")
    MemberHistory.objects.create(
        member=member,
        org=new_org,
        category=member.category,
        valid_from=on_date,
        note=(note or _("Transferred by %(user)s") % {"user": who})[:200],
    )
    # Written without save(): the history is already in step, and a member changed by
    # hand no longer belongs to an import batch (that batch can no longer be undone).
    Member.objects.filter(pk=member.pk).update(org=new_org, batch=None, updated_at=timezone.now())
    # Classes from the transfer date on now count under the receiving organisation.
    refresh_attendance_of_members([member.pk])
    member.refresh_from_db()
    return member


def check_transfer(member: Member, new_org: Org, on_date: dt.date) -> None:
    if new_org.pk == member.org_id:
        raise TransferError(_("The member already belongs to %(org)s.") % {"org": new_org.name})
    if on_date > timezone.localdate():
        raise TransferError(_("The transfer date cannot be in the future."))
    open_row = member.history.filter(valid_to__isnull=True).first()
    if open_row is not None and on_date < open_row.valid_from:
        raise TransferError(
            _("The member has belonged to the current organisation only since %(date)s.")
            % {"date": open_row.valid_from.isoformat()}
        )


# --- the organisation an attendance row counts under ----------------------------------------


def attendee_org_at_class_start():
    """For an attendance row (the outer query): the attendee's organisation on the day its
    class started, from the membership history; when the history begins later (a member
    entered without a joining date), its first row; with no history at all, the member's
    organisation."""
    start = TrainingClass.objects.filter(pk=OuterRef(OuterRef("training_class_id"))).values(
        "start_date"
    )[:1]
    history = MemberHistory.objects.filter(member_id=OuterRef("member_id"))
    in_force = (
        history.annotate(day=Subquery(start))
        .filter(valid_from__lte=F("day"))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=F("day")))
        .order_by("-valid_from", "-pk")
        .values("org_id")[:1]
    )
    first = history.order_by("valid_from", "pk").values("org_id")[:1]
    current = Member.objects.filter(pk=OuterRef("member_id")).values("org_id")[:1]
    return Coalesce(Subquery(in_force), Subquery(first), Subquery(current))


def class_start_of_row():
    """For an attendance row (the outer query): its class's start date."""
    return Subquery(
        TrainingClass.objects.filter(pk=OuterRef("training_class_id")).values("start_date")[:1]
    )


def refresh_attendee_orgs(rows: QuerySet) -> int:
    """Write what these attendance rows copy from their class and their attendee's
    history, in one UPDATE: `attendee_org` (where the attendee was on the class's start
    date) and `class_start` (that date). Called whenever what they depend on changes: a
    new row, a class's start date, a member's history."""
    return rows.update(attendee_org=attendee_org_at_class_start(), class_start=class_start_of_row())


def refresh_attendance_of_members(member_ids) -> None:
    for piece in in_chunks("member_id", member_ids):
        refresh_attendee_orgs(Attendance.objects.filter(piece))


def refresh_attendance_of_classes(class_ids) -> None:
    for piece in in_chunks("training_class_id", class_ids):
        refresh_attendee_orgs(Attendance.objects.filter(piece))
