"""The product's URLs plus a bare Django view: what the server, the middleware and
Django cost for a page that does nothing (the throughput benchmark's peer)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from tally.urls import urlpatterns as product_urls


@login_not_required  # public, as the showcase is
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *product_urls]
