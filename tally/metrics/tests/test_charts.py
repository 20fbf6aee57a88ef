"""The ranking chart's option dict: plain data, values rounded as their texts are."""

from decimal import Decimal

from tally.metrics import registry
from tally.metrics.charts import ranking_chart
from tally.metrics.definitions import double_half
from tally.metrics.engine import ChildFigure


def ranking(world, *values, unit):
    orgs = [world.street_a, world.street_b, world.department]
    return [
        {"figure": ChildFigure(org, value, unit)}
        for org, value in zip(orgs[: len(values)], values, strict=True)
    ]


def test_it_rounds_bar_values_like_their_texts(world):
    metric = registry.get("env.facilities.rate")
    chart = ranking_chart(metric, ranking(world, Decimal(250) / 3, Decimal(100), None, unit="%"))
    assert chart["series"][0]["data"] == [83.3, 100, None]
    assert chart["xAxis"]["data"] == ["甲街道党工委", "乙街道党工委", "招商局"]
    assert chart["yAxis"]["name"] == "%"


def test_it_draws_no_bars_for_yes_or_no(world):
    metric = double_half("test.dh", "dh", "env.facilities.rate")
    assert ranking_chart(metric, ranking(world, True, False, unit="")) is None


def test_it_leaves_room_for_the_first_slanted_name(world):
    # Beyond six children the names are slanted: the first one reaches left of the plot
    # by its width × cos 30°, which ECharts' containLabel leaves out (it was cut off).
    from types import SimpleNamespace

    from tally.metrics.charts import LABEL_WIDTH

    names = ["青山精密模具有限公司党支部", "乙", "丙", "丁", "戊", "己", "庚"]
    rows = [{"figure": ChildFigure(SimpleNamespace(name=name), 1, "人次")} for name in names]
    chart = ranking_chart(registry.get("training.person_times"), rows)
    label = chart["xAxis"]["axisLabel"]
    assert label["rotate"] == 30
    assert (label["width"], label["overflow"]) == (LABEL_WIDTH, "truncate")
    assert chart["grid"]["left"] >= LABEL_WIDTH * 0.866
    few = ranking_chart(registry.get("training.person_times"), rows[:3])
    assert few["xAxis"]["axisLabel"]["rotate"] == 0
    assert few["xAxis"]["axisLabel"]["overflow"] == "break"  # wrapped under its bar
    assert few["grid"]["left"] == 8
