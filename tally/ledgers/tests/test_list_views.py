"""A ledger's list: scoped to the user's subtree, with the filters its declaration gives
(organisation subtree, date range, choices), search, paging and sorting."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tally.ledgers.models import LedgerType
from tally.ledgers.registry import get_ledger

from .sheets import TALKS
from .steps import make_member


def add(org, name, day, category=TALKS):
    record = get_ledger("events").new_instance(
        {"org": org, "name": name, "date": day, "category": category}
    )
    record.save()
    return record


@pytest.fixture
def events(world, events_type):
    add(world.street_a, "甲街大家谈", dt.date(2023, 3, 1))
    add(world.village_a, "甲一村培训", dt.date(2023, 5, 10), "专题培训")
    add(world.community_a, "甲二社区交流", dt.date(2023, 8, 20), "工作经验交流座谈会")
    add(world.village_b, "乙一村大家谈", dt.date(2023, 4, 1))


ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def names(client, query="") -> list[str]:
    response = client.get(reverse("ledgers:list", args=["events"]) + query)
    assert response.status_code == 200
    return [cells[0] for _, cells in response.context["rows"]]


def test_it_lists_only_the_clerks_subtree(login, events):
    assert sorted(names(login("clerk"))) == ["甲一村培训", "甲二社区交流", "甲街大家谈"]
    assert names(login("sibling_clerk")) == ["乙一村大家谈"]
    assert len(names(login("leader"))) == 4


def test_it_filters_by_organisation_subtree(login, events):
    clerk = login("clerk")
    assert names(clerk, "?org=Z-A-1") == ["甲一村培训"]
    assert sorted(names(login("office"), "?org=Z-B")) == ["乙一村大家谈"]


def test_it_filters_by_an_organisations_name_as_a_clerk_types_it(login, events):
    assert names(login("clerk"), "?org=甲一村党支部") == ["甲一村培训"]


def test_it_says_so_for_an_organisation_outside_the_clerks_subtree(login, events):
    # It used to answer 200 with her own rows, as if no organisation had been chosen.
    clerk = login("clerk")
    for query in ("?org=Z-B", "?org=乙街道党工委", "?org=NOPE"):
        response = clerk.get(reverse("ledgers:list", args=["events"]) + query, **ZH)
        assert response.status_code == 404
        assert response.context["rows"] == []
        page = response.content.decode()
        assert "不在您可选的组织中" in page and "没有列出或导出任何记录" in page
        assert "甲街大家谈" not in page


def test_it_filters_by_date_range(login, events):
    clerk = login("clerk")
    assert names(clerk, "?start=2023-04-01&end=2023-06-30") == ["甲一村培训"]
    assert names(clerk, "?start=2023年8月1日") == ["甲二社区交流"]


def test_it_filters_by_a_choice_column_and_searches(login, events):
    clerk = login("clerk")
    assert names(clerk, "?category=专题培训") == ["甲一村培训"]
    assert names(clerk, "?q=社区") == ["甲二社区交流"]
    assert names(clerk, "?q=乙一村") == []


def test_it_sorts_by_a_column_either_way(login, events):
    clerk = login("clerk")
    assert names(clerk, "?sort=date") == ["甲街大家谈", "甲一村培训", "甲二社区交流"]
    assert names(clerk, "?sort=-date") == ["甲二社区交流", "甲一村培训", "甲街大家谈"]
    assert names(clerk, "?sort=name") == sorted(names(clerk, "?sort=name"))
    assert names(clerk, "?sort=nonsense")  # an unknown sort is ignored, not an error


def test_it_pages_the_list(login, world, events_type):
    for index in range(55):
        add(world.village_a, f"活动{index:02d}", dt.date(2023, 1, 1) + dt.timedelta(days=index))
    clerk = login("clerk")
    first = clerk.get(reverse("ledgers:list", args=["events"]) + "?sort=date")
    assert len(first.context["rows"]) == 50
    assert first.context["page_obj"].paginator.count == 55
    second = names(clerk, "?sort=date&page=2")
    assert second == [f"活动{i:02d}" for i in range(50, 55)]


def test_it_filters_a_yes_no_column(login, world, pledges_type):
    ledger = get_ledger("pledges")
    for content, done in [("修缮", True), ("植树", False)]:
        ledger.new_instance(
            {"org": world.village_a, "content": content, "date": dt.date(2023, 6, 1), "done": done}
        ).save()
    clerk = login("clerk")
    url = reverse("ledgers:list", args=["pledges"])
    done = clerk.get(url + "?done=是").context["rows"]
    assert [cells[1] for _, cells in done] == ["修缮"]
    not_done = clerk.get(url + "?done=否").context["rows"]
    assert [cells[1] for _, cells in not_done] == ["植树"]


def test_it_reads_a_page_of_people_with_a_fixed_number_of_queries(login, world):
    LedgerType.objects.create(
        key="roster",
        name="值班",
        columns=[
            {"key": "org", "header": "组织编码", "type": "org", "required": True},
            {"key": "date", "header": "值班日期", "type": "date", "required": True},
            {"key": "person", "header": "身份证号", "type": "person", "required": True},
        ],
        natural_key=["person", "date"],
        org_column="org",
        date_column="date",
    )
    clerk = login("clerk")
    url = reverse("ledgers:list", args=["roster"])

    def queries_for(n):
        ledger = get_ledger("roster")
        for seq in range(n):
            member = make_member(world.village_a, len(ledger.get_queryset()) + seq + 10)
            ledger.new_instance(
                {"org": world.village_a, "date": dt.date(2023, 6, 1), "person": member}
            ).save()
        with CaptureQueriesContext(connection) as queries:
            page = clerk.get(url)
        assert "*" in page.content.decode()
        return len(queries)

    assert queries_for(3) == queries_for(20)


def test_it_lists_the_ledgers_with_their_counts_in_scope(login, events):
    page = login("sibling_clerk").get(reverse("ledgers:index"))
    counts = {row["ledger"].key: row["count"] for row in page.context["rows"]}
    assert counts["events"] == 1
    assert login("member").get(reverse("ledgers:index")).status_code == 403


def test_it_exports_nothing_for_an_organisation_outside_the_clerks_subtree(login, events, world):
    # Issue 14: an out-of-scope ?org= exported the clerk's own rows without a word.
    from tally.accounts.models import SecurityEvent

    world.users["clerk"].can_view_pii = True
    world.users["clerk"].save()
    clerk = login("clerk")
    response = clerk.get(reverse("ledgers:export", args=["events"]) + "?org=Z-B", **ZH)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "不在您可选的组织中" in response.content.decode()
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).exists()
    within = clerk.get(reverse("ledgers:export", args=["events"]) + "?org=Z-A-1")
    assert within.status_code == 200 and within["Content-Type"].endswith("sheet")
