"""Role × URL → status for every page of the reports module and the public showcase.

Objects are made by the path functions, fresh for each persona's test: a small template
over the `events` ledger, and a publication with two versions made without converting a
PDF (publishing itself is tested in test_publishing.py).
"""

from django.urls import reverse
from django.utils import timezone

from tally.documents.pdf import pdf_available
from tally.lib.periods import parse_period
from tally.reports.builtin import install_builtin_templates
from tally.reports.document import Template, build_document
from tally.reports.freezing import freeze_evidence
from tally.reports.models import PeriodLock, Publication, PublishedVersion, ReportTemplate
from tally.testing.permissions import Case, statuses

STAFF_ONLY = {"member": 403}
OFFICE_ONLY = statuses(403, admin=200, office=200)
OFFICE_REDIRECT = statuses(403, admin=302, office=302)
ROOT_ONLY = statuses(200, clerk=404, sibling_clerk=404, **STAFF_ONLY)
SOURCE = "# 一、活动\n举办“大家谈”活动{{ events.talks }}次。\n@chart events.talks by=org"


def small_template(w) -> ReportTemplate:
    install_builtin_templates()
    template, _ = ReportTemplate.objects.get_or_create(
        key="perm", defaults={"name": "权限测试", "title": "{{ org.name }}", "source": SOURCE}
    )
    return template


def published(w, org=None) -> Publication:
    """A public publication of the small template with versions 1 and 2 (no PDF; the
    showcase's copy of version 2 has one)."""
    template = small_template(w)
    org = org or w.root
    publication, created = Publication.objects.get_or_create(
        template=template, org=org, period="2023H1"
    )
    if created:
        for number in (1, 2):
            document = build_document(
                Template("perm", "权限测试", "{{ org.name }}", "", SOURCE),
                org,
                parse_period("2023H1"),
            )
            version = PublishedVersion.objects.create(
                publication=publication,
                number=number,
                title=org.name,
                document=document,
                docx=b"PK",
                pdf=b"%PDF-1.4" if number == 2 else None,
                published_at=timezone.now(),
                published_by=w.users["office"],
            )
            freeze_evidence(version, document, org)
    return publication


def a_lock(w) -> PeriodLock:
    period = parse_period("2023H1")
    lock, _ = PeriodLock.objects.get_or_create(
        org=w.root, period=period.label, start=period.start, end=period.end
    )
    return lock


def report(name, w, org=None) -> str:
    key = small_template(w).key
    query = f"?org={org.code}&period=2023H1" if org is not None else ""
    return reverse(f"reports:{name}", args=[key]) + query


def version_url(name, w, number=1, org=None, *extra) -> str:
    publication = published(w, org)
    return reverse(f"reports:{name}", args=[publication.pk, number, *extra])


CASES = [
    Case("reports:index", lambda w: reverse("reports:index"), statuses(200, **STAFF_ONLY)),
    Case("reports:report", lambda w: report("report", w), statuses(200, **STAFF_ONLY)),
    Case(
        "reports:report",
        lambda w: report("report", w, w.street_a),
        statuses(200, sibling_clerk=404, **STAFF_ONLY),
        label="reports:report street A",
    ),
    Case(
        "reports:report",
        lambda w: reverse("reports:report", args=["no-such"]),
        statuses(404, **STAFF_ONLY),
        label="reports:report unknown template",
    ),
    Case(
        "reports:docx",
        lambda w: report("docx", w, w.street_a),
        statuses(200, sibling_clerk=404, **STAFF_ONLY),
    ),
    Case(
        "reports:pdf",
        lambda w: report("pdf", w, w.root),
        # Without LibreOffice the page says how to install it.
        statuses(200 if pdf_available() else 503, clerk=404, sibling_clerk=404, **STAFF_ONLY),
    ),
    Case("reports:new", lambda w: reverse("reports:new"), OFFICE_ONLY),
    Case("reports:edit", lambda w: report("edit", w), OFFICE_ONLY),
    Case(
        "reports:preview",
        lambda w: reverse("reports:preview"),
        OFFICE_ONLY,
        method="post",
        data=lambda w: {"source": SOURCE, "title": "标题", "org": w.root.code, "period": "2023H1"},
    ),
    Case(
        "reports:restore",
        lambda w: reverse("reports:restore", args=["half-year"]),
        OFFICE_REDIRECT,
        method="post",
    ),
    Case(
        "reports:publish",
        lambda w: report("publish", w),
        OFFICE_REDIRECT,
        method="post",
        data=lambda w: {"org": w.street_b.code, "period": "2023H1", "public": "on"},
    ),
    Case("reports:locks", lambda w: reverse("reports:locks"), OFFICE_ONLY),
    Case(
        "reports:lock_reopen",
        lambda w: reverse("reports:lock_reopen", args=[a_lock(w).pk]),
        OFFICE_REDIRECT,
        method="post",
        data=lambda w: {"reason": "更正导入错误"},
    ),
    Case(
        "reports:publication",
        lambda w: reverse("reports:publication", args=[published(w).pk]),
        statuses(302, clerk=404, sibling_clerk=404, **STAFF_ONLY),
    ),
    Case(
        "reports:publication",
        lambda w: reverse("reports:publication", args=[published(w, w.street_a).pk]),
        statuses(302, sibling_clerk=404, **STAFF_ONLY),
        label="reports:publication street A",
    ),
    Case("reports:version", lambda w: version_url("version", w), ROOT_ONLY),
    Case(
        "reports:version",
        lambda w: version_url("version", w, 1, w.street_a),
        statuses(200, sibling_clerk=404, **STAFF_ONLY),
        label="reports:version street A",
    ),
    Case("reports:version_docx", lambda w: version_url("version_docx", w), ROOT_ONLY),
    Case(
        "reports:version_pdf",
        lambda w: version_url("version_pdf", w, 2),
        ROOT_ONLY,
    ),
    Case(
        "reports:version_pdf",
        lambda w: version_url("version_pdf", w, 1),
        statuses(503, clerk=404, sibling_clerk=404, **STAFF_ONLY),
        label="reports:version_pdf without a PDF",
    ),
    Case(
        "reports:evidence",
        lambda w: version_url("evidence", w, 1, None, "events.talks"),
        ROOT_ONLY,
    ),
    Case(
        "reports:evidence",
        lambda w: version_url("evidence", w, 1, None, "no.such"),
        statuses(404, **STAFF_ONLY),
        label="reports:evidence unknown figure",
    ),
    Case(
        "reports:diff",
        lambda w: reverse("reports:diff", args=[published(w).pk]) + "?from=1&to=2",
        ROOT_ONLY,
    ),
    Case(
        "showcase:report",
        lambda w: reverse("showcase:report", args=[published(w).pk]),
        statuses(200, anonymous=200),
    ),
    Case(
        "showcase:report_pdf",
        lambda w: reverse("showcase:report_pdf", args=[published(w).pk]),
        statuses(200, anonymous=200),
    ),
    Case(
        "showcase:figure",
        lambda w: reverse("showcase:figure", args=[published(w).pk, "events.talks"]),
        statuses(200, anonymous=200),
    ),
    Case(
        "showcase:figure",
        lambda w: reverse("showcase:figure", args=[999999, "events.talks"]),
        statuses(404, anonymous=404),
        label="showcase:figure unpublished",
    ),
]
