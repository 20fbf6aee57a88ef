"""Fixtures of the supervision tests."""

import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Assertions that read reasons in English, whatever the catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
