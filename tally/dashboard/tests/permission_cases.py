from django.urls import reverse

from tally.testing.permissions import Case, statuses

# Leaders, the office and the administrator; a clerk or a member has no business here.
READERS = statuses(200, clerk=403, sibling_clerk=403, member=403)


def png(name, query="period=2023H1"):
    return lambda w: reverse("dashboard:chart_png", args=[name]) + "?" + query


CASES = [
    Case("dashboard:index", lambda w: reverse("dashboard:index"), READERS),
    Case(
        "dashboard:index",
        lambda w: reverse("dashboard:index") + "?org=Z-A&period=2023H1&metric=wishes.claimed",
        READERS,
        label="dashboard:index-street",
    ),
    Case(
        "dashboard:index",
        lambda w: reverse("dashboard:index") + "?org=NOPE",
        statuses(404, clerk=403, sibling_clerk=403, member=403),
        label="dashboard:index-unknown-org",
    ),
    Case("dashboard:chart_png", png("coverage"), READERS),
    Case(
        "dashboard:chart_png", png("funnel", "org=Z-A&period=2023Q2"), READERS, label="png-funnel"
    ),
    Case(
        "dashboard:chart_png",
        png("nothing"),
        statuses(404, clerk=403, sibling_clerk=403, member=403),
        label="png-unknown",
    ),
    Case(
        "dashboard:ranking_xlsx",
        lambda w: reverse("dashboard:ranking_xlsx") + "?period=2023H1&metric=training.coverage",
        READERS,
    ),
    Case(
        "dashboard:ranking_xlsx",
        lambda w: reverse("dashboard:ranking_xlsx") + "?metric=no.such.metric",
        statuses(404, clerk=403, sibling_clerk=403, member=403),
        label="xlsx-unknown-metric",
    ),
]
