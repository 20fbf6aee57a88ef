"""Two runs of the same file at once, a number registered in another street, and the file
names the web page and the command line accept (issue 14, smaller defects)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tally.ledgers import services
from tally.ledgers.models import ImportBatch
from tally.ledgers.registry import get_ledger
from tally.lib.idcard import make_id_number
from tally.party.models import Member

from .sheets import xlsx
from .steps import files_under, latest_batch, make_member, upload

HEADERS = ["姓名", "身份证号", "所在党组织编码", "人员类别"]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def members_file(count: int, org_code="Z-A-1") -> bytes:
    rows = [
        [
            f"党员{i}",
            make_id_number("420303", dt.date(1980, 1, 1 + i), i, "男"),
            org_code,
            "正式党员",
        ]
        for i in range(count)
    ]
    return xlsx([HEADERS, *rows])


def run_import(path, username="admin") -> tuple[int, str]:
    out = io.StringIO()
    with translation.override("en"):
        try:
            call_command(
                "import_ledger", "members", str(path), "--as", username, stdout=out, stderr=out
            )
        except SystemExit as exit_:
            return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_the_second_of_two_simultaneous_imports_is_refused_cleanly(
    world, tmp_path, media, monkeypatch
):
    """Both runs check the file before either writes (the race of two terminals): the one
    that writes second meets the unique keys of the first and must leave nothing."""
    path = tmp_path / "members.xlsx"
    path.write_bytes(members_file(20))
    real_check = services.check_file
    raced = []

    def check_then_let_the_other_run_win(ledger, data, user, progress=None):
        checked = real_check(ledger, data, user, progress)
        if not raced:
            raced.append(None)
            raced[0] = services.import_now(ledger, "members.xlsx", data, user=user)
        return checked

    monkeypatch.setattr(services, "check_file", check_then_let_the_other_run_win)
    status, out = run_import(path)
    assert raced, out
    winner = raced[0]
    assert winner.status == ImportBatch.Status.COMMITTED and winner.counts["new"] == 20
    assert status == 1
    assert "Another import wrote some of these records at the same moment" in out
    assert "Traceback" not in out and "IntegrityError" not in out
    loser = ImportBatch.objects.exclude(pk=winner.pk).get()
    assert loser.status == ImportBatch.Status.FAILED  # no preview of "20 new" left over
    assert loser.counts == {} and loser.undo == {} and not loser.file
    assert Member.objects.count() == 20
    assert Member.objects.filter(batch=loser).count() == 0
    assert [p.name for p in files_under(media)] == [f"batch-{winner.pk}.xlsx.enc"]


def test_it_does_not_say_that_a_number_is_registered_in_another_street(login, world):
    make_member(world.village_b, 1).save()  # street B's member
    number = Member.objects.get().id_number
    data = xlsx([HEADERS, ["另一人", number, "Z-A-1", "正式党员"]])
    upload(login("clerk"), "members", "members.xlsx", data, **EN)
    batch = latest_batch("members")
    assert [(e["line"], e["message"]) for e in batch.errors] == [
        (2, "This row cannot be imported by your account.")
    ]
    page = login("clerk").get(reverse("ledgers:batch", args=["members", batch.pk]), **EN)
    text = page.content.decode()
    assert "organisation" not in text.split('id="batch-errors"')[1].split("</table>")[0]
    assert Member.objects.get().org == world.village_b


@pytest.mark.parametrize("name", ["members.xlsm", "members.xlsb", "members"])
def test_the_web_page_and_the_command_line_accept_the_same_file_names(login, world, tmp_path, name):
    data = members_file(1)
    page = upload(login("admin"), "members", name, data, **EN)
    assert page.status_code == 200 and "Upload an Excel (.xlsx, .xls)" in page.content.decode()
    path = tmp_path / name
    path.write_bytes(data)
    status, out = run_import(path)
    assert status == 1 and "Upload an Excel (.xlsx, .xls)" in out
    assert not ImportBatch.objects.exists() and not Member.objects.exists()
    # The same bytes under an accepted name go through both.
    (tmp_path / "members.xlsx").write_bytes(data)
    assert run_import(tmp_path / "members.xlsx")[0] == 0
    assert get_ledger("members").model.objects.count() == 1
