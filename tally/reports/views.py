"""Report pages for the staff: the templates, a report rendered live for an organisation
and a period (web, Word, PDF), the editor with its live preview, publishing, the
published versions with their frozen evidence and the differences between them, and the
period locks."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tally.accounts.models import Role
from tally.accounts.scoping import home_org, require_roles, scope_queryset
from tally.documents.pdf import INSTALL_HINT, PdfConversionError, PdfUnavailable
from tally.metrics.forms import SelectionForm
from tally.site_settings.store import reporting_period

from . import diff, services
from .document import Template, build_document, period_name
from .forms import PreviewForm, PublishForm, ReopenForm, TemplateForm
from .links import evidence_link, live_link
from .models import FrozenFigure, PeriodLock, Publication, PublishedVersion, ReportTemplate
from .renderers import Links, for_web, to_docx, to_pdf

READ_ROLES = (Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT)
WRITE_ROLES = (Role.ADMIN, Role.OFFICE)
EVIDENCE_PAGE = 50
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def may_write(user) -> bool:
    return user.role in WRITE_ROLES


def base_url(request) -> str:
    """The site's address for links in Word and PDF files: TALLY_SITE_URL, else the
    address this request came to."""
    return settings.SITE_URL or request.build_absolute_uri("/")


def selection(request, data=None) -> SelectionForm:
    source = data if data is not None else request.GET
    return SelectionForm(
        request.user,
        {"org": source.get("org", ""), "period": source.get("period", "")},
        default_org=home_org(request.user),
        default_period=reporting_period(),
    )


def selected(request):
    """(form, org, period): an organisation outside the user's subtree is a 404, as if
    it did not exist; a bad period leaves org and period None (the form says why)."""
    form = selection(request)
    if form.is_valid():
        return form, form.cleaned_data["org"], form.cleaned_data["period"]
    if request.GET.get("org") and "org" in form.errors:
        raise Http404
    return form, None, None


def query(org, period) -> str:
    return urlencode({"org": org.code, "period": period.label})


def file_response(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def download_name(name: str, org_code: str, period: str, suffix: str) -> str:
    from urllib.parse import quote

    return quote(f"{name}-{org_code}-{period}.{suffix}")


# --- the templates and the live report ----------------------------------------------------


@require_roles(*READ_ROLES)
def index(request):
    form = selection(request)
    publications = (
        scope_queryset(
            Publication.objects.select_related("template", "org").prefetch_related("versions"),
            request.user,
        )
        .filter(versions__isnull=False)
        .distinct()
    )
    context = {
        "templates": ReportTemplate.objects.all(),
        "publications": publications,
        "form": form,
        "may_write": may_write(request.user),
        "locks": PeriodLock.objects.active().select_related("org")[:20],
    }
    return render(request, "reports/index.html", context)


def template_or_404(key: str) -> ReportTemplate:
    return get_object_or_404(ReportTemplate, key=key)


@require_roles(*READ_ROLES)
def report(request, key):
    template = template_or_404(key)
    form, org, period = selected(request)
    context = {
        "template": template,
        "form": form,
        "may_write": may_write(request.user),
    }
    if org is not None:
        document = build_document(services.as_template(template), org, period)
        context |= {
            "org": org,
            "period": period,
            "document": for_web(document, Links(live_link)),
            "query": query(org, period),
            "publish_form": PublishForm(),
            "publication": Publication.objects.filter(
                template=template, org=org, period=period.label
            ).first(),
        }
    return render(request, "reports/report.html", context)


def live_document(request, key):
    template = template_or_404(key)
    _form, org, period = selected(request)
    if org is None:
        raise Http404
    return template, org, build_document(services.as_template(template), org, period)


@require_roles(*READ_ROLES)
def report_docx(request, key):
    template, org, document = live_document(request, key)
    data = to_docx(document, Links(live_link, base_url(request)), date=timezone.localdate())
    name = download_name(template.name, org.code, document["period"]["label"], "docx")
    return file_response(data, DOCX_TYPE, name)


@require_roles(*READ_ROLES)
def report_pdf(request, key):
    template, org, document = live_document(request, key)
    try:
        data = to_pdf(document, Links(live_link, base_url(request)), date=timezone.localdate())
    except (PdfUnavailable, PdfConversionError) as error:
        return pdf_unavailable(request, error)
    name = download_name(template.name, org.code, document["period"]["label"], "pdf")
    return file_response(data, "application/pdf", name)


def pdf_unavailable(request, error):
    context = {"error": error, "install_hint": INSTALL_HINT}
    return render(request, "reports/pdf_unavailable.html", context, status=503)


# --- editing ------------------------------------------------------------------------------


@require_roles(*WRITE_ROLES)
def template_new(request):
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.TEXT_FIELDS}
        template = ReportTemplate(key=form.cleaned_data["key"])
        try:
            services.save_template(template, by=request.user, **fields)
        except services.ReportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The template “%(name)s” was created.") % fields)
            return redirect("reports:edit", key=template.key)
    return render(request, "reports/edit.html", editor_context(request, form, None))


@require_roles(*WRITE_ROLES)
def template_edit(request, key):
    template = template_or_404(key)
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.TEXT_FIELDS}
        try:
            services.save_template(
                template, by=request.user, revision=form.cleaned_data["revision"], **fields
            )
        except services.ReportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The template “%(name)s” was saved.") % fields)
            return redirect("reports:edit", key=template.key)
    return render(request, "reports/edit.html", editor_context(request, form, template))


def editor_context(request, form, template) -> dict:
    return {
        "form": form,
        "template": template,
        "selection": selection(request),
        "metrics": sorted_metrics(),
    }


def sorted_metrics():
    from tally.metrics import registry

    return sorted(registry.all_metrics(), key=lambda metric: metric.key)


@require_roles(*WRITE_ROLES)
@require_POST
def template_preview(request):
    """The live preview (htmx): the text being edited, rendered for the organisation and
    period chosen beside it, with every error and every left-out block listed."""
    form = PreviewForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    chosen = selection(request, request.POST)
    context = {"errors": services.template_errors(data["title"], data["subtitle"], data["source"])}
    if chosen.is_valid():
        org, period = chosen.cleaned_data["org"], chosen.cleaned_data["period"]
        template = Template(
            data["key"] or "preview", data["name"], data["title"], data["subtitle"], data["source"]
        )
        document = build_document(template, org, period)
        context |= {
            "document": for_web(document, Links(live_link), chart_prefix="preview-chart"),
            "org": org,
            "period": period,
        }
    else:
        context["selection_errors"] = [str(e) for errors in chosen.errors.values() for e in errors]
    return render(request, "reports/_preview.html", context)


@require_roles(*WRITE_ROLES)
@require_POST
def template_restore(request, key):
    template = template_or_404(key)
    try:
        services.restore_builtin(template, by=request.user)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The built-in text was restored."))
    return redirect("reports:edit", key=template.key)


# --- publishing ---------------------------------------------------------------------------


@require_roles(*WRITE_ROLES)
@require_POST
def publish(request, key):
    template = template_or_404(key)
    chosen = selection(request, request.POST)
    form = PublishForm(request.POST)
    if not chosen.is_valid() or not form.is_valid():
        for errors in chosen.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(f"{reverse('reports:report', args=[key])}")
    org, period = chosen.cleaned_data["org"], chosen.cleaned_data["period"]
    try:
        version = services.publish_report(
            template,
            org,
            period,
            by=request.user,
            lock=form.cleaned_data["lock"],
            public=form.cleaned_data["public"],
            note=form.cleaned_data["note"],
            base_url=base_url(request),
        )
    except services.ReportError as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('reports:report', args=[key])}?{query(org, period)}")
    messages.success(
        request,
        _("Version %(number)d of “%(name)s” for %(org)s, %(period)s, is published.")
        % {
            "number": version.number,
            "name": template.name,
            "org": org.name,
            "period": period_name(period),
        },
    )
    return redirect("reports:version", pk=version.publication_id, number=version.number)


# --- published versions --------------------------------------------------------------------


def publication_or_404(request, pk) -> Publication:
    publications = Publication.objects.select_related("template", "org")
    return get_object_or_404(scope_queryset(publications, request.user), pk=pk)


def version_or_404(request, pk, number) -> PublishedVersion:
    publication = publication_or_404(request, pk)
    return get_object_or_404(
        PublishedVersion.objects.select_related("published_by"),
        publication=publication,
        number=number,
    )


@require_roles(*READ_ROLES)
def publication(request, pk):
    publication = publication_or_404(request, pk)
    latest = publication.versions.order_by("-number").first()
    if latest is None:
        raise Http404
    return redirect("reports:version", pk=pk, number=latest.number)


@require_roles(*READ_ROLES)
def version(request, pk, number):
    version = version_or_404(request, pk, number)
    versions = list(version.publication.versions.order_by("-number").select_related("published_by"))
    context = {
        "version": version,
        "publication": version.publication,
        "versions": versions,
        "document": for_web(version.document, Links(evidence_link(version))),
        "locks": PeriodLock.objects.filter(version__publication=version.publication),
        "may_write": may_write(request.user),
        "install_hint": INSTALL_HINT,
    }
    return render(request, "reports/version.html", context)


@require_roles(*READ_ROLES)
def version_docx(request, pk, number):
    version = version_or_404(request, pk, number)
    name = version_file_name(version, "docx")
    return file_response(bytes(version.docx), DOCX_TYPE, name)


@require_roles(*READ_ROLES)
def version_pdf(request, pk, number):
    version = version_or_404(request, pk, number)
    if version.pdf is None:
        error = PdfUnavailable()
        return pdf_unavailable(request, error)
    return file_response(bytes(version.pdf), "application/pdf", version_file_name(version, "pdf"))


def version_file_name(version, suffix: str) -> str:
    publication = version.publication
    return download_name(
        f"{publication.template.name}-v{version.number}",
        publication.org.code,
        publication.period,
        suffix,
    )


@require_roles(*READ_ROLES)
def evidence(request, pk, number, key):
    """A figure of a published version as it stood: value, definition, breakdown, the
    rows behind it (frozen, masked), and what has changed in them since."""
    version = version_or_404(request, pk, number)
    period = request.GET.get("period") or version.publication.period
    figure = get_object_or_404(FrozenFigure, version=version, key=key, period=period)
    rows = figure.rows.order_by("position")
    page = Paginator(rows, EVIDENCE_PAGE).get_page(request.GET.get("page"))
    input_keys = [item["key"] for item in figure.inputs]
    frozen_inputs = FrozenFigure.objects.filter(version=version, key__in=input_keys)
    inputs = {(f.key, f.period): f for f in frozen_inputs}
    context = {
        "version": version,
        "publication": version.publication,
        "figure": figure,
        "page_obj": page,
        "query_without_page": urlencode({"period": period}) + "&",
        "inputs": [
            {"item": item, "frozen": inputs.get((item["key"], item["period"]))}
            for item in figure.inputs
        ],
        "since": diff.changes_since(figure, version) if figure.has_rows else None,
        "live_url": live_link(key, period, version.publication.org.code),
    }
    return render(request, "reports/evidence.html", context)


@require_roles(*READ_ROLES)
def version_diff(request, pk):
    publication = publication_or_404(request, pk)
    versions = {v.number: v for v in publication.versions.all()}
    if len(versions) < 2:
        raise Http404
    newest = max(versions)
    after = versions.get(_number(request.GET.get("to"), newest))
    before = versions.get(_number(request.GET.get("from"), (after.number if after else 1) - 1))
    if before is None or after is None or before.number == after.number:
        raise Http404
    context = {
        "publication": publication,
        "before": before,
        "after": after,
        "versions": sorted(versions.values(), key=lambda v: -v.number),
        "changes": diff.compare_versions(before, after),
    }
    return render(request, "reports/diff.html", context)


def _number(text, default):
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


# --- period locks -------------------------------------------------------------------------


@require_roles(*WRITE_ROLES)
def locks(request):
    context = {
        "locks": PeriodLock.objects.select_related(
            "org", "locked_by", "reopened_by", "version__publication"
        ),
        "form": ReopenForm(),
    }
    return render(request, "reports/locks.html", context)


@require_roles(*WRITE_ROLES)
@require_POST
def lock_reopen(request, pk):
    lock = get_object_or_404(PeriodLock, pk=pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, services.reason_required())
        return redirect("reports:locks")
    try:
        services.reopen_period(lock, by=request.user, reason=form.cleaned_data["reason"])
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The period is open again for changes."))
    return redirect("reports:locks")
