"""The party member's phone pages: the hub, 双报到, commitments, wishes to claim, claimed
wishes with fulfilment and photo, volunteer activities — each member sees only their own
records and their own community's wishes."""

import datetime as dt
import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from PIL import Image

from tally.community import services
from tally.community.models import Commitment, Participation, Registration, Wish, WishStatus

from .factories import make_activity, make_wish, photo_bytes

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
JPEG = photo_bytes("JPEG", with_location=True)


def member_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_shows_the_hub_with_what_is_waiting(world, people, login):
    make_wish(world.community_a, "WX-1")
    make_wish(world.community_b, "WX-2")
    response = login("member").get(reverse("community:me"), **EN)
    assert response.status_code == 200
    assert response.context["waiting_count"] == 1
    assert response.context["community"] == world.community_a
    assert "Hello, 陈志强" in response.content.decode()


def test_it_tells_a_member_without_a_record_what_to_do(world, login):
    response = login("member").get(reverse("community:me"), **EN)
    assert response.status_code == 200
    assert "not linked" in response.content.decode()
    claim = login("member").post(reverse("community:my_wish_claim", args=[1]), **EN)
    assert claim.status_code == 200
    assert not Wish.objects.exists()


def test_it_keeps_staff_off_the_member_pages(world, login):
    assert login("clerk").get(reverse("community:me")).status_code == 403


def test_it_registers_the_member_at_the_chosen_community(world, people, login):
    client = login("member")
    page = client.get(reverse("community:my_registration"))
    assert page.context["form"].initial["community"] == world.community_a
    response = client.post(
        reverse("community:my_registration"), {"community": world.community_a.pk}
    )
    assert response.status_code == 302
    registration = Registration.objects.get(member=people.me)
    assert registration.community == world.community_a
    assert registration.registered_on == timezone.localdate()


def test_it_moves_the_registration_and_refuses_a_village(world, people, login):
    client = login("member")
    services.register_member(
        people.me, world.community_a, by=world.users["member"], on=dt.date(2023, 3, 1)
    )
    client.post(reverse("community:my_registration"), {"community": world.community_b.pk})
    registration = Registration.objects.get(member=people.me)
    assert registration.community == world.community_b
    history = LogEntry.objects.get_for_object(registration).filter(action=LogEntry.Action.UPDATE)
    assert history.get().changes_dict["community"] == [
        str(world.community_a.pk),
        str(world.community_b.pk),
    ]
    response = client.post(reverse("community:my_registration"), {"community": world.village_a.pk})
    assert response.status_code == 200
    assert Registration.objects.get(member=people.me).community == world.community_b


def test_it_adds_a_commitment_and_marks_it_done(world, people, login):
    client = login("member")
    client.post(reverse("community:my_commitments"), {"content": "每月为独居老人理发一次"})
    commitment = Commitment.objects.get(member=people.me)
    assert (commitment.community, commitment.status) == (world.community_a, "进行中")
    again = client.post(reverse("community:my_commitments"), {"content": "每月为独居老人理发一次"})
    assert again.status_code == 200 and Commitment.objects.count() == 1
    client.post(reverse("community:my_commitment_done", args=[commitment.pk]))
    commitment.refresh_from_db()
    assert commitment.status == "已完成" and commitment.completed_on == timezone.localdate()


def test_it_hides_another_members_commitment(world, people, login):
    theirs = services.add_commitment(people.neighbour, "清理楼道", by=people.neighbour_user)
    response = login("member").post(reverse("community:my_commitment_done", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "进行中"


def test_it_lists_only_the_waiting_wishes_of_the_members_community(world, people, login):
    mine = make_wish(world.community_a, "WX-1", content="修水龙头")
    make_wish(world.community_a, "WX-2", content="已被认领的", status=WishStatus.CLAIMED)
    make_wish(world.community_b, "WX-3", content="别的社区")
    response = login("member").get(reverse("community:my_community_wishes"))
    assert list(response.context["wishes"]) == [mine]
    assert "别的社区" not in response.content.decode()


def test_it_claims_a_wish_and_shows_it_as_mine(world, people, login):
    wish = make_wish(world.community_a, "WX-1", content="修水龙头")
    client = login("member")
    response = client.post(
        reverse("community:my_wish_claim", args=[wish.pk]), {"version": "0"}, follow=True, **EN
    )
    assert response.redirect_chain[-1][0] == reverse("community:my_claims")
    assert "The wish is yours" in response.content.decode()
    wish.refresh_from_db()
    assert (wish.claimer, wish.status) == (people.me, WishStatus.CLAIMED)
    assert list(response.context["wishes"]) == [wish]


def test_it_tells_the_later_claimer_the_wish_is_taken(world, people, login):
    wish = make_wish(world.community_a, "WX-1")
    services.claim_wish(wish, people.neighbour, by=people.neighbour_user)
    response = login("member").post(
        reverse("community:my_wish_claim", args=[wish.pk]), {"version": "0"}, follow=True, **EN
    )
    assert "Someone else has just claimed this wish" in response.content.decode()
    assert Wish.objects.get(pk=wish.pk).claimer == people.neighbour


def test_it_answers_404_for_a_wish_of_another_community(world, people, login):
    wish = make_wish(world.community_b, "WX-1")
    response = login("member").post(reverse("community:my_wish_claim", args=[wish.pk]))
    assert response.status_code == 404
    assert Wish.objects.get(pk=wish.pk).status == WishStatus.WAITING


def test_it_fulfils_with_a_note_and_a_photo_seen_only_by_those_concerned(
    world, people, login, media
):
    wish = services.claim_wish(make_wish(world.community_a), people.me, by=world.users["member"])
    client = login("member")
    form = client.get(reverse("community:wish_fulfil", args=[wish.pk]))
    assert form.status_code == 200
    photo = SimpleUploadedFile("me.jpg", JPEG, content_type="image/jpeg")
    response = client.post(
        reverse("community:wish_fulfil", args=[wish.pk]), {"note": "已修好", "photo": photo}
    )
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.fulfil_note == "已修好" and wish.photo_type == "image/jpeg"
    served = client.get(reverse("community:wish_photo", args=[wish.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    stored = b"".join(served.streaming_content)
    assert Image.open(io.BytesIO(stored)).size == (40, 30)
    # Encoded afresh: no EXIF, so neither the phone nor the place it was taken.
    assert b"PhoneMaker" not in stored and not Image.open(io.BytesIO(stored)).getexif()
    assert "no-store" in served["Cache-Control"]
    neighbour = member_client(people.neighbour_user)
    assert neighbour.get(reverse("community:wish_photo", args=[wish.pk])).status_code == 404
    assert neighbour.get(reverse("community:wish_fulfil", args=[wish.pk])).status_code == 404
    assert login("clerk").get(reverse("community:wish_photo", args=[wish.pk])).status_code == 200
    sibling = login("sibling_clerk")
    assert sibling.get(reverse("community:wish_photo", args=[wish.pk])).status_code == 404


@pytest.mark.parametrize(
    "disguised",
    [
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00<html><script>alert(1)</script></html>",
        b"\x89PNG\r\n\x1a\n<html><body>not a picture</body></html>",
        photo_bytes("JPEG")[:120],  # cut short
        photo_bytes("GIF"),  # a real image, of a kind not taken
    ],
    ids=["jpeg-header-then-html", "png-header-then-html", "truncated-jpeg", "gif"],
)
def test_it_refuses_a_picture_header_before_something_else(world, people, login, media, disguised):
    wish = services.claim_wish(make_wish(world.community_a), people.me, by=world.users["member"])
    fake = SimpleUploadedFile("photo.jpg", disguised, content_type="image/jpeg")
    response = login("member").post(
        reverse("community:wish_fulfil", args=[wish.pk]), {"note": "好了", "photo": fake}, **EN
    )
    assert "JPEG, PNG or WebP" in response.content.decode()
    wish.refresh_from_db()
    assert wish.fulfilled_at is None and not wish.photo


def test_it_refuses_a_disguised_file_as_photo(world, people, login, media):
    wish = services.claim_wish(make_wish(world.community_a), people.me, by=world.users["member"])
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = login("member").post(
        reverse("community:wish_fulfil", args=[wish.pk]), {"note": "好了", "photo": fake}, **EN
    )
    assert response.status_code == 200
    assert "JPEG, PNG or WebP" in response.content.decode()
    wish.refresh_from_db()
    assert wish.fulfilled_at is None and not wish.photo


def test_it_lets_the_member_join_an_activity_of_the_community(world, people, login, team):
    activity = make_activity(team, date=timezone.localdate() + dt.timedelta(days=3))
    client = login("member")
    page = client.get(reverse("community:my_activities"))
    assert list(page.context["activities"]) == [activity]
    client.post(reverse("community:my_activity_join", args=[activity.pk]))
    client.post(reverse("community:my_activity_join", args=[activity.pk]))
    participation = Participation.objects.get(member=people.me)
    assert (participation.activity_name, participation.date) == (activity.name, activity.date)
    assert participation.community == world.community_a
    assert participation.volunteer_activity == activity
    assert client.get(reverse("community:my_activities")).context["joined"] == {activity.pk}


def test_it_answers_404_for_an_activity_elsewhere_or_long_past(world, people, login, team):
    old = make_activity(team, "旧活动", date=timezone.localdate() - dt.timedelta(days=90))
    response = login("member").post(reverse("community:my_activity_join", args=[old.pk]))
    assert response.status_code == 404
    outsider = member_client(people.neighbour_user)
    services.register_member(people.neighbour, world.community_b, by=people.neighbour_user)
    recent = make_activity(team, "新活动")
    assert outsider.post(reverse("community:my_activity_join", args=[recent.pk])).status_code == 404
    assert not Participation.objects.exists()


def test_it_links_the_training_record_when_the_party_app_has_it(world, people, login):
    response = login("member").get(reverse("community:me"))
    try:
        url = reverse("party:my_training")
    except NoReverseMatch:
        url = None
    assert response.context["training_url"] == url
    if url:
        assert url in response.content.decode()
