"""The organisation tree as a ledger (`orgs`): an administrator imports 组织编码, 组织名称,
上级组织编码, 组织类别. Unknown parents, cycles, duplicate codes, unknown kinds and a
second root are errors in the active language, and nothing is written; a valid file adds
and moves nodes."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from tally.ledgers.models import ImportBatch
from tally.orgs.models import Org

HEADERS = ["组织编码", "组织名称", "上级组织编码", "组织类别"]


def csv_file(*rows) -> bytes:
    lines = [",".join(HEADERS), *(",".join(row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def tree() -> dict[str, str]:
    """code → parent code, as stored."""
    by_path = {org.path: org.code for org in Org.objects.all()}
    return {org.code: by_path.get(org.path[: -Org.steplen], "") for org in Org.objects.all()}


def upload(client, data, language="en") -> ImportBatch | None:
    response = client.post(
        reverse("ledgers:import", args=["orgs"]),
        {"file": SimpleUploadedFile("tree.csv", data)},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code in (200, 302)
    return ImportBatch.objects.filter(ledger_key="orgs").order_by("-pk").first()


def commit(client, batch):
    client.post(reverse("ledgers:batch_commit", args=["orgs", batch.pk]))
    batch.refresh_from_db()
    return batch


def errors_of(batch):
    return [(e["line"], e["column"], e["message"]) for e in batch.errors]


@pytest.fixture
def admin(login):
    return login("admin")


def test_it_adds_nodes_parents_first_and_moves_others(admin, world):
    data = csv_file(
        ("Z-C-1", "丙一村党支部", "Z-C", "村党组织"),  # its parent comes later in the file
        ("Z-C", "丙街道党工委", "Z", "街道党工委"),
        ("Z-A-9", "甲街某公司党支部", "Z-B", "两新党组织"),  # moves to street B
        ("Z-D1", "招商服务局", "Z", "机关部门"),  # renamed
    )
    batch = upload(admin, data)
    assert batch.errors == [] and batch.notes == []
    assert (batch.counts["new"], batch.counts["changed"]) == (2, 2)
    assert commit(admin, batch).status == ImportBatch.Status.COMMITTED
    parents = tree()
    assert (parents["Z-C"], parents["Z-C-1"], parents["Z-A-9"]) == ("Z", "Z-C", "Z-B")
    assert Org.objects.get(code="Z-D1").name == "招商服务局"
    assert Org.objects.get(code="Z-C-1").kind == "村党组织"


def test_it_moves_a_node_under_its_former_child(admin, world):
    """Z-A-2-1 leaves Z-A-2 and Z-A-2 goes under it: done in file order, the first move
    would put Z-A-2 inside its own subtree."""
    data = csv_file(
        ("Z-A-2", "甲二社区党委", "Z-A-2-1", "社区党组织"),
        ("Z-A-2-1", "甲二小区党支部", "Z-A", "红色物业小区党支部"),
    )
    batch = upload(admin, data)
    assert batch.errors == []
    assert commit(admin, batch).status == ImportBatch.Status.COMMITTED
    parents = tree()
    assert (parents["Z-A-2-1"], parents["Z-A-2"]) == ("Z-A", "Z-A-2-1")


def test_it_changes_nothing_when_the_export_is_imported(admin, world):
    exported = admin.get(reverse("ledgers:export", args=["orgs"])).content
    before = tree()
    response = admin.post(
        reverse("ledgers:import", args=["orgs"]),
        {"file": SimpleUploadedFile("orgs.xlsx", exported)},
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get(ledger_key="orgs")
    assert batch.counts["unchanged"] == Org.objects.count() and batch.counts["changed"] == 0
    commit(admin, batch)
    assert tree() == before


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [("Z-E", "戊街道", "Z-Q", "街道党工委")],
            [(2, "上级组织编码", "No organisation has the code “Z-Q”.")],
        ),
        (
            [("Z-A", "甲街道党工委", "Z-A-1", "街道党工委")],
            [(2, "上级组织编码", "This parent would make the tree a circle.")],
        ),
        (
            [("Z-E", "戊街道", "Z", "街道党工委"), ("Z-E", "戊街道办", "Z", "街道党工委")],
            [(3, "", "Same 组织编码 as row 2: a record may appear only once.")],
        ),
        (
            [("Z-E", "戊街道", "Z", "街道办")],
            [
                (
                    2,
                    "组织类别",
                    "“街道办” is not one of the choices: 市委、区县党委、党工委、街道党工委、"
                    "村党组织、社区党组织、机关部门、两新党组织、红色物业小区党支部.",
                )
            ],
        ),
        (
            [("Y", "另一个根", "", "党工委")],
            [(2, "上级组织编码", "The tree has one root; give this organisation a parent.")],
        ),
        (
            [("Z E!", "坏编码", "Z", "街道党工委")],
            [(2, "组织编码", "Use letters, digits, '-', '_' or '.' (at most 32).")],
        ),
    ],
    ids=["unknown parent", "cycle", "duplicate code", "unknown kind", "second root", "bad code"],
)
def test_it_refuses_a_broken_tree_and_writes_nothing(admin, world, rows, expected):
    before = tree()
    batch = upload(admin, csv_file(*rows))
    assert errors_of(batch) == expected
    assert commit(admin, batch).status == ImportBatch.Status.PREVIEW
    assert tree() == before


def test_it_gives_the_reasons_in_the_active_language(admin, world):
    data = csv_file(
        ("Z-A", "甲街道党工委", "Z-A-1", "街道党工委"), ("Z-E", "戊", "Z-Q", "街道党工委")
    )
    english = upload(admin, data, "en")
    chinese = upload(admin, data, "zh-hans")
    with translation.override("zh-hans"):
        circle = _("This parent would make the tree a circle.")
        unknown = _("No organisation has the code “%(code)s”.") % {"code": "Z-Q"}
    assert [e[2] for e in errors_of(english)] == [
        "This parent would make the tree a circle.",
        "No organisation has the code “Z-Q”.",
    ]
    assert [e[2] for e in errors_of(chinese)] == [circle, unknown]


def test_it_lets_only_an_administrator_import_the_tree(login, world):
    for persona in ("office", "clerk", "leader"):
        assert login(persona).get(reverse("ledgers:import", args=["orgs"])).status_code == 403


def test_it_links_the_tree_list_to_the_organisation_pages(admin, world):
    page = admin.get(reverse("ledgers:list", args=["orgs"]))
    assert reverse("orgs:detail", args=["Z-A-1"]) in page.content.decode()
    assert "ledgers/orgs/new/" not in page.content.decode()
    assert admin.get(reverse("ledgers:new", args=["orgs"])).status_code == 404
    org = world.village_a
    assert admin.get(reverse("ledgers:delete", args=["orgs", org.pk])).status_code == 404
    detail = admin.post(reverse("ledgers:detail", args=["orgs", org.pk]), {"name": "x"})
    assert detail.status_code == 403
    assert Org.objects.get(pk=org.pk).name == "甲一村党支部"


def test_it_imports_the_tree_from_the_command_line(world, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "tree.csv"
    path.write_bytes(csv_file(("Z-C", "丙街道党工委", "Z", "街道党工委")))
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_ledger", "orgs", str(path), "--as", "admin", stdout=out)
    assert "1 rows: 1 new" in out.getvalue()
    assert tree()["Z-C"] == "Z"
