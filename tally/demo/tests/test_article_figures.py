"""The demo zone reproduces the article (seed-article.zh.txt; DOMAIN.md's metric table)
figure for figure: every metric that exists, computed for the zone and 2023H1 from the
demo's ledger rows, equals the article's. A metric with a key of the table joins this
test the day it is registered, and is held to the article as soon as the app that keeps
its ledger ships demo data (a `demo` module)."""

import importlib.util
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from tally.lib.periods import parse_period
from tally.metrics import registry
from tally.metrics.definitions import PERCENT, POINTS
from tally.metrics.engine import compute_many
from tally.orgs.models import Org

pytestmark = pytest.mark.django_db

# DOMAIN.md's last column ("30多", "100余" and "2000余万" are given as 30, 100, 2000).
ARTICLE = {
    "training.classes": 16,
    "training.person_times": 1520,
    "training.two_new.person_times": 100,
    "claims.leaders": 12,
    "claims.commitments": 19,
    "claims.key_works": 11,
    "claims.contact_points": 11,
    "events.talks": 9,
    "publicity.briefings": 19,
    "publicity.articles": 2722,
    "service.city_projects": 21,
    "service.industrial_projects": 103,
    "service.enterprises": 110,
    "inspections.style": 5,
    "inspections.onsite": 4,
    "inspections.onsite_units": 8,
    "inspections.implementation": 2,
    "experiences.count": 14,
    "problems.found": 21,
    "tasks.listed": 44,
    "notices.listed": 7,
    "notices.special": 2,
    "models.commended": 8,
    "investment.library.count": 121,
    "investment.library.amount": "560.83",
    "investment.signed.count": 51,
    "investment.signed.amount": "303.98",
    "investment.key_negotiation.count": 25,
    "investment.key_negotiation.amount": "157.05",
    "investment.negotiating.count": 78,
    "investment.negotiating.amount": "260.63",
    "investment.tracking.count": 34,
    "investment.tracking.amount": "171.34",
    "services.instant_items": 566,
    "projects.industrial.count": 174,
    "projects.industrial.investment": "615.04",
    "projects.government.count": 31,
    "support.foreign_trade.projects": 83,
    "support.foreign_trade.granted": 151,
    "support.mid_long_loans.batches": 2,
    "support.mid_long_loans.projects": 37,
    "support.interest_subsidy.enterprises": 36,
    "support.interest_subsidy.applied": "324.99",
    "support.bridge_loan.granted": 2300,
    "support.innovation_vouchers.enterprises": 13,
    "support.sci_tech_loans.enterprises": 30,
    "support.sci_tech_loans.granted": 6100,
    "support.subsidies.enterprises": 30,
    "support.subsidies.granted": 2000,
    "enterprises.tech_upgrade": 100,
    "enterprises.upgraded": 46,
    "enterprises.hightech_reserve": 100,
    "enterprises.tech_sme.new": 180,
    "tech.contracts.amount": 14,
    "livelihood.projects.count": 70,
    "livelihood.projects.investment": "318.29",
    "livelihood.projects.categories": 7,
    "env.facilities.repaired": 51,
    "env.facilities.dredged": 12,
    "env.facilities.new": 17,
    "env.facilities.rate": 100,
    "community.registered": 1355,
    "community.commitments": 2156,
    "community.participations": 1627,
    "wishes.units": 36,
    "wishes.members": 407,
    "wishes.claimed": 434,
    "elections.red_property.count": 39,
    "elections.red_property.on_time_rate": 100,
    "volunteer.teams": 125,
    "volunteer.activities": 2200,
    "fiscal.revenue.yoy": "129.2",
    "fiscal.tax.yoy": 148,
    "fiscal.tax.share": "96.6",
    "fiscal.revenue.completion": "74.3",
    "fiscal.revenue.ahead": "24.3",
    "fiscal.revenue.double_half": True,
}
# The figures of the modules that exist today: they must be among those compared.
EXISTING = {
    "training.classes",
    "training.person_times",
    "training.two_new.person_times",
    "claims.leaders",
    "claims.commitments",
    "claims.key_works",
    "claims.contact_points",
    "events.talks",
    "publicity.briefings",
    "publicity.articles",
    "services.instant_items",
    "projects.government.count",
    "tech.contracts.amount",
    "env.facilities.repaired",
    "env.facilities.dredged",
    "env.facilities.new",
    "env.facilities.rate",
    "community.registered",
    "community.commitments",
    "community.participations",
    "wishes.units",
    "wishes.members",
    "wishes.claimed",
    "elections.red_property.count",
    "elections.red_property.on_time_rate",
    "volunteer.teams",
    "volunteer.activities",
}


def as_written(value, unit: str):
    """The value as the article gives it: rates and points to one decimal, other numbers
    to two; yes / no as it is."""
    if isinstance(value, bool) or value is None:
        return value
    places = Decimal("0.1") if unit in (PERCENT, POINTS) else Decimal("0.01")
    return Decimal(value).quantize(places, rounding=ROUND_HALF_UP)


def ledger_metric(metric, period):
    """A derived metric's first ledger metric (a rate is made of its numerator's rows)."""
    seen = set()
    while metric.is_derived and metric.key not in seen and metric.inputs(period):
        seen.add(metric.key)
        metric = registry.get(metric.inputs(period)[0].key)
    return None if metric.is_derived else metric


def has_demo(metric, period) -> bool:
    """Whether the app keeping the metric's ledger ships demo data."""
    from tally.ledgers.registry import get_ledger

    counted = ledger_metric(metric, period)
    if counted is None:
        return True
    model = get_ledger(counted.ledger).model
    app = apps.get_app_config(model._meta.app_label).name
    if app == "tally.ledgers":  # the ready-made generic ledgers' demo
        app = "tally.readymade"
    return importlib.util.find_spec(f"{app}.demo") is not None


def test_it_reproduces_every_figure_of_the_article_for_the_zone():
    call_command("seed_demo", stdout=io.StringIO())
    period = parse_period("2023H1")
    keys = sorted(key for key in ARTICLE if registry.is_builtin(key))
    keys = [key for key in keys if has_demo(registry.get(key), period)]
    assert set(keys) >= EXISTING
    results = compute_many(keys, Org.objects.get(code="QS"), period)
    wrong = {}
    for key in keys:
        result = results[key]
        figure = ARTICLE[key]
        want = figure if isinstance(figure, bool) else Decimal(str(figure))
        if as_written(result.value, result.unit) != want:
            wrong[key] = (result.text, ARTICLE[key])
    assert wrong == {}, "\n".join(f"{k}: {v}" for k, v in sorted(wrong.items()))
