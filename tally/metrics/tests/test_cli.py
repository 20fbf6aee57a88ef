"""`manage.py metrics`: the public JSON contract and its errors."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.utils import translation

from tally.metrics import registry
from tally.metrics.definitions import double_half, formula

TALK = "能力作风建设大家谈"


def run(*args) -> str:
    out = StringIO()
    call_command("metrics", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_json_contract(world, add_row):
    add_row("events", world.village_a, "2023-03-01", category=TALK)
    add_row("tech_contracts", world.village_a, "2023-03-01", amount="560.83")

    document = json.loads(
        run(
            "--org", "Z", "--period", "2023h1", "--json",
            "--keys", "events.talks,tech.contracts.amount,env.facilities.rate",
        )
    )  # fmt: skip

    assert document == {
        "org": "Z",
        "period": "2023H1",
        "metrics": {
            "events.talks": {"value": 1, "text": "1", "unit": "次"},
            "tech.contracts.amount": {"value": 560.83, "text": "560.83", "unit": "亿元"},
            "env.facilities.rate": {"value": None, "text": "—", "unit": "%"},
        },
    }


def test_it_prints_every_registered_metric_without_keys(world):
    document = json.loads(run("--org", "Z-A", "--period", "2023", "--json"))
    assert set(document["metrics"]) == {m.key for m in registry.all_metrics()}
    assert list(document["metrics"]) == sorted(document["metrics"])
    assert document["metrics"]["publicity.articles"] == {"value": 0, "text": "0", "unit": "篇"}


def test_it_gives_yes_and_no_as_one_and_zero(world):
    metrics = [
        formula("test.completion", "c", "%", inputs=[], fn=lambda values, period: 74),
        double_half("test.double_half", "double half", "test.completion"),
    ]
    with registry.registered(*metrics), translation.override("en"):
        document = json.loads(
            run("--org", "Z", "--period", "2023H1", "--keys", "test.double_half", "--json")
        )
    assert document["metrics"]["test.double_half"] == {"value": 1, "text": "yes", "unit": ""}


def test_it_prints_a_table_without_json(world):
    output = run("--org", "Z", "--period", "2023H1", "--keys", "publicity.articles")
    assert "publicity.articles" in output and "0 篇" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "NOPE", "--period", "2023H1"], "NOPE"),
        (["--org", "Z", "--period", "2023H3"], "2"),
        (["--org", "Z", "--period", "2023H1", "--keys", "events.talks,no.such"], "no.such"),
    ],
)
def test_it_refuses_unknown_org_period_or_key(world, args, message):
    with translation.override("en"), pytest.raises(CommandError) as raised:
        run(*args)
    assert message in str(raised.value)


def test_it_exits_with_status_1_and_a_message(world, capsys):
    # As from a shell: run_from_argv turns the error into a message and an exit status.
    with translation.override("en"), pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "metrics", "--org", "NOPE", "--period", "2023H1"]).execute()
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert "There is no organisation with the code “NOPE”." in captured.err
    assert captured.out == ""
