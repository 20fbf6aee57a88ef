"""Metrics an administrator defines in the UI (JOURNEYS.md journey 6): a new campaign's
generic ledger gets a metric "承诺事项数" with no developer involved."""

import pytest
from django.urls import reverse

from tally.ledgers import services
from tally.ledgers.generic import GenericLedger
from tally.ledgers.models import LedgerType
from tally.lib.periods import parse_period
from tally.metrics.engine import compute
from tally.metrics.models import MetricDefinition

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def double_ten(world):
    """The campaign's ledger, as the administrator defined it."""
    return LedgerType.objects.create(
        key="double_ten",
        name="双十星争创",
        columns=[
            {"key": "org", "header": "组织编码", "type": "org", "required": True},
            {
                "key": "star",
                "header": "星级类别",
                "type": "choice",
                "required": True,
                "choices": ["党建星", "服务星", "治理星"],
            },
            {"key": "content", "header": "承诺内容", "type": "text", "required": True},
            {"key": "date", "header": "承诺日期", "type": "date", "required": True},
            {"key": "state", "header": "完成情况", "type": "text"},
            {"key": "hours", "header": "投入工时", "type": "decimal"},
        ],
        natural_key=["org", "content"],
        org_column="org",
        date_column="date",
    )


def form_data(**changes) -> dict:
    data = {
        "key": "double_ten.commitments",
        "label": "承诺事项数",
        "unit": "个",
        "description": "",
        "aggregate": "count",
        "field": "",
        "date_mode": "flow",
        "active": "on",
    }
    data.update(changes)
    return data


def post_new(client, ledger_key="double_ten", **changes):
    url = reverse("metrics:definition_new") + f"?ledger={ledger_key}"
    return client.post(url, form_data(**changes), **EN)


def test_it_lets_the_administrator_define_a_metric_that_computes(login, world, double_ten):
    client = login("admin")
    assert client.get(reverse("metrics:definition_new") + "?ledger=double_ten").status_code == 200

    response = post_new(client, filter_column_1="star", filter_value_1="服务星")

    assert response.status_code == 302
    definition = MetricDefinition.objects.get(key="double_ten.commitments")
    assert definition.filters == {"star": "服务星"}
    assert definition.created_by == world.users["admin"]
    csv = (
        "组织编码,星级类别,承诺内容,承诺日期,完成情况\n"
        "Z-A-1,服务星,修路,2023-03-01,完成\n"
        "Z-A-2,服务星,修桥,2023-07-01,\n"
        "Z-B-1,党建星,学习,2023-03-01,\n"
        "Z-B-1,服务星,送医,2023-05-01,\n"
    ).encode()
    batch = services.start_import(
        GenericLedger(double_ten), "承诺.csv", csv, user=world.users["office"], inline=True
    )
    services.request_commit(batch, inline=True)

    result = compute("double_ten.commitments", world.root, parse_period("2023H1"))
    assert (result.value, result.label, result.unit) == (2, "承诺事项数", "个")
    assert sorted(r.data["content"] for r in result.rows) == ["修路", "送医"]
    page = client.get(
        reverse("metrics:detail", args=["double_ten.commitments"]),
        {"org": "Z", "period": "2023H1"},
        **EN,
    )
    assert page.context["result"].value == 2
    assert "承诺日期" in page.context["description"]
    assert "星级类别 is “服务星”" in page.context["description"]


def test_it_sums_a_number_column_with_a_date_condition(login, world, double_ten, add_row):
    add_row("double_ten", world.village_a, "2023-03-01", content="a", star="党建星", hours="1.5")
    add_row("double_ten", world.village_a, "2023-03-02", content="b", star="党建星", hours="2")
    response = post_new(
        login("admin"),
        key="double_ten.hours",
        aggregate="sum",
        field="hours",
        unit="小时",
        date_mode="any",
        filter_column_1="date",
        filter_value_1="2023/3/1",
    )
    assert response.status_code == 302
    assert MetricDefinition.objects.get(key="double_ten.hours").filters == {"date": "2023-03-01"}
    result = compute("double_ten.hours", world.root, parse_period("2023H1"))
    assert result.text == "1.50"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"key": "commitments"}, "key", "joined by dots"),
        ({"key": "Double.Ten"}, "key", "joined by dots"),
        ({"key": "events.talks"}, "key", "built-in metric"),
        ({"aggregate": "sum", "field": "content"}, "field", "Only a number column"),
        ({"aggregate": "distinct"}, "field", "Choose the column"),
        ({"filter_column_1": "date", "filter_value_1": "yesterday"}, "filter_value_1", ""),
        ({"filter_column_1": "star", "filter_value_1": "金星"}, "filter_value_1", "金星"),
        ({"filter_value_2": "x"}, "filter_column_2", "Choose the column"),
        ({"filter_column_1": "nope", "filter_value_1": "x"}, "filter_column_1", ""),
    ],
)
def test_it_refuses_a_definition_that_cannot_work(login, double_ten, changes, field, message):
    response = post_new(login("admin"), **changes)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert not MetricDefinition.objects.exists()


def test_it_refuses_dates_on_a_ledger_without_a_date_column(login, world):
    LedgerType.objects.create(
        key="stars",
        name="星级",
        columns=[{"key": "org", "header": "组织编码", "type": "org", "required": True}],
        natural_key=["org"],
        org_column="org",
    )
    response = post_new(login("admin"), ledger_key="stars", key="stars.count")
    assert "no date column" in " ".join(response.context["form"].errors["date_mode"])
    assert (
        post_new(login("admin"), ledger_key="stars", key="stars.count", date_mode="any").status_code
        == 302
    )


def test_it_edits_a_definition_but_keeps_its_key(login, double_ten):
    client = login("admin")
    post_new(client)
    definition = MetricDefinition.objects.get()
    url = reverse("metrics:definition_edit", args=[definition.pk])

    response = client.post(url, form_data(key="other.key", label="承诺数", active=""), **EN)

    assert response.status_code == 302
    definition.refresh_from_db()
    assert (definition.key, definition.label, definition.active) == (
        "double_ten.commitments",
        "承诺数",
        False,
    )
    listing = client.get(reverse("metrics:definitions"), **EN)
    assert "double_ten.commitments" in listing.content.decode()


def test_it_sends_a_new_definition_without_a_ledger_back_to_the_list(login, world):
    response = login("admin").get(reverse("metrics:definition_new") + "?ledger=nope")
    assert response.status_code == 302
    assert response["Location"] == reverse("metrics:definitions")


def test_it_lets_only_the_administrator_define_metrics(login, double_ten):
    for persona in ("office", "clerk", "leader", "member"):
        assert post_new(login(persona)).status_code == 403
    assert not MetricDefinition.objects.exists()
