from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from tally.ledgers import services
from tally.ledgers.models import ImportBatch
from tally.ledgers.registry import get_ledger

CSV = "活动名称,活动类别,组织编码,活动日期\n大家谈,能力作风建设大家谈,Z-A-2,2023-03-01\n".encode()


def uploaded(user, *, age_days: int) -> ImportBatch:
    batch = services.start_import(get_ledger("events"), "a.csv", CSV, user=user, inline=True)
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - timedelta(days=age_days)
    )
    batch.refresh_from_db()
    return batch


def test_it_discards_old_previews_and_keeps_the_rest(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    clerk = world.users["clerk"]
    old, recent = uploaded(clerk, age_days=10), uploaded(clerk, age_days=1)
    committed = uploaded(clerk, age_days=30)
    ImportBatch.objects.filter(pk=committed.pk).update(status=ImportBatch.Status.COMMITTED)
    old_path = tmp_path / old.file.name

    out = StringIO()
    call_command("cleanup_imports", "--days", "7", stdout=out)

    old.refresh_from_db()
    recent.refresh_from_db()
    committed.refresh_from_db()
    assert old.status == ImportBatch.Status.DISCARDED and not old.file and not old_path.exists()
    assert recent.status == ImportBatch.Status.PREVIEW and recent.file
    assert committed.file and (tmp_path / committed.file.name).exists()
    assert "1" in out.getvalue()
