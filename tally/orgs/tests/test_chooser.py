"""The organisation chooser: a search by name or code within what the user may choose,
and the one rule that resolves a typed name or code everywhere an organisation is picked."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tally.orgs import choosing
from tally.orgs.models import OrgKind

URL = reverse("orgs:choose")


def found(client, **query) -> list[dict]:
    response = client.get(URL, query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def codes(client, **query) -> list[str]:
    return [result["code"] for result in found(client, **query)]


def test_it_finds_by_name_or_code_within_the_clerks_street(login, world):
    clerk = login("clerk")
    assert codes(clerk, q="甲二") == ["Z-A-2", "Z-A-2-1"]
    assert codes(clerk, q="z-a-1") == ["Z-A-1"]
    assert codes(clerk, q="乙") == []  # street B is not hers
    assert codes(clerk, q="党工委") == ["Z-A"]  # not the zone above her


def test_it_puts_the_exact_code_first_then_names_that_begin_with_the_text(login, world):
    assert codes(login("office"), q="Z-A")[:1] == ["Z-A"]
    assert codes(login("office"), q="招商")[0] == "Z-D1"


def test_it_describes_each_match_with_what_lies_above_it_in_scope(login, world):
    [match] = found(login("clerk"), q="甲二小区")
    assert match == {
        "code": "Z-A-2-1",
        "name": "甲二小区党支部",
        "kind": str(OrgKind.RED_PROPERTY.label),
        "label": "甲二小区党支部（Z-A-2-1）",
        "within": "甲街道党工委 › 甲二社区党委",  # not the zone: above her street
    }
    [same] = found(login("office"), q="甲二小区")
    assert same["within"] == "测试经开区党工委 › 甲街道党工委 › 甲二社区党委"


def test_it_searches_the_whole_tree_for_a_receiving_organisation(login, world):
    assert codes(login("clerk"), q="乙一", scope="any") == ["Z-B-1"]
    # A leader reads everything but files no transfer: their "any" is what they read.
    assert codes(login("leader"), q="乙一", scope="any") == ["Z-B-1"]


def test_it_keeps_to_the_writable_orgs_and_the_kinds_asked_for(login, world):
    assert codes(login("leader"), q="甲", scope="write") == []
    kinds = f"{OrgKind.COMMUNITY},{OrgKind.VILLAGE}"
    assert codes(login("clerk"), q="甲", kinds=kinds) == ["Z-A-1", "Z-A-2"]


def test_it_leaves_out_inactive_organisations(login, world):
    world.village_a.active = False
    world.village_a.save()
    assert codes(login("clerk"), q="甲一") == []


@pytest.mark.parametrize(("persona", "status"), [("member", 403), ("anonymous", 302)])
def test_it_answers_only_staff(login, world, persona, status):
    assert login(persona).get(URL, {"q": "甲"}).status_code == status


def test_it_costs_the_same_queries_for_a_big_answer_as_for_a_small_one(login, world):
    client = login("office")

    def queries(text) -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(URL, {"q": text})
        return len(captured)

    assert queries("甲二小区") == queries("党")


def test_it_resolves_a_code_a_name_or_the_label_it_shows(world):
    clerk = world.users["clerk"]
    assert choosing.resolve(clerk, "z-a-2") == world.community_a
    assert choosing.resolve(clerk, "甲二社区党委") == world.community_a
    assert choosing.resolve(clerk, "甲二社区党委（Z-A-2）") == world.community_a
    assert choosing.resolve(clerk, " ") is None


def test_it_refuses_another_street_in_plain_chinese_as_if_it_did_not_exist(world):
    clerk = world.users["clerk"]
    with translation.override("zh-hans"):
        messages = []
        for text in ("Z-B", "乙街道党工委", "NOPE"):
            with pytest.raises(ValidationError) as refused:
                choosing.resolve(clerk, text)
            messages.append(refused.value.messages[0])
    assert messages[0] == "“Z-B”不在您可选的组织中：只能选择本组织及其下级组织。"
    assert messages[2] == "“NOPE”不在您可选的组织中：只能选择本组织及其下级组织。"
    with translation.override("zh-hans"), pytest.raises(ValidationError) as unknown:
        choosing.resolve(world.users["office"], "NOPE")
    assert unknown.value.messages == ["没有名称或编码为“NOPE”的组织。"]


def test_it_asks_to_choose_between_organisations_of_the_same_name(world):
    from conftest import add

    add(world.street_b, "Z-B-3", "甲一村党支部", OrgKind.VILLAGE)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as twice:
        choosing.resolve(world.users["office"], "甲一村党支部")
    assert twice.value.messages == ["有多个组织名为“甲一村党支部”，请从列表中选择。"]
    assert choosing.resolve(world.users["clerk"], "甲一村党支部") == world.village_a
