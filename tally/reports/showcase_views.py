"""The public showcase: published reports (their latest version) with their charts, each
figure's definition and breakdown by organisation, and the sections other modules add
(the weekly bulletins). No login; nothing unpublished; never a person-level row.

The pages are cached (showcase.cached_page) and rendered from reports/public_base.html,
which, unlike base.html, carries no CSRF token and nothing of the visitor: a cached page
is the same for everyone and must not hand one visitor's token to the next.
"""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.translation import get_language

from . import showcase
from .links import public_link
from .models import FrozenFigure, Publication, PublishedVersion
from .renderers import Links, for_web


def cached(request, render) -> HttpResponse:
    key = f"{get_language()}:{request.get_full_path()}"
    content, content_type = showcase.cached_page(key, render)
    return HttpResponse(content, content_type=content_type)


def page(template: str, context: dict):
    def render():
        return render_to_string(template, context).encode(), "text/html; charset=utf-8"

    return render


def public_publications():
    return (
        Publication.objects.filter(public=True, versions__isnull=False)
        .select_related("template", "org")
        .annotate(latest_number=Max("versions__number"), latest_at=Max("versions__published_at"))
        .order_by("-latest_at")
    )


def latest_version_or_404(pk) -> PublishedVersion:
    publication = get_object_or_404(public_publications(), pk=pk)
    return get_object_or_404(
        PublishedVersion.objects.select_related("publication__org", "publication__template"),
        publication=publication,
        number=publication.latest_number,
    )


@login_not_required
def index(request):
    def render():
        reports = list(public_publications())
        sections = [(section.title, section.items()) for section in showcase.sections()]
        context = {"reports": reports, "sections": sections}
        return page("reports/showcase/index.html", context)()

    return cached(request, render)


@login_not_required
def report(request, pk):
    version = latest_version_or_404(pk)
    context = {
        "version": version,
        "publication": version.publication,
        "document": for_web(version.document, Links(public_link(version.publication))),
    }
    return cached(request, page("reports/showcase/report.html", context))


@login_not_required
def report_pdf(request, pk):
    version = latest_version_or_404(pk)
    if version.pdf is None:
        raise Http404
    response = HttpResponse(bytes(version.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="report-{pk}-v{version.number}.pdf"'
    return response


@login_not_required
def figure(request, pk, key):
    """A figure's definition and breakdown by organisation, as published: the rows behind
    it are for staff only and are not reachable from here."""
    version = latest_version_or_404(pk)
    period = request.GET.get("period") or version.publication.period
    frozen = get_object_or_404(
        FrozenFigure.objects.only(
            "key", "period", "label", "unit", "text", "definition", "breakdown", "inputs"
        ),
        version=version,
        key=key,
        period=period,
    )
    context = {"version": version, "publication": version.publication, "figure": frozen}
    return cached(request, page("reports/showcase/figure.html", context))
