"""Editing templates in the UI: errors with their lines under the text and nothing saved,
a live preview for a chosen organisation and period, and two editors who cannot overwrite
each other."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from tally.reports.models import ReportTemplate

pytestmark = pytest.mark.django_db

GOOD = "# 一、活动\n举办“大家谈”活动{{ events.talks }}次。"


def form_data(template, **changes):
    data = {
        "name": template.name,
        "title": template.title,
        "subtitle": template.subtitle,
        "source": template.source,
        "revision": template.revision,
    }
    return data | changes


def test_it_saves_a_valid_text_and_audits_it(login, make_template):
    template = make_template("旧的文字")
    client = login("office")
    response = client.post(
        reverse("reports:edit", args=[template.key]), form_data(template, source=GOOD)
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.source, template.revision) == (GOOD, 2)
    assert template.updated_by.username == "office"
    entry = LogEntry.objects.get_for_object(template).latest("timestamp")
    assert "source" in entry.changes_dict


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("举办{{ events.talk }}次", "没有指标“events.talk”。是不是“events.talks”？"),
        ("\n举办{{ events.talks 次", "第2行：“{{”没有对应的“}}”。"),
        ("@chart events.talks by=year", "不是分组方式"),
    ],
)
def test_it_shows_each_error_and_saves_nothing(login, make_template, source, message):
    template = make_template(GOOD)
    response = login("office").post(
        reverse("reports:edit", args=[template.key]), form_data(template, source=source)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    template.refresh_from_db()
    assert (template.source, template.revision) == (GOOD, 1)


def test_it_refuses_to_overwrite_a_newer_save(login, make_template):
    template = make_template(GOOD)
    stale = form_data(template, source=GOOD + "\n补充一段。")
    first = login("office").post(
        reverse("reports:edit", args=[template.key]), form_data(template, source="先保存的")
    )
    assert first.status_code == 302
    second = login("admin").post(reverse("reports:edit", args=[template.key]), stale)
    assert "其他人已保存过修改" in second.content.decode()
    template.refresh_from_db()
    assert template.source == "先保存的"


def test_it_creates_a_template_with_a_key(login):
    response = login("office").post(
        reverse("reports:new"),
        {"key": "talks", "name": "活动简报", "title": "{{ org.name }}活动", "source": GOOD},
    )
    assert response.status_code == 302
    assert ReportTemplate.objects.get(key="talks").source == GOOD


def test_it_refuses_a_bad_or_taken_key(login, make_template):
    make_template(GOOD, key="taken")
    client = login("office")
    for key in ("Taken Key", "taken"):
        response = client.post(
            reverse("reports:new"), {"key": key, "name": "x", "title": "x", "source": GOOD}
        )
        assert response.status_code == 200
    assert ReportTemplate.objects.filter(key="taken").count() == 1
    assert not ReportTemplate.objects.filter(name="x").exists()


def test_it_previews_the_text_being_edited_for_the_chosen_org_and_period(world, login, talks):
    response = login("office").post(
        reverse("reports:preview"),
        {"title": "{{ org.name }}", "source": GOOD, "org": "Z-A", "period": "2023H1"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-metric="events.talks"' in html
    assert ">2次</a>" in html  # street A's two talks
    assert "甲街道党工委" in html


def test_it_previews_for_an_organisation_chosen_by_name(world, login, talks):
    office = login("office")
    page = office.get(reverse("reports:new")).content.decode()
    assert 'id="preview-org"' in page and "data-org-chooser" in page
    response = office.post(
        reverse("reports:preview"),
        {"title": "{{ org.name }}", "source": GOOD, "org": "乙街道党工委", "period": "2023H1"},
        HTTP_HX_REQUEST="true",
    )
    assert ">1次</a>" in response.content.decode()  # street B's one talk


def test_it_previews_errors_instead_of_a_blank(world, login, talks):
    response = login("office").post(
        reverse("reports:preview"),
        {
            "title": "t",
            "source": "举办{{ events.talk }}次\n\n其余{{ events.talks }}次",
            "org": "Z",
            "period": "2023H1",
        },
    )
    html = response.content.decode()
    assert "内容有 1 处错误" in html
    assert "events.talk”" in html
    assert ">3次</a>" in html  # the rest still previews


def test_it_says_when_the_preview_period_cannot_be_read(login, world):
    response = login("office").post(
        reverse("reports:preview"), {"title": "t", "source": GOOD, "org": "Z", "period": "2023H3"}
    )
    assert response.status_code == 200
    assert "alert-warning" in response.content.decode()


def test_it_restores_the_builtin_text(login, half_year):
    client = login("office")
    client.post(reverse("reports:edit", args=["half-year"]), form_data(half_year, source=GOOD))
    half_year.refresh_from_db()
    assert half_year.customised
    client.post(reverse("reports:restore", args=["half-year"]))
    half_year.refresh_from_db()
    assert not half_year.customised and "{{ training.classes }}" in half_year.source


def test_it_keeps_an_edited_builtin_template_on_the_next_migrate(login, half_year):
    from tally.reports.builtin import install_builtin_templates

    login("office").post(
        reverse("reports:edit", args=["half-year"]), form_data(half_year, source=GOOD)
    )
    install_builtin_templates()
    half_year.refresh_from_db()
    assert half_year.source == GOOD


def test_it_lets_no_clerk_or_leader_edit(login, make_template):
    template = make_template(GOOD)
    for persona in ("clerk", "leader", "member"):
        response = login(persona).post(
            reverse("reports:edit", args=[template.key]), form_data(template, source="改")
        )
        assert response.status_code == 403
    template.refresh_from_db()
    assert template.source == GOOD
