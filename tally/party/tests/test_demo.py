"""The party demo: the article's figures for 2023H1, a lagging street to chase, the
journey member's three classes, and nothing new on a second run."""

import pytest

from tally.demo import zone as core_demo
from tally.lib.periods import parse_period
from tally.metrics.engine import children_figures, compute_many
from tally.orgs.models import Org
from tally.party import demo
from tally.party.models import (
    Attendance,
    Election,
    LeaderClaim,
    Member,
    MemberHistory,
    Returnee,
    ThemeDay,
    TrainingClass,
    Visit,
)

pytestmark = pytest.mark.django_db
MODELS = (Member, MemberHistory, TrainingClass, Attendance, ThemeDay, Visit, Returnee)


def seed_all():
    ctx = core_demo.DemoContext()
    core_demo.seed(ctx)
    demo.seed(ctx)
    return ctx


def test_it_seeds_the_articles_party_figures():
    seed_all()
    root = Org.objects.get(code="QS")
    keys = [
        "members.count",
        "training.classes",
        "training.person_times",
        "training.two_new.person_times",
        "claims.leaders",
        "claims.commitments",
        "claims.key_works",
        "claims.contact_points",
        "elections.red_property.on_time_rate",
    ]
    figures = {k: r.text for k, r in compute_many(keys, root, parse_period("2023H1")).items()}
    assert 1300 <= int(figures.pop("members.count")) <= 1700
    assert figures == {
        "training.classes": "16",
        "training.person_times": "1520",
        "training.two_new.person_times": "100",
        "claims.leaders": "12",
        "claims.commitments": "19",
        "claims.key_works": "11",
        "claims.contact_points": "11",
        "elections.red_property.on_time_rate": "100.0%",
    }


def test_it_leaves_one_street_lagging_with_members_to_chase():
    seed_all()
    root = Org.objects.get(code="QS")
    coverage = {
        f.org.code: f.value
        for f in children_figures("training.coverage", root, parse_period("2023H1"))
    }
    assert 90 < coverage["QS-NH"] < 93
    assert coverage["QS-DC"] > 98 and coverage["QS-XC"] > 98
    from tally.party.selectors import untrained_members

    lagging = Org.objects.get(code="QS-NH")
    assert untrained_members(lagging, parse_period("2023H1").end).count() == 37


def test_it_links_the_journey_member_with_three_classes():
    ctx = seed_all()
    member = Member.objects.get(user=ctx.users["chenzhiqiang"])
    assert (member.name, member.org.code, member.residence.code) == (
        "陈志强",
        "QS-DC-03",
        "QS-DC-03",
    )
    assert member.attendance.filter(training_class__start_date__year=2023).count() == 3


def test_it_changes_nothing_when_run_twice():
    seed_all()
    before = [model.objects.count() for model in (*MODELS, LeaderClaim, Election)]
    seed_all()
    assert [model.objects.count() for model in (*MODELS, LeaderClaim, Election)] == before
    assert ThemeDay.objects.filter(month__startswith="2023-").count() < 20 * 12
