"""Keeping members' history in step: a member saved one at a time (the admin, a test)
gets its history row here (imports, forms and the demo write history in bulk through
services.sync_history, and send no signal); when an import of members is undone, the
history rows it opened or closed follow the member rows the framework restored.

An attendance row saved one at a time (a form), or a class whose start date a form moved,
counts under the attendee's organisation on the class's start date and carries that date;
an undone import of classes may have restored their start dates: their attendance rows
then carry those dates and count where the attendees were on them again (imports write
both in bulk: ledgers.py)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from tally.ledgers.models import ImportBatch

from .models import Attendance, Member, TrainingClass
from .services import (
    refresh_attendance_of_classes,
    refresh_attendee_orgs,
    sync_history,
    undo_history,
)


@receiver(post_save, sender=Member, dispatch_uid="party-member-history")
def keep_history_in_step(sender, instance, raw=False, **kwargs):
    if not raw:  # not while loading fixtures
        sync_history([instance.pk])


@receiver(post_save, sender=TrainingClass, dispatch_uid="party-class-attendee-orgs")
def recount_attendees_of_saved_class(sender, instance, raw=False, **kwargs):
    """A class saved one at a time (a form) may have moved its start date: its attendees
    then count where they were on the new date, and their rows carry the new date."""
    if not raw:
        refresh_attendee_orgs(Attendance.objects.filter(training_class_id=instance.pk))


@receiver(post_save, sender=Attendance, dispatch_uid="party-attendance-attendee-org")
def place_saved_attendance(sender, instance, raw=False, **kwargs):
    """An attendance row saved one at a time counts where its attendee was that day."""
    if not raw:
        refresh_attendee_orgs(Attendance.objects.filter(pk=instance.pk))
        instance.refresh_from_db(fields=["attendee_org", "class_start"])


@receiver(post_save, sender=ImportBatch, dispatch_uid="party-undo-member-history")
def restore_history_on_undo(sender, instance, update_fields=None, **kwargs):
    if instance.ledger_key != "members" or instance.status != ImportBatch.Status.UNDONE:
        return
    if update_fields is not None and "status" not in update_fields:
        return
    undo_history(instance)


@receiver(post_save, sender=ImportBatch, dispatch_uid="party-undo-class-dates")
def recount_attendance_on_undo(sender, instance, update_fields=None, **kwargs):
    if instance.ledger_key != "training_classes" or instance.status != ImportBatch.Status.UNDONE:
        return
    if update_fields is not None and "status" not in update_fields:
        return
    changed = [snapshot["pk"] for snapshot in (instance.undo or {}).get("changed", [])]
    refresh_attendance_of_classes(changed)
