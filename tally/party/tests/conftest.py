"""Fixtures of the party tests: members with valid (fictional) ID numbers, and importing
a sheet through the real pipeline (check, then commit)."""

import datetime as dt

import pytest

from tally.lib.idcard import make_id_number
from tally.party.models import Member, TrainingClass

REGION = "420302"  # a fictional use of a real-looking region code


def id_number(seq: int, gender: str = "男") -> str:
    """A valid ID number, distinct per seq (the birth date moves on every 100)."""
    birth = dt.date(1985, 6, 1) + dt.timedelta(days=seq // 100)
    return make_id_number(REGION, birth, seq % 100, gender)


def phone_number(seq: int) -> str:
    return f"139{seq:08d}"


MEMBER_HEADER = [
    "姓名",
    "性别",
    "身份证号",
    "手机号",
    "所在党组织编码",
    "人员类别",
    "入党日期",
    "居住社区编码",
    "是否干部",
    "工作单位",
]


def member_row(seq, org_code, *, name=None, gender="男", category="正式党员", join="2010-07-01"):
    return [
        name or f"党员{seq}",
        gender,
        id_number(seq, gender),
        phone_number(seq),
        org_code,
        category,
        join,
        "",
        "否",
        "青山精密模具有限公司",
    ]


@pytest.fixture
def make_member(world):
    """make_member(seq, org, ...) → a saved Member (history written by save())."""

    def make(seq, org, *, category="正式党员", join_date=dt.date(2010, 7, 1), name=None, **extra):
        member = Member(
            name=name or f"党员{seq}",
            org=org,
            category=category,
            join_date=join_date,
            gender=extra.pop("gender", "男"),
            **extra,
        )
        member.id_number = id_number(seq, member.gender)
        member.phone = phone_number(seq)
        member.save()
        return member

    return make


CLASS_HEADER = ["培训班编号", "培训班名称", "层级", "培训对象", "主办组织编码", "开始日期"]
ATTENDANCE_HEADER = ["培训班编号", "身份证号"]


def add_class(number, start, *, organizer, level="区级", audience="党员干部"):
    """A training class starting on `start` (a date or its ISO text)."""
    return TrainingClass.objects.create(
        number=number,
        name=f"培训班{number}",
        level=level,
        audience=audience,
        organizer=organizer,
        start_date=dt.date.fromisoformat(start) if isinstance(start, str) else start,
    )
