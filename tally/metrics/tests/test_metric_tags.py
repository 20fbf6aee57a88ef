"""Every figure links to its metric page: the template tags other apps use."""

from django.template import Context, Template
from django.utils import translation

from tally.lib.periods import parse_period
from tally.metrics.engine import compute
from tally.metrics.links import metric_url, rows_export_url


def render(source: str, **context) -> str:
    return Template("{% load metric_tags %}" + source).render(Context(context))


def test_it_builds_the_metric_page_url_from_an_org_or_a_code(world):
    expected = "/metrics/events.talks/?org=Z-A&period=2023H1"
    assert metric_url("events.talks", world.street_a, parse_period("2023h1")) == expected
    assert metric_url("events.talks", "Z-A", "2023H1") == expected
    assert rows_export_url("events.talks", "Z-A", "2023H1") == (
        "/metrics/events.talks/rows.xlsx?org=Z-A&period=2023H1"
    )
    assert render("{% metric_url 'events.talks' org '2023H1' %}", org=world.street_a) == (
        expected.replace("&", "&amp;")
    )


def test_it_renders_a_figure_as_a_link_to_its_page(world, add_row):
    add_row("events", world.village_a, "2023-03-01", category="能力作风建设大家谈")
    html = render("{% figure 'events.talks' org '2023H1' %}", org=world.street_a)
    assert html.startswith('<a class="figure-link" href="/metrics/events.talks/?org=Z-A&amp;')
    assert html.endswith(">1</a>")
    with_unit = render("{% figure 'events.talks' 'Z-A' '2023H1' unit=True %}")
    assert with_unit.endswith("</a>次")


def test_it_renders_a_figure_already_computed(world):
    result = compute("env.facilities.rate", world.root, parse_period("2023"))
    html = render("{% figure result %}", result=result)
    assert ">—</a>" in html and "period=2023" in html


def test_it_shows_a_mistyped_key_as_a_dash(world):
    with translation.override("en"):
        html = render("{% figure 'no.such' org '2023H1' %}", org=world.root)
    assert html == '<span class="figure-missing" title="no.such">—</span>'
