from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from tally.ledgers.models import ImportBatch

Status = ImportBatch.Status


class Command(BaseCommand):
    help = _(
        "Discard previews nobody imported within DAYS days and delete their kept files "
        "(committed imports keep theirs). Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timedelta(days=days)
        stale = ImportBatch.objects.filter(
            created_at__lt=cutoff, status__in=[Status.PREVIEW, Status.FAILED, Status.DISCARDED]
        ).exclude(file="")
        count = 0
        for batch in stale.iterator():
            batch.delete_kept_files()
            if batch.status == Status.PREVIEW:
                batch.status = Status.DISCARDED
            batch.save(update_fields=["file", "error_file", "masked_error_file", "status"])
            count += 1
        self.stdout.write(_("%(n)d stale import files deleted.") % {"n": count})
