"""The micro-wish workflow through its service functions: publish → claim → fulfil →
close, with who may do each step."""

import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tally.community import services
from tally.community.models import Wish, WishStatus

from .factories import make_wish, photo_bytes

PNG = photo_bytes("PNG")


def test_it_publishes_a_wish_with_the_next_number(world):
    clerk = world.users["clerk"]
    first = services.publish_wish(world.community_a, " 为独居老人 修理水龙头 ", by=clerk)
    second = services.publish_wish(world.community_a, "为孩子买书包", by=clerk)
    year = timezone.localdate().year
    assert first.number == f"WX{year}-Z-A-2-001"
    assert second.number == f"WX{year}-Z-A-2-002"
    assert first.content == "为独居老人 修理水龙头"
    assert first.status == WishStatus.WAITING


def test_it_refuses_to_publish_outside_the_clerks_scope_or_for_a_non_community(world):
    with pytest.raises(PermissionDenied):
        services.publish_wish(world.community_b, "修灯", by=world.users["clerk"])
    with pytest.raises(services.WishError):
        services.publish_wish(world.village_a, "修灯", by=world.users["clerk"])
    assert not Wish.objects.exists()


def test_it_lets_a_member_claim_a_wish_of_their_community(world, people):
    wish = make_wish(world.community_a)
    claimed = services.claim_wish(wish, people.me, by=world.users["member"])
    assert claimed.status == WishStatus.CLAIMED
    assert claimed.claimer == people.me
    assert claimed.claimed_on == timezone.localdate()
    assert claimed.version == 1
    assert claimed.claimed_by == world.users["member"]


def test_it_tells_the_second_claimer_the_wish_is_taken(world, people):
    wish = make_wish(world.community_a)
    seen_by_neighbour = Wish.objects.get(pk=wish.pk)
    services.claim_wish(wish, people.me, by=world.users["member"])
    with pytest.raises(services.WishTaken):
        services.claim_wish(seen_by_neighbour, people.neighbour, by=people.neighbour_user)
    assert Wish.objects.get(pk=wish.pk).claimer == people.me


def test_it_refuses_a_claim_on_a_changed_wish(world, people):
    wish = make_wish(world.community_a)
    stale = Wish.objects.get(pk=wish.pk)
    Wish.objects.filter(pk=wish.pk).update(content="换成修灯", version=5)
    with pytest.raises(services.WishConflict):
        services.claim_wish(stale, people.me, by=world.users["member"])
    assert Wish.objects.get(pk=wish.pk).status == WishStatus.WAITING


def test_it_lets_no_member_claim_for_another_or_in_another_community(world, people):
    wish = make_wish(world.community_a)
    with pytest.raises(PermissionDenied):
        services.claim_wish(wish, people.me, by=people.neighbour_user)
    far = make_wish(world.community_b, "WX-T-002")
    with pytest.raises(PermissionDenied):
        services.claim_wish(far, people.me, by=world.users["member"])
    assert not Wish.objects.exclude(status=WishStatus.WAITING).exists()


def test_it_lets_a_unit_claim_for_its_members(world):
    wish = make_wish(world.community_a)
    claimed = services.claim_wish_for_unit(wish, world.street_a, by=world.users["clerk"])
    assert claimed.claiming_unit == world.street_a
    assert claimed.claimer is None
    with pytest.raises(PermissionDenied):
        services.claim_wish_for_unit(
            make_wish(world.community_b, "WX-T-002"), world.street_b, by=world.users["clerk"]
        )


def test_it_keeps_a_streets_claims_within_its_own_subtree(world):
    """The probe: street A's clerk claimed (and could then fulfil) street B's wishes."""
    other_street = make_wish(world.community_b, "WX-T-003")
    with pytest.raises(PermissionDenied):
        services.claim_wish_for_unit(other_street, world.street_a, by=world.users["clerk"])
    assert Wish.objects.get(pk=other_street.pk).status == WishStatus.WAITING
    # A department serves the whole zone (机关进社区).
    office = world.users["office"]
    claimed = services.claim_wish_for_unit(other_street, world.department, by=office)
    assert claimed.claiming_unit == world.department


def test_it_takes_a_fulfilment_with_a_photo_and_the_community_closes(world, people, media):
    wish = services.claim_wish(make_wish(world.community_a), people.me, by=world.users["member"])
    photo = SimpleUploadedFile("IMG_0001.png", PNG, content_type="image/png")
    fulfilled = services.fulfil_wish(wish, by=world.users["member"], note="修好了", photo=photo)
    assert fulfilled.fulfil_note == "修好了"
    assert fulfilled.photo_type == "image/png"
    assert fulfilled.photo.name.startswith("wishes/")
    assert "IMG_0001" not in fulfilled.photo.name
    stored = Image.open(media / fulfilled.photo.name)
    assert (stored.format, stored.size) == ("PNG", (40, 30))  # decoded and encoded afresh
    closed = services.close_wish(fulfilled, by=world.users["clerk"])
    assert closed.status == WishStatus.DONE
    assert closed.completed_on == timezone.localdate()
    assert closed.closed_by == world.users["clerk"]


def test_it_lets_only_the_claimer_fulfil_and_only_the_community_close(world, people):
    wish = services.claim_wish(make_wish(world.community_a), people.me, by=world.users["member"])
    with pytest.raises(PermissionDenied):
        services.fulfil_wish(wish, by=people.neighbour_user, note="我做的")
    with pytest.raises(PermissionDenied):
        services.close_wish(wish, by=world.users["sibling_clerk"])
    with pytest.raises(PermissionDenied):
        services.close_wish(wish, by=world.users["member"])
    assert Wish.objects.get(pk=wish.pk).status == WishStatus.CLAIMED


def test_it_refuses_to_close_a_waiting_wish_or_twice(world, people):
    wish = make_wish(world.community_a)
    with pytest.raises(services.WishError):
        services.close_wish(wish, by=world.users["clerk"])
    claimed = services.claim_wish(wish, people.me, by=world.users["member"])
    services.close_wish(claimed, by=world.users["clerk"])
    with pytest.raises(services.WishError):
        services.close_wish(claimed, by=world.users["clerk"])


def test_it_refuses_a_completion_date_before_the_claim(world, people):
    claimed = services.claim_wish(make_wish(world.community_a), people.me, by=world.users["member"])
    with pytest.raises(services.WishError):
        services.close_wish(claimed, by=world.users["clerk"], completed_on=dt.date(2020, 1, 1))


def test_it_writes_each_step_into_the_audit_log(world, people):
    wish = make_wish(world.community_a)
    services.claim_wish(wish, people.me, by=world.users["member"])
    entry = LogEntry.objects.get_for_object(wish).filter(action=LogEntry.Action.UPDATE).first()
    assert entry is not None
    assert "status" in entry.changes_dict
    assert entry.actor == world.users["member"]


def test_it_refuses_a_photo_that_is_not_an_image(world, people, media):
    wish = services.claim_wish(make_wish(world.community_a), people.me, by=world.users["member"])
    fake = SimpleUploadedFile("photo.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    with pytest.raises(services.PhotoRefused):
        services.fulfil_wish(wish, by=world.users["member"], note="好了", photo=fake)
    assert Wish.objects.get(pk=wish.pk).fulfilled_at is None
    assert not media.exists() or not any(media.rglob("*"))


def test_it_refuses_a_photo_over_five_megabytes(world, people, media):
    wish = services.claim_wish(make_wish(world.community_a), people.me, by=world.users["member"])
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024))
    with pytest.raises(services.PhotoRefused):
        services.fulfil_wish(wish, by=world.users["member"], note="好了", photo=big)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp"), ("GIF", None)],
)
def test_it_recognises_photos_by_decoding_them(kind, expected):
    upload = SimpleUploadedFile("x", photo_bytes(kind))
    if expected is None:
        with pytest.raises(services.PhotoRefused):
            services.check_photo(upload)
    else:
        assert services.check_photo(upload).content_type == expected


def test_it_refuses_a_decompression_bomb():
    from PIL import Image as PilImage

    output = io.BytesIO()
    PilImage.new("1", (10_000, 6_000)).save(output, "PNG")  # 60 MP in a few KB
    with pytest.raises(services.PhotoRefused):
        services.check_photo(SimpleUploadedFile("bomb.png", output.getvalue()))


def test_it_steps_over_a_number_an_imported_file_took(world):
    year = timezone.localdate().year
    make_wish(world.community_a, f"WX{year}-Z-A-2-002")
    wish = services.publish_wish(world.community_a, "修灯", by=world.users["clerk"])
    assert wish.number == f"WX{year}-Z-A-2-003"


def test_it_deletes_the_photo_with_the_wish(
    world, people, media, django_capture_on_commit_callbacks
):
    wish = services.claim_wish(make_wish(world.community_a), people.me, by=world.users["member"])
    photo = SimpleUploadedFile("p.png", PNG)
    fulfilled = services.fulfil_wish(wish, by=world.users["member"], note="好了", photo=photo)
    stored = media / fulfilled.photo.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        fulfilled.delete()
    assert not stored.exists()
