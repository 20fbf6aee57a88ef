"""Every metric for an organisation and a period, grouped by ledger."""

from django.urls import reverse

from tally.metrics.links import metric_url
from tally.site_settings.store import REPORTING_PERIOD, set_setting

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def results_by_key(response) -> dict:
    return {r.key: r for _, results in response.context["groups"] for r in results}


def test_it_shows_every_metric_for_the_home_organisation_and_reporting_period(
    login, world, add_row
):
    set_setting(REPORTING_PERIOD, "2023H1")
    add_row("briefings", world.village_a, "2023-03-01", issue="1", title="t")
    add_row("briefings", world.village_b, "2023-03-01", issue="2", title="t")

    response = login("clerk").get(reverse("metrics:index"), **EN)

    assert response.status_code == 200
    results = results_by_key(response)
    assert results["publicity.briefings"].org == world.street_a
    assert results["publicity.briefings"].period.label == "2023H1"
    assert results["publicity.briefings"].text == "1"
    assert {"events.talks", "env.facilities.rate", "tech.contracts.amount"} <= set(results)
    groups = dict(response.context["groups"])
    assert [r.key for r in groups["环保设施整改"]] == [
        "env.facilities.completed",
        "env.facilities.dredged",
        "env.facilities.found",
        "env.facilities.new",
        "env.facilities.rate",
        "env.facilities.repaired",
    ]
    assert metric_url("publicity.briefings", world.street_a, "2023H1").replace("&", "&amp;") in (
        response.content.decode()
    )


def test_it_computes_for_the_chosen_organisation_and_period(login, world, add_row):
    add_row("briefings", world.village_b, "2023-08-01", issue="1", title="t")
    response = login("leader").get(
        reverse("metrics:index"), {"org": world.street_b.code, "period": "2023H2"}, **EN
    )
    assert results_by_key(response)["publicity.briefings"].value == 1


def test_it_explains_a_bad_period_or_an_organisation_out_of_reach(login, world):
    client = login("clerk")
    bad_period = client.get(reverse("metrics:index"), {"period": "2023-13"}, **EN)
    out_of_reach = client.get(reverse("metrics:index"), {"org": world.street_b.code}, **EN)

    assert bad_period.context["groups"] == []
    assert "Months are numbered 1 to 12" in bad_period.content.decode()
    assert out_of_reach.status_code == 404
    assert out_of_reach.context["groups"] == []
    assert "“Z-B” is not among the organisations you may choose" in (out_of_reach.content.decode())


def test_it_needs_as_many_queries_for_many_rows_as_for_few(login, world, add_row):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login("leader")

    def queries_for_page() -> int:
        from django.core.cache import cache

        cache.clear()  # the figures computed, not recalled: that count must not grow
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("metrics:index"), {"period": "2023H1"})
        return len(captured)

    add_row("briefings", world.village_a, "2023-03-01", issue="0", title="t")
    few = queries_for_page()
    for number in range(1, 40):
        add_row("briefings", world.village_b, "2023-03-01", issue=str(number), title="t")
    assert queries_for_page() == few
