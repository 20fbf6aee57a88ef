"""zh-hans is the default language and its translation is complete."""

import shutil
import subprocess
import sys

import polib
import pytest
from django.conf import settings
from django.test import Client

PO = settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def missing(po: polib.POFile) -> list[str]:
    return [e.msgid for e in po if not e.obsolete and (not e.translated() or e.fuzzy)]


def test_it_translates_every_catalogue_entry():
    assert missing(polib.pofile(str(PO))) == []


def test_it_ships_a_compiled_catalogue_matching_the_source():
    po = polib.pofile(str(PO))
    mo = polib.mofile(str(PO.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert (entry.msgctxt, entry.msgid) in compiled, entry.msgid
        msgstr, plural = compiled[(entry.msgctxt, entry.msgid)]
        if entry.msgid_plural:
            assert {int(k): v for k, v in plural.items()} == {
                int(k): v for k, v in entry.msgstr_plural.items()
            }
        else:
            assert msgstr == entry.msgstr, entry.msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_it_has_every_source_string_in_the_catalogue(tmp_path):
    """Extract the strings afresh (as `make messages` does) into a scratch copy and
    check that nothing new is left untranslated."""
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns("vendor", "__pycache__", "*.pyc")
    shutil.copytree(settings.BASE_DIR / "tally", copy / "tally", ignore=ignore)
    shutil.copytree(settings.BASE_DIR / "locale", copy / "locale")
    shutil.copy(settings.BASE_DIR / "manage.py", copy / "manage.py")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=copy,
        capture_output=True,
        text=True,
        env={
            "TALLY_DEVELOPMENT": "1",
            "TALLY_VAR_DIR": str(tmp_path / "var"),
            "PATH": "/usr/bin:/bin",
        },
        check=False,
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    assert missing(fresh) == [], "run `make messages` and translate the new strings"


def test_it_speaks_chinese_by_default_and_english_on_request(db):
    assert "登录" in Client().get("/accounts/login/").content.decode()
    english = Client(headers={"accept-language": "en"}).get("/accounts/login/")
    assert "Log in" in english.content.decode()
