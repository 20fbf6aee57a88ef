"""What the community tests build: members with valid (made-up) ID numbers, wishes,
volunteer activities, and sheets imported through the real pipeline. Plain functions,
usable from fixtures, tests and permission_cases."""

import datetime as dt
import io

from django.utils import timezone

from tally.lib.idcard import make_id_number
from tally.party.models import Member

from ..models import VolunteerActivity, Wish

REGION = "420303"


def id_number(seq: int) -> str:
    """A valid ID number, distinct per seq."""
    birth = dt.date(1980, 3, 1) + dt.timedelta(days=seq // 100)
    return make_id_number(REGION, birth, seq % 100, "男")


def make_member(seq: int, org, *, residence=None, user=None, name=None) -> Member:
    member = Member(
        name=name or f"党员{seq}", org=org, residence=residence, user=user, category="正式党员"
    )
    member.id_number = id_number(seq)
    member.phone = f"139{seq:08d}"
    member.save()
    return member


def make_wish(community, number="WX-T-001", *, content="为独居老人修理水龙头", **extra) -> Wish:
    extra.setdefault("published_on", dt.date(2023, 3, 1))
    return Wish.objects.create(number=number, community=community, content=content, **extra)


def make_activity(team, name="上门陪伴独居老人", date=None) -> VolunteerActivity:
    return VolunteerActivity.objects.create(
        team=team, name=name, date=date or timezone.localdate(), serves=team.serves
    )


def messages_of(batch) -> list[str]:
    return [e["message"] for e in batch.errors] + list(batch.notes)


def photo_bytes(kind: str = "JPEG", *, size=(40, 30), with_location: bool = False) -> bytes:
    """A real small photo; `with_location` adds the EXIF a phone writes (maker, GPS)."""
    from PIL import Image

    image = Image.new("RGB", size, (200, 60, 40))
    exif = Image.Exif()
    if with_location:
        exif[0x010F] = "PhoneMaker"
        exif[0x8825] = {1: "N", 2: (32.0, 38.0, 0.0), 3: "E", 4: (110.0, 47.0, 0.0)}
    output = io.BytesIO()
    image.save(output, kind, exif=exif)
    return output.getvalue()
