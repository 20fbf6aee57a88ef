"""Publishing in every kind of transaction: on its own (a snapshot transaction of its
own), inside a caller's transaction that has already run queries (PostgreSQL refuses to
change the isolation there, so publishing must not try), and two publishers of the same
report at once (they queue up on the publication row and get versions 1 and 2).

The threaded test needs a database that several connections share: PostgreSQL, or
SQLite in a file (TALLY_TEST_SQLITE=…); it is skipped on an in-memory SQLite database."""

import threading

import pytest
from django.db import connection, connections, transaction

from tally.orgs.models import Org
from tally.reports.models import Publication, PublishedVersion, ReportTemplate

from .test_publishing import SOURCE, publish


def in_memory_sqlite() -> bool:
    name = str(connection.settings_dict["NAME"])
    return connection.vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name)


def numbers(template) -> list[int]:
    versions = PublishedVersion.objects.filter(publication__template=template)
    return sorted(versions.values_list("number", flat=True))


@pytest.mark.django_db(transaction=True)
def test_it_publishes_in_a_transaction_of_its_own_and_numbers_the_versions(
    world, make_template, talks
):
    template = make_template(SOURCE, key="talks")
    first, second = publish(template, world), publish(template, world)
    assert (first.number, second.number) == (1, 2)
    assert Publication.objects.get(template=template).last_number == 2


@pytest.mark.django_db(transaction=True)
def test_it_publishes_inside_a_callers_transaction_that_has_run_queries(
    world, make_template, talks
):
    """Autocommit off and a query run: the publishing block is then a savepoint of the
    caller's transaction, where SET TRANSACTION would be refused."""
    template = make_template(SOURCE, key="talks")
    transaction.set_autocommit(False)
    try:
        assert Org.objects.filter(pk=world.root.pk).exists()
        version = publish(template, world)
        transaction.commit()
    finally:
        transaction.set_autocommit(True)
    assert version.number == 1
    assert PublishedVersion.objects.get(pk=version.pk).figures.filter(key="events.talks").exists()


def test_it_publishes_inside_an_atomic_block_that_has_run_queries(world, make_template, talks):
    template = make_template(SOURCE, key="talks")
    with transaction.atomic():
        assert ReportTemplate.objects.filter(pk=template.pk).exists()
        assert publish(template, world).number == 1
    assert numbers(template) == [1]


def publish_in_thread(template_pk, world, barrier, outcomes):
    try:
        template = ReportTemplate.objects.get(pk=template_pk)
        barrier.wait(timeout=10)
        outcomes.append(("published", publish(template, world).number))
    except Exception as error:  # anything else is a failure the test must show
        outcomes.append(("error", repr(error)))
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("in_memory_sqlite()", reason="needs a shared database (file or PostgreSQL)")
def test_two_simultaneous_publishers_get_versions_one_and_two(world, make_template, talks):
    template = make_template(SOURCE, key="talks")
    publish(template, world)  # the publication row exists: both threads lock the same one
    barrier, outcomes = threading.Barrier(2), []
    threads = [
        threading.Thread(target=publish_in_thread, args=(template.pk, world, barrier, outcomes))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == [("published", 2), ("published", 3)], outcomes
    assert numbers(template) == [1, 2, 3]
    assert Publication.objects.get(template=template).last_number == 3
