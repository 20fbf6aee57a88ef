"""bench/economy_bench.py runs tiny inside the test database: every file it writes goes
through the imports without an error, the stage moves land in the history, and the
figures it times add up over the tree (a timing is printed, never asserted)."""

import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest

from tally.economy.models import ProjectReport, StageChange
from tally.orgs.models import Org

pytestmark = pytest.mark.django_db
BENCH = Path(__file__).resolve().parents[3] / "bench" / "economy_bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("economy_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bench_builds_and_measures_a_tiny_city(bench, capsys):
    built = bench.build(projects=40, streets=2, communities=2)
    assert built.rows["investment_projects"] == 40 + 28 + 18 + 10
    assert built.rows["project_reports"] == 40 * 6
    # Every project has its 谋划 row; the movers one row per stage reached.
    assert StageChange.objects.count() == 40 + 28 + 18 + 10
    assert ProjectReport.objects.filter(month="2023-06").count() == 40

    measured = bench.measure(built, runs=1)
    root, street, community = (measured[k][1] for k in ("root", "street", "community"))
    assert root["investment.library.count"].value == 40
    signed_in_h1 = StageChange.objects.filter(stage="签约", date__lte="2023-06-30").count()
    assert 0 < root["investment.signed.count"].value == signed_in_h1 <= 10
    other = Org.objects.get(code="E-02")
    figures = bench.measure(bench.Built(root=built.root, street=other, community=other), 1)
    both = (
        street["investment.library.count"].value
        + figures["street"][1]["investment.library.count"].value
    )
    assert both == 40
    assert community["investment.library.count"].value == 10  # 40 over 4 communities
    # Two streets report revenue: 1,000 and 2,000 a month; 6 months of 2023 in H1.
    assert root["fiscal.revenue.actual"].value == Decimal(18000)
    assert root["fiscal.revenue.completion"].text == "50.0%"

    bench.report(built, measured)
    printed = capsys.readouterr().out
    assert "street / root:" in printed and "community / root:" in printed
