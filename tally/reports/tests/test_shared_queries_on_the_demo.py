"""Every registered metric on the demo zone: computed together (prefetched, a query per
ledger's rows) it has the value it has computed alone, for the zone, a street and the
street's children."""

import pytest

from tally.lib.periods import parse_period
from tally.metrics import registry
from tally.metrics.engine import ChildComputation, Computation, compute_many
from tally.orgs.models import Org

from .conftest import seed_demo

H1 = parse_period("2023H1")


@pytest.mark.django_db
def test_every_metric_has_its_own_value_when_computed_together():
    seed_demo()
    keys = sorted(metric.key for metric in registry.all_metrics())
    root = Org.objects.get(depth=1)
    street = Org.objects.get_children(root).filter(members__isnull=False).distinct().first()
    street = street or Org.objects.filter(depth=2).first()
    for org in (root, street):
        together = {key: result.value for key, result in compute_many(keys, org, H1).items()}
        alone = {key: Computation(org, H1).value(registry.get(key), H1) for key in keys}
        assert together == alone, org.name
    assert together["members.count"] > 0

    children = list(Org.objects.get_children(root).filter(active=True))
    shared = ChildComputation(root, children)
    shared.prefetch(keys, H1)
    for key in keys:
        metric = registry.get(key)
        assert shared.value(metric, H1) == ChildComputation(root, children).value(metric, H1), key
