from django.urls import reverse

from tally.testing.permissions import Case, statuses

STAFF_ONLY = {"member": 403}

CASES = [
    Case("orgs:index", lambda w: reverse("orgs:index"), statuses(302, **STAFF_ONLY)),
    Case(
        "orgs:index",
        lambda w: reverse("orgs:index") + "?q=甲",
        statuses(200, **STAFF_ONLY),
        label="orgs:index?q",
    ),
    Case(
        "orgs:choose",
        lambda w: reverse("orgs:choose") + "?q=甲&scope=write",
        statuses(200, **STAFF_ONLY),
    ),
    Case(
        "orgs:detail",
        lambda w: reverse("orgs:detail", args=[w.village_a.code]),
        statuses(200, sibling_clerk=404, **STAFF_ONLY),
        label="orgs:detail in street A",
    ),
    Case(
        "orgs:detail",
        lambda w: reverse("orgs:detail", args=[w.root.code]),
        statuses(200, clerk=404, sibling_clerk=404, **STAFF_ONLY),
        label="orgs:detail root",
    ),
    Case(
        "orgs:add",
        lambda w: reverse("orgs:add", args=[w.street_a.code]),
        statuses(403, admin=200),
    ),
    Case(
        "orgs:edit",
        lambda w: reverse("orgs:edit", args=[w.street_a.code]),
        statuses(403, admin=200),
    ),
    Case(
        "orgs:move",
        lambda w: reverse("orgs:move", args=[w.village_a.code]),
        statuses(403, admin=200),
    ),
]
