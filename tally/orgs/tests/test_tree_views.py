from tally.orgs.models import Org, OrgKind
from tally.testing.sheets import check_sheet


def test_it_shows_a_node_with_its_children_and_breadcrumbs(world, login):
    page = login("clerk").get(f"/orgs/{world.street_a.code}/").content.decode()
    assert "甲街道党工委" in page and "甲一村党支部" in page and "甲二社区党委" in page
    # The clerk's breadcrumbs stop at their own node: the zone above is not theirs.
    assert "测试经开区党工委" not in page


def test_it_sends_users_to_their_own_node(world, login):
    assert login("clerk").get("/orgs/")["Location"] == f"/orgs/{world.street_a.code}/"
    assert login("office").get("/orgs/")["Location"] == f"/orgs/{world.root.code}/"


def test_it_hides_a_sibling_street_from_a_clerk(world, login):
    assert login("clerk").get(f"/orgs/{world.village_b.code}/").status_code == 404
    assert login("clerk").get(f"/orgs/{world.root.code}/").status_code == 404


def test_it_searches_only_inside_the_users_subtree(world, login):
    page = login("clerk").get("/orgs/?q=村").content.decode()
    assert "甲一村党支部" in page and "乙一村党支部" not in page


def test_it_adds_a_child_for_the_admin(world, login):
    response = login("admin").post(
        f"/orgs/{world.street_a.code}/add/",
        {"code": "Z-A-3", "name": "甲三村党支部", "kind": OrgKind.VILLAGE},
    )
    assert response.status_code == 302
    child = Org.objects.get(code="Z-A-3")
    assert Org.objects.get_parent(child) == world.street_a and child.kind == OrgKind.VILLAGE


def test_it_refuses_a_duplicate_code_and_writes_nothing(world, login):
    count = Org.objects.count()
    response = login("admin").post(
        f"/orgs/{world.street_a.code}/add/",
        {"code": world.village_b.code, "name": "重复", "kind": OrgKind.VILLAGE},
    )
    assert response.status_code == 200 and "已被使用" in response.content.decode()
    assert Org.objects.count() == count


def test_it_renames_a_node(world, login):
    response = login("admin").post(
        f"/orgs/{world.street_a.code}/edit/",
        {"name": "甲街道党工委（新）", "kind": OrgKind.STREET, "active": "on"},
    )
    assert response.status_code == 302
    world.street_a.refresh_from_db()
    assert world.street_a.name == "甲街道党工委（新）" and world.street_a.active


def test_it_moves_a_subtree_and_the_scope_follows(world, login):
    response = login("admin").post(
        f"/orgs/{world.community_a.code}/move/", {"parent_code": world.street_b.code}
    )
    assert response.status_code == 302
    community = Org.objects.get(pk=world.community_a.pk)
    red = Org.objects.get(pk=world.red_property_a.pk)
    assert Org.objects.get_parent(community) == world.street_b
    assert Org.objects.get_parent(red) == community
    assert login("clerk").get(f"/orgs/{community.code}/").status_code == 404
    assert login("sibling_clerk").get(f"/orgs/{red.code}/").status_code == 200


def test_it_refuses_to_move_a_node_under_its_own_subtree(world, login):
    path_before = Org.objects.get(pk=world.street_a.pk).path
    response = login("admin").post(
        f"/orgs/{world.street_a.code}/move/", {"parent_code": world.red_property_a.code}
    )
    assert response.status_code == 200
    # The rule of an import of the tree, in its words.
    assert "这样设置上级会使组织树形成循环。" in response.content.decode()
    assert Org.objects.get(pk=world.street_a.pk).path == path_before


def test_it_refuses_tree_changes_to_other_roles(world, login):
    for persona in ("office", "clerk", "leader", "member"):
        response = login(persona).post(
            f"/orgs/{world.street_a.code}/edit/", {"name": "x", "kind": OrgKind.STREET}
        )
        assert response.status_code == 403
    world.street_a.refresh_from_db()
    assert world.street_a.name == "甲街道党工委"


def test_a_page_refuses_a_move_with_the_words_of_an_import_of_the_tree(world, login):
    """The tree's pages write through the organisation ledger: a move an import refuses
    is refused by the page for the same reason, and nothing moves."""
    admin = world.users["admin"]
    header = ["组织编码", "组织名称", "上级组织编码", "组织类别"]
    row = [world.street_a.code, world.street_a.name, world.red_property_a.code, OrgKind.STREET]
    batch = check_sheet("orgs", header, [row], admin)
    [import_reason] = [error["message"] for error in batch.errors]
    response = login("admin").post(
        f"/orgs/{world.street_a.code}/move/", {"parent_code": world.red_property_a.code}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent_code"] == [import_reason]
    assert Org.objects.get_parent(Org.objects.get(pk=world.street_a.pk)) == world.root


def test_a_page_adds_a_child_through_the_ledger_and_keeps_the_tree_in_order(world, login):
    response = login("admin").post(
        f"/orgs/{world.community_a.code}/add/",
        {"code": "Z-A-2-2", "name": "甲二小区第二党支部", "kind": OrgKind.RED_PROPERTY},
    )
    assert response.status_code == 302
    child = Org.objects.get(code="Z-A-2-2")
    assert Org.objects.get_parent(child) == world.community_a
    assert child.path.startswith(world.community_a.path) and child.active
