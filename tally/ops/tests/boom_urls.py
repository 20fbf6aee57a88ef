"""The site's URLs plus one that fails, to see the 500 page."""

from django.urls import path

from tally.urls import urlpatterns as site_urlpatterns


def boom(request):
    local_secret = "local-variable-value-4711"  # noqa: F841 - must never reach the page
    raise RuntimeError("boom-marker")


urlpatterns = [path("boom/", boom), *site_urlpatterns]
