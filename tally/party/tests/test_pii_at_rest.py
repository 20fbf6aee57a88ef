"""ID-card and phone numbers are encrypted at rest: no plaintext anywhere in the database
after imports (also refused ones), found through the blind index, and a wrong key fails
closed."""

import pytest
from django.db import connection

from tally.lib import pii
from tally.lib.pii import PiiDecryptError
from tally.party.models import Member, Returnee
from tally.testing.sheets import import_sheet

from .conftest import MEMBER_HEADER, id_number, member_row, phone_number

pytestmark = pytest.mark.django_db(transaction=True)

RETURNEE_HEADER = ["姓名", "身份证号", "类别", "所在村社区编码", "流向或来源地", "登记日期"]


def database_text() -> bytes:
    """Every byte the database holds: the SQLite file image, or on PostgreSQL every row
    of every table as JSON (bytea shows as hex there, so hex is searched too)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return bytes(connection.connection.serialize())
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')  # noqa: S608
            chunks.extend(row[0] for row in cursor.fetchall())
    return "\n".join(chunks).encode("utf-8")


def assert_absent(data: bytes, plaintexts: list[str]) -> None:
    lowered = data.lower()
    for text in plaintexts:
        raw = text.encode("utf-8")
        assert raw not in data, text
        assert raw.hex().encode() not in lowered, text  # bytea as hex on PostgreSQL
        assert text.encode("utf-16-le") not in data, text


@pytest.fixture
def imported(world):
    clerk = world.users["clerk"]
    members = [member_row(i, "Z-A-1") for i in range(1, 6)]
    assert import_sheet("members", MEMBER_HEADER, members, clerk).status == "committed"
    returnees = [["王五", id_number(50), "返乡能人", "Z-A-1", "广东省深圳市", "2023-02-10"]]
    assert import_sheet("returnees", RETURNEE_HEADER, returnees, clerk).status == "committed"
    # A refused attendance import keeps its errors: one names an unknown person.
    refused = import_sheet(
        "training_attendance", ["培训班编号", "身份证号"], [["NO-SUCH", id_number(77)]], clerk
    )
    assert refused.error_count
    # A transfer by import, so that history and undo snapshots exist too.
    moved = [member_row(1, "Z-A-2")]
    assert import_sheet("members", MEMBER_HEADER, moved, clerk).status == "committed"
    return [id_number(i) for i in range(1, 6)] + [id_number(50), id_number(77)], [
        phone_number(i) for i in range(1, 6)
    ]


def test_it_keeps_no_plaintext_id_or_phone_in_the_database(imported):
    ids, phones = imported
    data = database_text()
    assert "党员3".encode() in data and "广东省深圳市".encode() in data  # the rows are there
    assert_absent(data, ids + phones)


def test_it_finds_a_member_by_the_blind_index_of_the_id(imported):
    number = id_number(3)
    member = Member.objects.get(id_index=pii.id_index(number.lower()[:17] + number[17]))
    assert member.name == "党员3"
    assert member.id_number == number
    assert member.phone == phone_number(3)
    assert Returnee.objects.get(id_index=pii.id_index(id_number(50))).name == "王五"


def test_it_fails_closed_with_a_wrong_key(imported, settings):
    member_pk = Member.objects.get(name="党员2").pk
    settings.DATA_KEY = "ab" * 32
    pii._cipher_for.cache_clear()
    try:
        member = Member.objects.get(pk=member_pk)
        with pytest.raises(PiiDecryptError, match="wrong TALLY_DATA_KEY"):
            member.id_number  # noqa: B018
        with pytest.raises(PiiDecryptError):
            member.phone  # noqa: B018
        # Look-ups under another key find nobody rather than the wrong person.
        assert not Member.objects.filter(id_index=pii.id_index(id_number(2))).exists()
    finally:
        pii._cipher_for.cache_clear()
