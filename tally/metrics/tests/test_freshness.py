"""The data versions: the database changes a table's token on every write to it, whatever
the path (a save, a bulk update, a delete, raw SQL), and not on a read, a rolled-back
write or a write that no figure reads; figures are cached under the tokens of the tables
they read and never outlive a change to them."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from tally.ledgers.models import GenericRecord, ImportBatch, LedgerType
from tally.lib.periods import parse_period
from tally.metrics import freshness
from tally.metrics.engine import compute, compute_many
from tally.metrics.freshness import data_versions, figure_tables

H1 = parse_period("2023H1")
TALK = "能力作风建设大家谈"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def talk(org, day="2023-03-01", number=[0]):  # noqa: B006 - a counter for unique keys
    number[0] += 1
    return GenericRecord.objects.create(
        ledger_type=LedgerType.objects.get(key="events"),
        org=org,
        date=dt.date.fromisoformat(day),
        data={"name": "大家谈", "category": TALK, "org": org.code, "date": day},
        natural_key=f"talk-{number[0]}",
    )


def test_every_figure_table_has_its_trigger_after_migrate(db):
    tables = figure_tables()
    assert "ledgers_genericrecord" in tables and "orgs_org" in tables
    assert "ledgers_importbatch" not in tables  # opted out: import progress
    assert freshness.VERSION_TABLE not in tables
    assert freshness.install_triggers() == len(tables)  # idempotent


def tokens() -> dict:
    return dict(data_versions().tokens)


def test_a_write_by_any_path_changes_its_tables_token_and_a_read_does_not(world):
    seen = [tokens()]

    def changed(table="ledgers_genericrecord") -> bool:
        seen.append(tokens())
        return seen[-1][table] != seen[-2][table]

    record = talk(world.village_a)
    assert changed()
    list(GenericRecord.objects.all())
    compute("events.talks", world.root, H1)
    assert not changed()
    GenericRecord.objects.filter(pk=record.pk).update(date=dt.date(2023, 4, 1))
    assert changed()
    GenericRecord.objects.bulk_update([record], ["natural_key"])
    assert changed()
    GenericRecord.objects.filter(pk=record.pk).delete()
    assert changed()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE orgs_org SET name = name WHERE id = %s", [world.root.pk])
    assert changed("orgs_org")
    assert not changed("ledgers_genericrecord")  # another table's write


def test_a_figure_stays_cached_while_other_tables_change(world, django_assert_num_queries):
    from tally.party.models import Visit

    talk(world.village_a)
    assert compute("events.talks", world.root, H1).value == 1
    Visit.objects.create(
        org=world.village_a, person_name="甲", person_category="老干部", visited_on="2023-03-01"
    )
    with django_assert_num_queries(1):  # the tokens; the value from the cache
        assert compute_many(["events.talks"], world.root, H1)["events.talks"].value == 1


def test_a_rolled_back_write_and_an_opted_out_table_leave_it(world):
    before = tokens()
    with pytest.raises(RuntimeError), transaction.atomic():
        talk(world.village_a)
        raise RuntimeError
    assert tokens() == before
    office = world.users["office"]
    ImportBatch.objects.create(
        ledger_key="events", user=office, org=world.root, original_name="x.csv"
    )
    office.last_login = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    office.save(update_fields=["last_login"])
    assert tokens() == before


def test_a_figure_is_recalled_until_its_rows_change(world, django_assert_num_queries):
    talk(world.village_a)
    assert compute("events.talks", world.root, H1).value == 1
    with django_assert_num_queries(1):  # the data version; the value from the cache
        assert compute_many(["events.talks"], world.root, H1)["events.talks"].value == 1
    talk(world.village_b)
    assert compute("events.talks", world.root, H1).value == 2
    GenericRecord.objects.filter(org=world.village_b).update(date=dt.date(2022, 1, 1))
    assert compute("events.talks", world.root, H1).value == 1


def test_a_flushed_version_table_gets_its_rows_back_with_fresh_tokens(db):
    from tally.metrics.models import DataVersion

    old = tokens()
    DataVersion.objects.all().delete()
    new = tokens()
    assert set(new) == set(old) == set(figure_tables())
    assert all(new[table] != old[table] for table in new)
    assert tokens() == new


def test_an_import_changes_it_once_and_leaves_the_triggers_on(world):
    from tally.ledgers import services
    from tally.ledgers.registry import get_ledger
    from tally.lib.dataversion import VERSION_TABLE
    from tally.testing.sheets import csv_bytes

    def paused() -> bool:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT paused FROM {VERSION_TABLE} WHERE name = ''")  # noqa: S608
            return bool(cursor.fetchone()[0])

    before = tokens()
    rows = [[f"活动{i}", TALK, world.village_a.code, "2023-03-01"] for i in range(50)]
    data = csv_bytes(["活动名称", "活动类别", "组织编码", "活动日期"], rows)
    batch = services.start_import(
        get_ledger("events"), "x.csv", data, user=world.users["office"], inline=True
    )
    services.request_commit(batch, inline=True)
    assert GenericRecord.objects.filter(ledger_type__key="events").count() == 50
    after_import = tokens()
    assert after_import["ledgers_genericrecord"] != before["ledgers_genericrecord"]
    assert not paused()
    talk(world.village_a)  # a single save afterwards still changes it
    assert tokens()["ledgers_genericrecord"] != after_import["ledgers_genericrecord"]
