"""Two members claim the same wish at the same second: exactly one wins, the other is told
the wish is taken, and the database holds one claim.

The threaded test runs the real thing: two threads, each with its own database
connection, released together by a barrier, each calling the service. It needs a
database that several connections share: PostgreSQL, or SQLite in a file
(TALLY_TEST_SQLITE=/tmp/tally-test.sqlite3); an in-memory SQLite test database lives in
one connection and the test is skipped there. The interleaving test runs everywhere: both
claims start from the same version, as two requests that read the wish before either
wrote.
"""

import threading

import pytest
from django.db import connection, connections

from tally.community import services
from tally.community.models import Wish, WishStatus

from .factories import make_wish


def in_memory_sqlite() -> bool:
    name = str(connection.settings_dict["NAME"])
    return connection.vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name)


def claim_in_thread(wish_pk, member, user, barrier, outcomes):
    try:
        wish = Wish.objects.get(pk=wish_pk)  # each thread reads the waiting wish itself
        barrier.wait(timeout=10)
        services.claim_wish(wish, member, by=user)
        outcomes.append(("won", member.pk))
    except services.WishTaken:
        outcomes.append(("taken", member.pk))
    except Exception as error:  # anything else is a failure the test must show
        outcomes.append(("error", repr(error)))
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("in_memory_sqlite()", reason="needs a shared database (file or PostgreSQL)")
@pytest.mark.parametrize("attempt", range(5))
def test_it_lets_exactly_one_of_two_simultaneous_claims_win(world, people, attempt):
    wish = make_wish(world.community_a)
    barrier, outcomes = threading.Barrier(2), []
    claimers = [(people.me, world.users["member"]), (people.neighbour, people.neighbour_user)]
    threads = [
        threading.Thread(target=claim_in_thread, args=(wish.pk, m, u, barrier, outcomes))
        for m, u in claimers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(kind for kind, _who in outcomes) == ["taken", "won"], outcomes
    winner = next(who for kind, who in outcomes if kind == "won")
    stored = Wish.objects.get(pk=wish.pk)
    assert stored.status == WishStatus.CLAIMED
    assert stored.claimer_id == winner
    assert stored.version == 1


def test_it_lets_only_the_first_of_two_claims_from_the_same_version_win(world, people):
    wish = make_wish(world.community_a)
    read_by_me, read_by_neighbour = Wish.objects.get(pk=wish.pk), Wish.objects.get(pk=wish.pk)
    assert read_by_me.version == read_by_neighbour.version == 0
    services.claim_wish(read_by_neighbour, people.neighbour, by=people.neighbour_user)
    with pytest.raises(services.WishTaken):
        services.claim_wish(read_by_me, people.me, by=world.users["member"])
    assert Wish.objects.filter(pk=wish.pk, claimer=people.neighbour, version=1).count() == 1
    assert Wish.objects.filter(claimer=people.me).count() == 0


def test_it_lets_a_unit_and_a_member_race_with_the_same_rule(world, people):
    wish = make_wish(world.community_a)
    read_by_unit, read_by_me = Wish.objects.get(pk=wish.pk), Wish.objects.get(pk=wish.pk)
    services.claim_wish_for_unit(read_by_unit, world.street_a, by=world.users["clerk"])
    with pytest.raises(services.WishTaken):
        services.claim_wish(read_by_me, people.me, by=world.users["member"])
    stored = Wish.objects.get(pk=wish.pk)
    assert (stored.claiming_unit_id, stored.claimer_id) == (world.street_a.pk, None)


def test_it_keeps_a_claim_when_a_stale_record_form_saves_over_it(world, people):
    """An edit of the wish that read it before the claim cannot undo the claim."""
    wish = make_wish(world.community_a)
    stale = Wish.objects.get(pk=wish.pk)
    services.claim_wish(wish, people.me, by=world.users["member"])
    stale.content = "改了内容"
    with pytest.raises(services.WishConflict):
        stale.save()
    assert Wish.objects.get(pk=wish.pk).claimer == people.me
