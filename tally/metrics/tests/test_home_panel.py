from tally.party.models import Member
from tally.site_settings.store import REPORTING_PERIOD, set_setting


def make_member(org, number_seed: int):
    from datetime import date

    from tally.lib.idcard import make_id_number

    member = Member(
        name=f"党员{number_seed}", org=org, category="正式党员", join_date=date(2000, 1, 1)
    )
    member.id_number = make_id_number("420302", date(1980, 1, 1), number_seed, "男")
    member.save()
    return member


def test_it_shows_key_figures_linking_to_their_metric_pages(world, login):
    set_setting(REPORTING_PERIOD, "2023H1")
    make_member(world.village_a, 1)
    make_member(world.village_b, 2)
    english = {"accept-language": "en"}
    office = login("office").get("/", headers=english).content.decode()
    clerk = login("clerk").get("/", headers=english).content.decode()
    assert "Key figures" in office
    assert f'href="/metrics/members.count/?org={world.root.code}&amp;period=2023H1"' in office
    # A street clerk sees their own street's figure: one member, not the zone's two.
    assert members_figure(world.root.code) + ">2</a>" in office
    assert members_figure(world.street_a.code) + ">1</a>" in clerk
    assert "Key figures" not in login("member").get("/").content.decode()


def members_figure(code: str) -> str:
    return f'/metrics/members.count/?org={code}&amp;period=2023H1" title="Party members"'


def test_it_writes_a_rate_with_one_percent_sign_and_one_decimal(world, login):
    # "97.1%%" on every home page: the figure's text carries the "%" already.
    set_setting(REPORTING_PERIOD, "2023H1")
    make_member(world.village_a, 1)
    page = login("office").get("/").content.decode()
    coverage = page.split("/metrics/training.coverage/", 1)[1].split("</tr>", 1)[0]
    assert ">0.0%</a></td>" in coverage
    assert "%%" not in page and "% %" not in page
