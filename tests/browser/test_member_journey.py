"""Journey 4: 陈志强, a party member, on his phone (390 × 844) — the wishes of his
community, a claim that a neighbour beat him to, a claim of his own, and its fulfilment
with a photo. Selectors use addresses and data, not UI words, so the test holds in any
language."""

import pytest

from conftest import make_user
from tally.accounts.models import Role
from tally.community import services
from tally.community.models import Wish, WishStatus
from tally.community.tests.factories import make_member, make_wish, photo_bytes

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A real photo: uploads are decoded and encoded afresh, so a bare header is refused.
JPEG = photo_bytes("JPEG", with_location=True)


@pytest.fixture
def journey(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    me = make_member(
        1, world.village_a, residence=world.community_a, user=world.users["member"], name="陈志强"
    )
    neighbour_user = make_user("neighbour", Role.MEMBER, world.community_a)
    neighbour = make_member(2, world.village_a, residence=world.community_a, user=neighbour_user)
    tap = make_wish(world.community_a, "WX-1", content="为独居老人修理水龙头")
    bag = make_wish(world.community_a, "WX-2", content="为孩子买一个新书包")
    make_wish(world.community_b, "WX-3", content="别的社区的心愿")
    return {
        "me": me,
        "neighbour": neighbour,
        "neighbour_user": neighbour_user,
        "tap": tap,
        "bag": bag,
    }


def claim_button(page, wish):
    return page.locator(f"form[action='/community/me/wishes/{wish.pk}/claim/'] button")


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_it_lets_a_member_claim_a_wish_on_his_phone_and_fulfil_it(phone, world, journey):
    log_in(phone, "member")
    phone.goto(phone.base_url + "/community/me/")
    assert fits_the_screen(phone)
    phone.locator("a[href='/community/me/wishes/']").first.click()
    assert phone.locator(".wish-card").get_by_text("为独居老人修理水龙头").is_visible()
    assert phone.get_by_text("别的社区的心愿").count() == 0
    assert fits_the_screen(phone)
    claim_tap = phone.locator(
        f"form[action='/community/me/wishes/{journey['tap'].pk}/claim/'] button"
    )
    box = claim_tap.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # a big tap target

    # The neighbour taps "claim" on the book bag a second earlier.
    services.claim_wish(journey["bag"], journey["neighbour"], by=journey["neighbour_user"])
    claim_button(phone, journey["bag"]).click()
    phone.wait_for_load_state("networkidle")
    assert phone.url.endswith("/community/me/wishes/")
    assert phone.locator(".alert-warning").is_visible()
    assert Wish.objects.get(pk=journey["bag"].pk).claimer == journey["neighbour"]

    claim_button(phone, journey["tap"]).click()
    phone.wait_for_load_state("networkidle")
    assert phone.url.endswith("/community/me/claims/")
    assert phone.locator(".alert-success").is_visible()
    assert phone.locator(".wish-card").get_by_text("为独居老人修理水龙头").is_visible()
    assert fits_the_screen(phone)
    wish = Wish.objects.get(pk=journey["tap"].pk)
    assert (wish.claimer, wish.status) == (journey["me"], WishStatus.CLAIMED)

    phone.locator(f"a[href='/community/wishes/{wish.pk}/fulfil/']").click()
    phone.locator("textarea[name='note']").fill("周六上门换了新的水龙头")
    phone.locator("input[name='photo']").set_input_files(
        {"name": "tap.jpg", "mimeType": "image/jpeg", "buffer": JPEG}
    )
    assert fits_the_screen(phone)
    phone.locator("form[enctype='multipart/form-data'] button[type='submit']").click()
    phone.wait_for_load_state("networkidle")
    assert phone.url.endswith("/community/me/claims/")
    wish.refresh_from_db()
    assert wish.fulfil_note == "周六上门换了新的水龙头"
    assert wish.photo_type == "image/jpeg"
    photo = phone.locator(f"img[src='/community/wishes/{wish.pk}/photo/']")
    assert photo.is_visible()
    assert phone.evaluate("img => img.complete", photo.element_handle()) is True
