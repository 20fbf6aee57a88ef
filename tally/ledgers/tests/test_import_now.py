from tally.ledgers import services
from tally.ledgers.models import ImportBatch
from tally.ledgers.registry import get_ledger

CSV = "活动名称,活动类别,组织编码,活动日期\n大家谈,能力作风建设大家谈,Z-A-2,2023-03-01\n".encode()


def test_it_keeps_the_preview_of_a_one_pass_import(world, settings, tmp_path):
    """The command line's import checks and writes in one pass; the batch still says
    what was skipped, like one imported from the web."""
    settings.MEDIA_ROOT = tmp_path
    data = CSV + ",,,\n合计,,,\n".encode()
    batch = services.import_now(get_ledger("events"), "a.csv", data, user=world.users["clerk"])
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert batch.counts["new"] == 1 and batch.counts["skipped"] == 1
    assert [s["line"] for s in batch.skipped] == [4]
    assert batch.notes  # the blank row
