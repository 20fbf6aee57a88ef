"""Publishing: a version frozen with its text, files and evidence rows; unchanged by later
data changes; a second version after a corrected import, and the difference between the
two naming the figure that changed and the rows behind the change."""

import io
import re

import docx
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tally.documents.pdf import pdf_available
from tally.ledgers.models import GenericRecord
from tally.lib.periods import parse_period
from tally.reports import showcase
from tally.reports.diff import compare_versions
from tally.reports.models import FrozenFigure, PeriodLock, Publication, PublishedVersion
from tally.reports.services import ReportError, publish_report, reopen_period

from .conftest import EVENT_HEADER, TALK, add_talk, import_rows

pytestmark = pytest.mark.django_db
H1 = parse_period("2023H1")
SOURCE = "# 一、活动\n举办“大家谈”活动{{ events.talks }}次。\n@chart events.talks by=org"
BASE = "https://tally.example.org"


@pytest.fixture
def template(make_template):
    return make_template(SOURCE, key="talks")


def publish(template, world, **options):
    """Publish through the service, without the PDF (converting takes seconds; the web
    test publishes with it)."""
    options.setdefault("by", world.users["office"])
    options.setdefault("with_pdf", False)
    return publish_report(template, world.root, H1, base_url=BASE, **options)


def figure_text(version, key="events.talks"):
    blocks = version.document["blocks"]
    return next(s["text"] for b in blocks for s in b.get("segments", ()) if s.get("figure") == key)


def test_it_freezes_the_text_files_and_evidence_with_time_and_publisher(world, template, talks):
    before = showcase.generation()
    version = publish(template, world, note="首次发布")
    assert (version.number, version.published_by.username, version.note) == (
        1,
        "office",
        "首次发布",
    )
    assert figure_text(version) == "3次"
    frozen = FrozenFigure.objects.get(version=version, key="events.talks")
    assert (frozen.value, frozen.text, frozen.row_count, frozen.ledger) == (3, "3", 3, "events")
    assert "能力作风建设大家谈" in frozen.definition
    assert {child["code"]: child["value"] for child in frozen.breakdown} == {
        "Z-A": 2,
        "Z-B": 1,
        "Z-D1": 0,
    }
    rows = list(frozen.rows.order_by("position").values_list("record_id", "cells"))
    assert [record_id for record_id, _cells in rows] == sorted(t.pk for t in talks)
    assert rows[0][1][0] == "甲一村大家谈"
    document = docx.Document(io.BytesIO(bytes(version.docx)))
    link = next(h for p in document.paragraphs for h in p.hyperlinks)
    evidence = f"/reports/published/{version.publication_id}/v1/evidence/events.talks/"
    assert link.url == f"{BASE}{evidence}?period=2023H1"
    assert showcase.generation() != before
    assert LogEntry.objects.get_for_object(version).exists()


def test_it_stays_as_published_when_the_data_change(world, template, talks, login):
    version = publish(template, world)
    add_talk(world.village_b, "2023-06-01", "乙一村第二次大家谈")
    renamed = talks[0]
    renamed.data = {**renamed.data, "name": "甲一村大家谈（更正）"}
    renamed.save()
    talks[2].delete()

    client = login("leader")
    page = client.get(reverse("reports:version", args=[version.publication_id, 1])).content.decode()
    assert ">3次</a>" in page
    evidence = client.get(
        reverse("reports:evidence", args=[version.publication_id, 1, "events.talks"])
        + "?period=2023H1"
    ).content.decode()
    assert "甲一村大家谈</td>" in evidence  # the row as published
    assert "发布以来有 3 条明细发生变化" in evidence
    assert "乙一村第二次大家谈" in evidence  # added
    assert "甲一村大家谈（更正）" in evidence  # changed
    assert "乙一村大家谈" in evidence  # removed


def test_it_publishes_a_second_version_and_names_what_changed(world, template, talks, login):
    first = publish(template, world)
    batch = import_rows(
        "events",
        EVENT_HEADER,
        [["乙二社区大家谈", TALK, "Z-B-2", "2023-06-18"]],
        world.users["office"],
    )
    assert batch.status == "committed", batch.errors
    second = publish(template, world, note="补录乙二社区活动")
    assert (second.number, figure_text(second), figure_text(first)) == (2, "4次", "3次")

    [change] = [c for c in compare_versions(first, second) if c.value_changed]
    assert (change.key, change.before, change.after) == ("events.talks", "3", "4")
    assert [cells[0] for _id, cells in change.rows.added] == ["乙二社区大家谈"]
    assert change.rows.removed == [] and change.rows.changed == []

    page = (
        login("leader")
        .get(reverse("reports:diff", args=[first.publication_id]) + "?from=1&to=2")
        .content.decode()
    )
    assert 'data-metric="events.talks"' in page
    assert re.search(r"<del[^>]*>3</del> → <ins[^>]*>4</ins>", page)
    assert "乙二社区大家谈" in page and "新增" in page


def test_it_refuses_an_empty_report_and_writes_nothing(world, make_template):
    for source in ("", "只有一段{{ no_such.metric }}。"):
        template = make_template(source, key=f"empty{len(source)}")
        with pytest.raises(ReportError, match="没有内容"):
            publish(template, world)
    assert not Publication.objects.exists() and not PublishedVersion.objects.exists()


def test_it_publishes_from_the_web_and_refuses_a_bad_period(world, template, talks, login):
    client = login("office")
    path = reverse("reports:publish", args=["talks"])
    bad = client.post(path, {"org": "Z", "period": "2023H9", "public": "on"}, follow=True)
    assert "alert-danger" in bad.content.decode()
    assert not PublishedVersion.objects.exists()
    response = client.post(path, {"org": "Z", "period": "2023H1", "public": "on"})
    version = PublishedVersion.objects.get()
    assert response["Location"] == reverse("reports:version", args=[version.publication_id, 1])
    if pdf_available():
        assert bytes(version.pdf).startswith(b"%PDF")
    assert login("clerk").post(path, {"org": "Z-A", "period": "2023H1"}).status_code == 403
    assert PublishedVersion.objects.count() == 1


def test_it_locks_the_period_on_publishing_and_reopens_it_with_a_reason(world, template, talks):
    version = publish(template, world, lock=True)
    lock = PeriodLock.objects.active().get()
    assert (lock.org, lock.start, lock.end, lock.version) == (world.root, H1.start, H1.end, version)
    assert PeriodLock.objects.covering(world.village_a.path, H1.end).exists()
    assert not PeriodLock.objects.covering(world.village_a.path, H1.end.replace(month=7)).exists()
    with pytest.raises(ReportError, match="解锁原因"):
        reopen_period(lock, by=world.users["office"], reason="  ")
    reopen_period(lock, by=world.users["office"], reason="补录乙二社区活动")
    lock.refresh_from_db()
    assert not lock.is_active and lock.reopen_reason == "补录乙二社区活动"
    entry = LogEntry.objects.get_for_object(lock).latest("timestamp")
    assert entry.changes_dict["reopen_reason"][1] == "补录乙二社区活动"
    assert not PeriodLock.objects.covering(world.village_a.path, H1.end).exists()


def test_it_reopens_from_the_locks_page(world, template, talks, login):
    publish(template, world, lock=True)
    lock = PeriodLock.objects.get()
    client = login("office")
    assert "report-locks" in client.get(reverse("reports:locks")).content.decode()
    path = reverse("reports:lock_reopen", args=[lock.pk])
    client.post(path, {"reason": ""})
    assert PeriodLock.objects.active().exists()
    client.post(path, {"reason": "更正导入错误"})
    assert not PeriodLock.objects.active().exists()


def test_it_keeps_the_evidence_of_a_derived_figure_and_its_inputs(world, make_template, talks):
    template = make_template("覆盖率{{ env.facilities.rate }}", key="rate")
    version = publish(template, world)
    rate = FrozenFigure.objects.get(version=version, key="env.facilities.rate")
    assert not rate.has_rows and rate.text == "—"
    assert {item["key"] for item in rate.inputs} == {
        "env.facilities.completed",
        "env.facilities.found",
    }
    assert FrozenFigure.objects.filter(version=version, key="env.facilities.found").exists()


def test_it_marks_a_figure_whose_rows_changed_under_the_same_value(world, template, talks):
    first = publish(template, world)
    renamed = talks[1]
    renamed.data = {**renamed.data, "name": "甲二社区大家谈（更正）"}
    renamed.save()
    second = publish(template, world)
    [change] = compare_versions(first, second)
    assert not change.value_changed
    [(_id, before, after)] = change.rows.changed
    assert (before[0], after[0]) == ("甲二社区大家谈", "甲二社区大家谈（更正）")


def test_it_counts_an_unchanged_republication_as_no_change(world, template, talks):
    first, second = publish(template, world), publish(template, world)
    assert compare_versions(first, second) == []
    assert GenericRecord.objects.count() == 3
