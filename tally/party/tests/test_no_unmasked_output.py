"""No page or export of the party app shows an unmasked ID-card or phone number to any
persona (the unmasked view and export exist only behind a stated reason)."""

import pytest
from django.urls import reverse

from tally.ledgers.models import ImportBatch
from tally.ledgers.reading import read_table
from tally.lib.masking import UNMASKED_ID_PATTERN, UNMASKED_PHONE_PATTERN
from tally.party.models import Member, Returnee, TrainingClass
from tally.testing.permissions import PERSONAS
from tally.testing.sheets import import_sheet

from .conftest import MEMBER_HEADER, id_number, member_row

pytestmark = pytest.mark.django_db

PARTY_LEDGERS = (
    "members",
    "training_classes",
    "training_attendance",
    "theme_days",
    "visits",
    "returnees",
    "leader_claims",
    "elections",
)


@pytest.fixture
def filled(world):
    clerk = world.users["clerk"]
    rows = [member_row(i, "Z-A-1" if i % 2 else "Z-A-2") for i in range(1, 7)]
    import_sheet("members", MEMBER_HEADER, rows, clerk)
    import_sheet(
        "training_classes",
        ["培训班编号", "培训班名称", "层级", "培训对象", "主办组织编码", "开始日期"],
        [["PX-1", "党员培训班", "街道级", "党员干部", "Z-A", "2023-03-01"]],
        clerk,
    )
    import_sheet(
        "training_attendance",
        ["培训班编号", "身份证号"],
        [["PX-1", id_number(1)], ["PX-1", id_number(2)]],
        clerk,
    )
    import_sheet(
        "returnees",
        ["姓名", "身份证号", "类别", "所在村社区编码", "流向或来源地", "登记日期"],
        [["王五", id_number(50), "流动党员", "Z-A-1", "广东省深圳市", "2023-02-10"]],
        clerk,
    )
    # A refused file: its preview and error list must be masked too.
    bad = member_row(7, "Z-B-1")
    import_sheet(
        "members",
        MEMBER_HEADER,
        [bad, ["某人", "男", id_number(8), "13912345678", "NOPE", "正式党员", "", "", "", ""]],
        clerk,
    )
    return world


def party_urls(world) -> list[str]:
    member = Member.objects.filter(org=world.village_a).first()
    training_class = TrainingClass.objects.get(number="PX-1")
    urls = [
        reverse("party:index"),
        reverse("party:members"),
        reverse("party:members") + "?q=党员",
        reverse("party:member_detail", args=[member.pk]),
        reverse("party:member_transfer", args=[member.pk]),
        reverse("party:classes") + "?period=2023",
        reverse("party:class_detail", args=[training_class.pk]),
        reverse("party:coverage") + "?period=2023",
        reverse("party:coverage") + "?org=Z-A&period=2023",
        reverse("party:untrained", args=["Z-A"]) + "?period=2023",
        reverse("party:untrained_export", args=["Z-A"]) + "?period=2023",
        reverse("party:theme_days") + "?year=2023",
        reverse("party:my_training"),
        reverse("home"),
        reverse("admin:party_member_changelist"),
        reverse("admin:party_member_change", args=[member.pk]),
        reverse("admin:party_returnee_changelist"),
        reverse("admin:party_attendance_changelist"),
    ]
    for key in PARTY_LEDGERS:
        urls += [
            reverse("ledgers:list", args=[key]),
            reverse("ledgers:export", args=[key]),
            reverse("ledgers:template", args=[key]),
            reverse("ledgers:batches", args=[key]),
        ]
    urls.append(reverse("ledgers:detail", args=["members", member.pk]))
    urls.append(reverse("ledgers:detail", args=["returnees", Returnee.objects.get().pk]))
    for batch in ImportBatch.objects.all():
        urls.append(reverse("ledgers:batch", args=[batch.ledger_key, batch.pk]))
    return urls


def response_text(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        table = read_table(response.content)
        return "\n".join(" ".join(str(cell) for cell in row) for row in table.rows)
    return response.content.decode()


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_it_shows_no_unmasked_number_to_anyone(filled, login, persona):
    client = login(persona)
    seen = set()
    for url in party_urls(filled):
        response = client.get(url)
        if response.status_code != 200:
            continue
        seen.add(url)
        text = response_text(response)
        leaked = UNMASKED_ID_PATTERN.search(text) or UNMASKED_PHONE_PATTERN.search(text)
        assert leaked is None, (persona, url, leaked.group())
    if persona in ("admin", "office", "clerk", "leader"):
        assert reverse("party:untrained_export", args=["Z-A"]) + "?period=2023" in seen
    if persona == "admin":
        assert reverse("admin:party_member_changelist") in seen
    assert seen


def test_it_shows_masked_numbers_in_the_lists_and_exports(filled, login):
    client = login("clerk")
    page = client.get(reverse("ledgers:list", args=["members"])).content.decode()
    assert id_number(1)[:3] + "*" * 11 + id_number(1)[-4:] in page
    text = response_text(client.get(reverse("ledgers:export", args=["members"])))
    assert "139****0001" in text


def test_it_exports_members_unmasked_with_a_reason(filled, login):
    url = reverse("ledgers:export_unmasked", args=["members"])
    assert login("clerk").get(url).status_code == 403
    response = login("office").post(url, {"reason": "组织关系集中转接核对"})
    assert response.status_code == 200
    text = response_text(response)
    assert id_number(1) in text and "13900000001" in text
