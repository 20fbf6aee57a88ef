"""The writes of the reports module, each one verb used by the web, the CLI and tests:
saving a template, publishing a report, locking and reopening a period."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tally.lib.periods import Period, parse_period
from tally.metrics import registry
from tally.orgs.models import Org

from . import showcase
from .builtin import builtin_template
from .document import Template, build_document, period_name
from .freezing import freeze_evidence
from .language import check, parse
from .links import evidence_link
from .models import PeriodLock, Publication, PublishedVersion, ReportTemplate
from .renderers import Links, to_docx

TEXT_FIELDS = ("name", "title", "subtitle", "source")


def reason_required() -> str:
    return _("Say why the period is reopened: the reason is kept in the audit log.")


class ReportError(Exception):
    """What the office is told, in plain Chinese, when a write is refused; nothing has
    been written."""


def as_template(template: ReportTemplate) -> Template:
    return Template(template.key, template.name, template.title, template.subtitle, template.source)


def template_errors(title: str, subtitle: str, source: str) -> list:
    """Everything wrong with a template's text: malformed placeholders and @ lines, and
    metric keys the registry does not know."""
    known = [metric.key for metric in registry.all_metrics()]
    errors = check(parse(source), known)
    for field_text in (title, subtitle):
        errors = check(parse(field_text.replace("\n", " ")), known) + errors
    # Once each, in the order of the text (sorted() keeps the order within a line).
    return sorted(dict.fromkeys(errors), key=lambda error: error.line)


@transaction.atomic
def save_template(template: ReportTemplate, *, by, revision: int | None = None, **fields):
    """Save the template's new text after checking it; ReportError (nothing saved) when
    it has errors or when someone else saved it since `revision` was read."""
    values = {name: fields.get(name, getattr(template, name)) for name in TEXT_FIELDS}
    errors = template_errors(values["title"], values["subtitle"], values["source"])
    if errors:
        raise ReportError("；".join(str(error) for error in errors))
    if template.pk is not None:
        # The row is read again under the write lock: the revision check and the save
        # cannot be split by another editor's save.
        template = ReportTemplate.objects.select_for_update().get(pk=template.pk)
        if revision is not None and template.revision != revision:
            raise ReportError(
                _(
                    "Someone else saved this template after you opened it: reload it and "
                    "apply your changes again."
                )
            )
        template.customised = True
        template.revision += 1
    for name, value in values.items():
        setattr(template, name, value)
    template.updated_by = by
    template.save()  # save(), not update(): the audit log records the change
    return template


@transaction.atomic
def restore_builtin(template: ReportTemplate, *, by) -> ReportTemplate:
    builtin = builtin_template(template.key)
    if not template.builtin or builtin is None:
        raise ReportError(_("This template is not a built-in one."))
    template = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    for name, value in builtin.fields().items():
        setattr(template, name, value)
    template.customised = False
    template.revision += 1
    template.updated_by = by
    template.save()
    return template


# --- publishing ---------------------------------------------------------------------------


def publish_report(
    template: ReportTemplate,
    org: Org,
    period: Period,
    *,
    by,
    lock: bool = False,
    public: bool = True,
    note: str = "",
    base_url: str,
    with_pdf: bool = True,
) -> PublishedVersion:
    """Publish the report of `template` for `org`'s subtree and `period` as a new
    version: its document, its Word file and its evidence are frozen with the time and
    the publisher. `lock` also locks the period for the subtree; `with_pdf` converts the
    Word file (a few seconds with LibreOffice). ReportError when there is nothing to
    publish; nothing is written then."""
    publication = _publication(template, org, period, public)
    try:
        version = _publish_version(
            publication, template, org, period, by=by, note=note, lock=lock, base_url=base_url
        )
    finally:
        if not publication.versions.exists():
            publication.delete()
    if with_pdf:
        attach_pdf(version)
    showcase.invalidate()
    return version


# A publisher who finds the report just published by someone else starts again on the
# new data: twice is already rare for one office.
ATTEMPTS = 3


def _publish_version(publication, template, org, period, *, by, note, lock, base_url):
    for _attempt in range(ATTEMPTS):
        try:
            with _snapshot_transaction():
                version = _new_version(publication, template, org, period, by=by, note=note)
                version.docx = to_docx(
                    version.document,
                    Links(evidence_link(version), base_url),
                    date=timezone.localdate(version.published_at),
                )
                # update(): the audit log keeps the publication, not the file's bytes.
                PublishedVersion.objects.filter(pk=version.pk).update(docx=version.docx)
                if lock:
                    lock_period(org, period, by=by, version=version)
                return version
        except OperationalError as error:
            if not _is_serialization_failure(error):
                raise
        except IntegrityError:
            raise ReportError(published_meanwhile()) from None
    raise ReportError(published_meanwhile())


def published_meanwhile() -> str:
    return _("Someone published this report at the same moment: look at its versions, then retry.")


def _publication(template, org, period, public) -> Publication:
    publication, _created = Publication.objects.get_or_create(
        template=template, org=org, period=period.label, defaults={"public": public}
    )
    if publication.public != public:
        Publication.objects.filter(pk=publication.pk).update(public=public)
        publication.public = public
    return publication


@contextmanager
def _snapshot_transaction():
    """A transaction in which every figure and every frozen row is read from one snapshot
    of the data, even while an import commits meanwhile.

    PostgreSQL accepts SET TRANSACTION only as the first statement of a transaction, so
    the isolation is chosen only when this block opens the transaction itself: not inside
    a caller's transaction, nor when autocommit is off (the block is then a savepoint in a
    transaction that may have run queries already). A caller's transaction keeps its own
    isolation. SQLite's write transaction is one snapshot already."""
    opens_transaction = not connection.in_atomic_block and connection.get_autocommit()
    with transaction.atomic():
        if opens_transaction and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def _is_serialization_failure(error: OperationalError) -> bool:
    """PostgreSQL's answer (SQLSTATE 40001) when, in a repeatable-read snapshot, the
    publication row was changed by someone who published meanwhile."""
    return getattr(error.__cause__, "sqlstate", None) == "40001"


def _next_number(publication: Publication) -> int:
    """The next version number, counted on the publication row held locked until the
    transaction ends: concurrent publishers of the same report queue up behind it."""
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    number = locked.last_number + 1
    Publication.objects.filter(pk=publication.pk).update(last_number=number)
    return number


def _new_version(publication, template, org, period, *, by, note) -> PublishedVersion:
    number = _next_number(publication)
    document = build_document(as_template(template), org, period)
    if not document["blocks"]:
        raise ReportError(_("The report is empty: there is nothing to publish."))
    version = PublishedVersion.objects.create(
        publication=publication,
        number=number,
        title=_title_text(document),
        document=document,
        docx=b"",
        note=note.strip(),
        published_at=timezone.now(),
        published_by=by,
        template_source=template.source,
    )
    freeze_evidence(version, document, org)
    return version


def _title_text(document: dict) -> str:
    return "".join(segment["text"] for segment in document["title"])[:200]


def attach_pdf(version: PublishedVersion) -> None:
    """The PDF of the frozen Word file, where LibreOffice is installed; without it the
    version has none and its page says how to install it."""
    from tally.documents.pdf import PdfConversionError, PdfUnavailable, docx_to_pdf

    try:
        pdf = docx_to_pdf(bytes(version.docx))
    except (PdfUnavailable, PdfConversionError):
        return
    PublishedVersion.objects.filter(pk=version.pk).update(pdf=pdf)
    version.pdf = pdf


# --- period locks -------------------------------------------------------------------------


def lock_period(org: Org, period: Period, *, by, version=None) -> PeriodLock:
    """Lock the period for the organisation's subtree (again, if it was reopened)."""
    existing = PeriodLock.objects.active().filter(org=org, start=period.start, end=period.end)
    lock = existing.first()
    if lock is not None:
        return lock
    return PeriodLock.objects.create(
        org=org,
        period=period.label,
        start=period.start,
        end=period.end,
        version=version,
        locked_by=by,
    )


@transaction.atomic
def reopen_period(lock: PeriodLock, *, by, reason: str) -> PeriodLock:
    """Reopen a locked period; the reason is required and kept (and audited)."""
    reason = (reason or "").strip()
    if not reason:
        raise ReportError(reason_required())
    updated = PeriodLock.objects.filter(pk=lock.pk, reopened_at__isnull=True)
    lock = updated.select_for_update().first()
    if lock is None:
        raise ReportError(_("This period has already been reopened."))
    lock.reopened_at = timezone.now()
    lock.reopened_by = by
    lock.reopen_reason = reason[:500]
    # save(), not update(): the audit log records the change with its author.
    lock.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    return lock


def lock_message(lock: PeriodLock) -> str:
    return _(
        "The data of %(period)s (%(start)s to %(end)s) for %(org)s were locked when the "
        "report was published. Ask the party committee office to reopen the period."
    ) % {
        "period": period_name(parse_period(lock.period)),
        "start": lock.start.isoformat(),
        "end": lock.end.isoformat(),
        "org": lock.org.name,
    }
