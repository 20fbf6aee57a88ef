"""The framework knows no domain, and no two files import each other (see
tally/testing/architecture.py). The checks are tried on small made-up trees first, so
that a check that could never fail cannot pass for this one."""

from pathlib import Path
from textwrap import dedent

from django.conf import settings

from tally.testing.architecture import framework_violations, import_cycles

TALLY = Path(settings.BASE_DIR) / "tally"


def make_tree(root: Path, files: dict[str, str]) -> Path:
    package = root / "tally"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(package).parents:
            (package / parent / "__init__.py").touch()
        path.write_text(dedent(text), encoding="utf-8")
    return package


def test_it_finds_a_framework_module_that_imports_a_domain_app_or_a_demo_module(tmp_path):
    package = make_tree(
        tmp_path,
        {
            "party/ledgers.py": "",
            "ledgers/generic.py": "from tally.party.refs import PERSON_REF\n",
            "metrics/home.py": "def panel():\n    from tally.demo import zone\n",
            "orgs/views.py": "from tally.lib import periods\n",
            "lib/periods.py": "",
            "party/tests/test_x.py": "from tally.party import ledgers\n",
            "ledgers/demo.py": "",
        },
    )
    found = framework_violations(package)
    assert len(found) == 3
    assert found[0].endswith("ledgers/demo.py is a demo module inside the framework")
    assert "generic.py:1 imports tally.party.refs.PERSON_REF" in found[1]
    assert "home.py:2 imports tally.demo.zone" in found[2]


def test_it_finds_files_that_import_each_other_even_inside_functions(tmp_path):
    package = make_tree(
        tmp_path,
        {
            "party/models.py": "def save():\n    from .services import sync\n",
            "party/services.py": "from .models import Member\n",
            "ledgers/a.py": "from tally.ledgers import b\n",
            "ledgers/b.py": "import typing\nif typing.TYPE_CHECKING:\n    from . import c\n",
            "ledgers/c.py": "from .a import x\n",
            "ledgers/d.py": "from .a import x\n",
        },
    )
    assert import_cycles(package) == [
        ["tally.ledgers.a", "tally.ledgers.b", "tally.ledgers.c"],
        ["tally.party.models", "tally.party.services"],
    ]


def test_it_keeps_the_framework_free_of_the_domain():
    assert framework_violations(TALLY) == []


def test_it_has_no_files_importing_each_other():
    assert import_cycles(TALLY) == []
