"""Writes of the community module: registering, commitments, joining activities, and the
micro-wish workflow (publish → claim → fulfil → close). The web views, the member's phone
pages and the imports all go through these functions.

Why a conditional UPDATE: SQLite has no row locks (select_for_update is a no-op there), so
"read the wish, see it is waiting, write the claim" would let two members claim the same
wish. Each step is instead one `UPDATE … WHERE id = ? AND status = ? AND version = ?`
inside a transaction; the database lets exactly one of two concurrent updates match, on
SQLite (the write lock, taken by BEGIN IMMEDIATE) as on PostgreSQL (the row lock, then the
WHERE clause is checked again). The loser matches no row and is told why.
"""

import io
import warnings
from dataclasses import dataclass
from datetime import date, timedelta

from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from tally.accounts.scoping import can_write_org
from tally.lib.queries import in_subtree, subtree_lookup
from tally.orgs.models import Org, OrgKind

from .models import (
    COMMUNITY_KINDS,
    Commitment,
    CommitmentStatus,
    Participation,
    Registration,
    VolunteerActivity,
    Wish,
    WishConflict,
    WishError,
    WishStatus,
    WishTaken,
    wish_photo_name,
)

__all__ = ["WishConflict", "WishError", "WishTaken"]

PHOTO_MAX_BYTES = 5 * 1024 * 1024
# Members may join volunteer activities from this many days ago on (and any later one).
JOIN_WINDOW_DAYS = 30
WISH_NOTE_MAX = 1000


class CommunityError(Exception):
    """A community step that cannot be done; the message is for the user."""


class PhotoRefused(WishError):
    pass


# --- the member's community -------------------------------------------------------------


def home_community(member) -> Org | None:
    """The community a member's pages show: where the member registered (双报到), else
    the residence community of the member record."""
    registration = Registration.objects.filter(member=member).select_related("community").first()
    if registration is not None:
        return registration.community
    residence = member.residence
    if residence is not None and residence.kind in COMMUNITY_KINDS:
        return residence
    return None


def acts_for(by, member) -> bool:
    """Whether `by` is the member's own login."""
    return by is not None and by.pk is not None and member.user_id == by.pk


# --- registrations, commitments, participation --------------------------------------------


def register_member(member, community: Org, *, by, on: date | None = None) -> Registration:
    """双报到: the member registers at a community. One registration per member: a new
    community replaces the old one (the audit log keeps the earlier one); registering
    again at the same community changes nothing."""
    if community.kind not in COMMUNITY_KINDS:
        raise CommunityError(_("Members register at a community party organisation."))
    if not (acts_for(by, member) or can_write_org(by, community)):
        raise PermissionDenied
    on = on or timezone.localdate()
    with transaction.atomic():
        registration = Registration.objects.filter(member=member).first()
        if registration is None:
            try:
                with transaction.atomic():
                    return Registration.objects.create(
                        member=member, community=community, registered_on=on
                    )
            except IntegrityError:  # registered a moment ago, in another tab
                registration = Registration.objects.get(member=member)
        if registration.community_id == community.pk:
            return registration
        registration.community, registration.registered_on = community, on
        registration.batch = None
        registration.save()
        return registration


def add_commitment(member, content: str, *, by, on: date | None = None) -> Commitment:
    community = home_community(member)
    if community is None:
        raise CommunityError(_("Register at your community first."))
    if not (acts_for(by, member) or can_write_org(by, community)):
        raise PermissionDenied
    content = " ".join(content.split())
    if not content:
        raise CommunityError(_("Say what you commit to do."))
    try:
        with transaction.atomic():
            return Commitment.objects.create(
                member=member,
                community=community,
                content=content[:200],
                promised_on=on or timezone.localdate(),
            )
    except IntegrityError:
        raise CommunityError(_("You have already made this commitment here.")) from None


def complete_commitment(commitment: Commitment, *, by, on: date | None = None) -> Commitment:
    if not (acts_for(by, commitment.member) or can_write_org(by, commitment.community)):
        raise PermissionDenied
    if commitment.status == CommitmentStatus.DONE:
        return commitment
    commitment.status = CommitmentStatus.DONE
    commitment.completed_on = max(on or timezone.localdate(), commitment.promised_on)
    commitment.batch = None
    commitment.save(update_fields=["status", "completed_on", "batch", "updated_at"])
    return commitment


def joinable_activities(community: Org):
    """Volunteer activities of teams in the community (or below it), recent or upcoming."""
    since = timezone.localdate() - timedelta(days=JOIN_WINDOW_DAYS)
    activities = VolunteerActivity.objects.filter(date__gte=since).select_related("team")
    return in_subtree(activities, community, "team__org")


def join_activity(member, activity: VolunteerActivity, *, by) -> Participation:
    """The member joins a volunteer activity: a participation (下沉参与) at the member's
    community, named and dated as the activity. The team's own 参与人数 is the team's
    figure and stays as reported."""
    if not acts_for(by, member):
        raise PermissionDenied
    community = home_community(member)
    if community is None:
        raise CommunityError(_("Register at your community first."))
    if not joinable_activities(community).filter(pk=activity.pk).exists():
        raise CommunityError(_("This activity is not open to join."))
    participation, _created = Participation.objects.get_or_create(
        member=member,
        community=community,
        activity_name=activity.name,
        date=activity.date,
        defaults={"volunteer_activity": activity},
    )
    return participation


# --- wishes -------------------------------------------------------------------------------


def next_wish_number(community: Org, year: int, *, skip: int = 0) -> str:
    """WX2023-QS-DC-03-012: the community's wishes of the year, counted on. `skip` steps
    over numbers taken meanwhile (or by an imported file)."""
    prefix = f"WX{year}-{community.code}-"
    taken = Wish.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1 + skip:03d}"


def publish_wish(community: Org, content: str, *, by, published_on: date | None = None) -> Wish:
    if community.kind not in COMMUNITY_KINDS:
        raise WishError(_("Wishes are published by a community party organisation."))
    if not can_write_org(by, community):
        raise PermissionDenied
    content = " ".join(content.split())
    if not content:
        raise WishError(_("Say what the wish is."))
    published_on = published_on or timezone.localdate()
    for attempt in range(20):  # two clerks publishing at once may pick the same number
        try:
            with transaction.atomic():
                return Wish.objects.create(
                    number=next_wish_number(community, published_on.year, skip=attempt),
                    community=community,
                    content=content[:300],
                    published_on=published_on,
                )
        except IntegrityError:
            continue
    raise WishError(_("Could not number the wish; try again."))


def claim_wish(wish: Wish, member, *, by) -> Wish:
    """A member claims a waiting wish (on the phone, or recorded by the community's
    clerk). Exactly one of two simultaneous claims wins; the other gets WishTaken."""
    if can_write_org(by, wish.community):
        pass  # the community's clerk records a claim made on paper or by phone call
    elif not acts_for(by, member) or home_community(member) != wish.community:
        raise PermissionDenied  # a member claims in their own community only
    changes = {"claimer": member, "claiming_unit": None}
    return _claim(wish, changes, by=by)


# Organisations whose members serve the whole zone (机关进社区): they claim wishes of any
# community. Every other organisation claims within its own subtree only.
ZONE_WIDE_CLAIMERS = (OrgKind.DEPARTMENT, OrgKind.ZONE, OrgKind.DISTRICT, OrgKind.CITY)


def claimable_by(org: Org):
    """The condition on wishes that `org` may claim for its members."""
    if org.kind in ZONE_WIDE_CLAIMERS:
        return Q()
    return Q(**{subtree_lookup("community"): org.path})


def may_claim_for(org: Org, wish: Wish) -> bool:
    return org.kind in ZONE_WIDE_CLAIMERS or wish.community.path.startswith(org.path)


def claim_wish_for_unit(wish: Wish, org: Org, *, by) -> Wish:
    """A unit (its clerk, for their own organisation) claims a wish on behalf of its
    members: a department anywhere in the zone, a street or community in its subtree."""
    if not can_write_org(by, org) or not may_claim_for(org, wish):
        raise PermissionDenied
    changes = {"claimer": None, "claiming_unit": org}
    return _claim(wish, changes, by=by)


def _claim(wish: Wish, changes: dict, *, by) -> Wish:
    changes |= {
        "status": WishStatus.CLAIMED,
        "claimed_on": max(timezone.localdate(), wish.published_on),
        "claimed_by": by,
    }
    return _transition(wish, WishStatus.WAITING, changes, by=by)


def may_fulfil(wish: Wish, user) -> bool:
    if wish.claimer_id is not None and wish.claimer.user_id == user.pk:
        return True
    return wish.claiming_unit_id is not None and can_write_org(user, wish.claiming_unit)


def fulfil_wish(wish: Wish, *, by, note: str, photo=None) -> Wish:
    """The claimer says it is done: a note and, if any, a photo. The community then
    confirms and closes it. A second report before closing replaces the first."""
    if not may_fulfil(wish, by):
        raise PermissionDenied
    note = note.strip()
    if not note:
        raise WishError(_("Say briefly what was done."))
    changes = {"fulfil_note": note[:WISH_NOTE_MAX], "fulfilled_at": timezone.now()}
    stored = None
    if photo is not None:
        clean = check_photo(photo)
        changes["photo_type"] = clean.content_type
        stored = default_storage.save(wish_photo_name(wish, photo.name), ContentFile(clean.content))
        changes["photo"] = stored
    old_photo = wish.photo.name if wish.photo else ""
    try:
        fresh = _transition(wish, WishStatus.CLAIMED, changes, by=by)
    except WishError:
        if stored:
            default_storage.delete(stored)
        raise
    if stored and old_photo:
        default_storage.delete(old_photo)
    return fresh


def close_wish(wish: Wish, *, by, completed_on: date | None = None) -> Wish:
    """The community confirms that the wish came true: 已完成, with its 完成日期."""
    if not can_write_org(by, wish.community):
        raise PermissionDenied
    completed_on = completed_on or timezone.localdate()
    if wish.claimed_on and completed_on < wish.claimed_on:
        raise WishError(_("The completion date is before the claim date."))
    changes = {"status": WishStatus.DONE, "completed_on": completed_on, "closed_by": by}
    return _transition(wish, WishStatus.CLAIMED, changes, by=by)


def record_wish_change(wish: Wish, changes: dict, *, by, batch=None) -> None:
    """A wish changed by a file or a record form (the wishes ledger): the workflow's
    conditional UPDATE on the version that was checked, so that a claim made meanwhile on
    a phone is never overwritten. Whoever records the claim of a waiting wish claimed it."""
    if wish.status == WishStatus.WAITING and changes.get("status") != WishStatus.WAITING:
        changes = {**changes, "claimed_by": by}
    if not _update_if_unchanged(wish, changes, batch=batch):
        if batch is None:
            raise WishConflict(_("The wish was changed meanwhile; open it again."))
        raise WishConflict(
            _("Wish %(number)s changed while the file was imported; check the file again.")
            % {"number": wish.number}
        )
    if batch is None:  # a form's one wish is audited like a workflow step
        _audit(wish, Wish.objects.get(pk=wish.pk), by)


def _update_if_unchanged(wish: Wish, changes: dict, *, status=None, batch=None) -> bool:
    """The one conditional UPDATE on (version[, status]): of two concurrent writers,
    exactly one matches the row."""
    current = Wish.objects.filter(pk=wish.pk, version=wish.version)
    if status is not None:
        current = current.filter(status=status)
    updated = current.update(
        **changes, version=F("version") + 1, batch=batch, updated_at=timezone.now()
    )
    return bool(updated)


def _transition(wish: Wish, expected: str, changes: dict, *, by) -> Wish:
    """One conditional UPDATE on (status, version); the loser of a race is told why."""
    with transaction.atomic():
        if not _update_if_unchanged(wish, changes, status=expected):
            raise _refusal(wish, expected)
        fresh = Wish.objects.select_related("community", "claimer", "claiming_unit").get(pk=wish.pk)
        _audit(wish, fresh, by)
    return fresh


def _refusal(wish: Wish, expected: str) -> WishError:
    status = Wish.objects.filter(pk=wish.pk).values_list("status", flat=True).first()
    if expected == WishStatus.WAITING and status != WishStatus.WAITING:
        return WishTaken(_("Someone else has just claimed this wish."))
    if status != expected:
        return WishConflict(
            _("This wish is now “%(status)s”; the step is no longer possible.") % {"status": status}
        )
    return WishConflict(_("The wish was changed meanwhile; open it again."))


def _audit(old: Wish, new: Wish, by) -> None:
    """A conditional UPDATE bypasses the audit log's signals: log the change by hand."""
    changes = model_instance_diff(old, new)
    if changes:
        actor = by if getattr(by, "pk", None) else None
        LogEntry.objects.log_create(
            new, action=LogEntry.Action.UPDATE, changes=changes, actor=actor
        )


# --- photos --------------------------------------------------------------------------

# Pillow's format name → what the photo is served as.
PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# Larger than any phone camera, far below a decompression bomb.
PHOTO_MAX_PIXELS = 50_000_000


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    content_type: str


def check_photo(photo) -> CleanPhoto:
    """The photo decoded and encoded again, or PhotoRefused saying why.

    A check of the first bytes lets through a JPEG header followed by HTML; decoding the
    whole image proves it is one, and encoding it afresh keeps only the pixels: nothing
    appended, and no EXIF data (a phone's photo carries where it was taken)."""
    if photo.size > PHOTO_MAX_BYTES:
        raise PhotoRefused(
            _("The photo is larger than %(mb)d MB.") % {"mb": PHOTO_MAX_BYTES // (1024 * 1024)}
        )
    photo.seek(0)
    try:
        image = decoded_image(photo)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        image = None
    finally:
        photo.seek(0)
    if image is None:
        raise PhotoRefused(_("Upload a photo in JPEG, PNG or WebP format."))
    return reencoded(image)


def decoded_image(photo) -> Image.Image | None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(photo, formats=tuple(PHOTO_FORMATS))
        if image.width * image.height > PHOTO_MAX_PIXELS:
            return None
        image.load()  # every byte of the image, not its header only
    return image


def reencoded(image: Image.Image) -> CleanPhoto:
    kind = image.format
    upright = ImageOps.exif_transpose(image)  # as the phone showed it, before EXIF goes
    output = io.BytesIO()
    if kind == "JPEG":
        upright.convert("RGB").save(output, "JPEG", quality=85, optimize=True)
    elif kind == "PNG":
        upright.save(output, "PNG", optimize=True)
    else:
        upright.save(output, "WEBP", quality=85)
    return CleanPhoto(output.getvalue(), PHOTO_FORMATS[kind])
