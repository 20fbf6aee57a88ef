import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """The modules here translate their messages; the tests read them in English, the
    source language, whatever the default language and its catalogue say."""
    with translation.override("en"):
        yield
