"""Production settings pass `check --deploy`; bad environment values stop the process."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "TALLY_DEVELOPMENT": "0",
    "TALLY_DEBUG": "0",
    "TALLY_SECRET_KEY": "k" * 20 + "x9!Qz" * 8,
    "TALLY_DATA_KEY": "ab" * 32,
    "TALLY_ALLOWED_HOSTS": "tally.example.org",
}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TALLY_", "DJANGO_"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )


def test_it_passes_the_deployment_checklist_in_production_mode():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("TALLY_DEBUG", "maybe", "TALLY_DEBUG must be one of"),
        ("TALLY_SECRET_KEY", "", "TALLY_SECRET_KEY is required"),
        ("TALLY_SECRET_KEY", "short", "at least 50 characters"),
        ("TALLY_DATA_KEY", "", "TALLY_DATA_KEY is required"),
        ("TALLY_ALLOWED_HOSTS", "", "TALLY_ALLOWED_HOSTS is required"),
        ("TALLY_UPLOAD_MAX_MB", "lots", "TALLY_UPLOAD_MAX_MB must be a whole number"),
        ("DATABASE_URL", "mysql://x/y", "DATABASE_URL must be"),
    ],
)
def test_it_refuses_to_start_on_a_bad_setting(variable, value, message):
    result = manage("check", **{**PRODUCTION, variable: value})
    assert result.returncode != 0
    assert message in result.stderr
