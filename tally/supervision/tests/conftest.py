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


@pytest.fixture(autouse=True)
def fresh_cache():
    """The public bulletin pages are cached for a minute: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def receiver(settings):
    """The three platforms' hosts routed to one local receiver."""
    from .receiver import Receiver, start_receiver

    found = Receiver()
    server = start_receiver(found)
    settings.SUPERVISION_WEBHOOK_ROUTES = dict.fromkeys(
        ("qyapi.weixin.qq.com", "oapi.dingtalk.com", "open.feishu.cn"), found.url
    )
    yield found
    server.shutdown()
    server.server_close()
