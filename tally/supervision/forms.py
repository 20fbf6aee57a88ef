"""Forms of the supervision pages. They parse and check what a person types; the rules
that need the database or the workflow are the services' (services.py)."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tally.lib.cells import CellError, parse_date
from tally.lib.lights import LightRules
from tally.orgs.choosing import ANY, WRITE
from tally.orgs.models import Org, OrgKind
from tally.orgs.widgets import OrgChoiceField

from .models import Frequency, InspectionKind, Platform, ProblemStatus, TaskSource

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"})
TEXT = {"class": "form-control"}


def text_area(rows=3):
    return forms.Textarea(attrs={"class": "form-control", "rows": rows})


class UserForm(forms.Form):
    """A form whose organisation choosers choose among what its user may choose."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, OrgChoiceField):
                field.user = user


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once; each is checked by the service (attachments.py)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


# --- tasks -------------------------------------------------------------------------------


class TaskForm(UserForm):
    number = forms.CharField(label=_("Task number"), max_length=40, widget=forms.TextInput(TEXT))
    name = forms.CharField(label=_("Task"), max_length=200, widget=forms.TextInput(TEXT))
    source = forms.ChoiceField(
        label=_("Source"),
        choices=TaskSource.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    lead_leader = forms.CharField(
        label=_("Leading leader"), max_length=50, required=False, widget=forms.TextInput(TEXT)
    )
    lead_unit = OrgChoiceField(label=_("Lead unit"), scope=ANY)
    partners = OrgChoiceField(
        label=_("Cooperating units"), scope=ANY, multiple=True, required=False
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE_WIDGET)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE_WIDGET)
    requirement = forms.CharField(
        label=_("Supervision requirement"), required=False, widget=text_area(3)
    )
    milestones = forms.CharField(
        label=_("Milestones"),
        required=False,
        widget=text_area(3),
        help_text=_(
            "Optional, one per line: date, expected progress in %, what is reached — "
            "e.g. <code>2023-06-30 50 主体封顶</code>. Without milestones the expected "
            "progress runs in a straight line from the start to the deadline."
        ),
    )

    FIELDS = ("number", "name", "source", "lead_leader", "lead_unit", "start_date", "deadline")

    def clean_milestones(self):
        return parse_milestones(self.cleaned_data["milestones"])

    def clean(self):
        data = super().clean()
        start, deadline = data.get("start_date"), data.get("deadline")
        if start and deadline and deadline < start:
            self.add_error("deadline", _("The deadline is before the start date."))
        return data

    def task_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in (*self.FIELDS, "requirement")}


def parse_milestones(text: str) -> list[tuple[dt.date, Decimal, str]]:
    milestones = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split(maxsplit=2)
        try:
            day = parse_date(parts[0])
            percent = Decimal(parts[1].rstrip("%％"))
        except (CellError, IndexError, InvalidOperation):
            raise forms.ValidationError(
                _("Line %(n)d: write a date, a percentage and, if you like, what is reached.")
                % {"n": number}
            ) from None
        milestones.append((day, percent, parts[2].strip() if len(parts) > 2 else ""))
    return milestones


def milestones_text(task) -> str:
    return "\n".join(
        f"{m.date.isoformat()} {m.percent.normalize():f} {m.title}".strip()
        for m in task.milestones.all()
    )


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=DATE_WIDGET)
    percent = forms.DecimalField(
        label=_("Progress (%)"),
        max_digits=5,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.1"}),
    )
    done = forms.CharField(label=_("Done"), widget=text_area(3))
    next_steps = forms.CharField(label=_("Next steps"), required=False, widget=text_area(2))
    problems = forms.CharField(label=_("Problems"), required=False, widget=text_area(2))
    support = forms.CharField(label=_("Support needed"), required=False, widget=text_area(2))
    reason = forms.CharField(
        label=_("Reason for the lower progress"),
        required=False,
        widget=text_area(2),
        help_text=_("Only when the progress is lower than the last report's."),
    )
    files = MultipleFileField(
        label=_("Attachments"),
        help_text=_("PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx); at most 10 files."),
    )

    def clean_percent(self):
        percent = self.cleaned_data["percent"]
        if not 0 <= percent <= 100:
            raise forms.ValidationError(_("Progress is a percentage from 0 to 100."))
        return percent


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=text_area(2))


# --- lights --------------------------------------------------------------------------------


class LightRulesForm(forms.Form):
    yellow_lag = forms.DecimalField(
        label=_("Yellow when behind by more than (points)"),
        min_value=0,
        max_value=100,
        decimal_places=1,
        widget=forms.NumberInput(TEXT),
    )
    red_lag = forms.DecimalField(
        label=_("Red when behind by more than (points)"),
        min_value=0,
        max_value=100,
        decimal_places=1,
        widget=forms.NumberInput(TEXT),
    )
    due_soon_days = forms.IntegerField(
        label=_("Yellow when due within (days)"), min_value=0, widget=forms.NumberInput(TEXT)
    )
    not_started_yellow_days = forms.IntegerField(
        label=_("Yellow when not started after (days)"),
        min_value=0,
        widget=forms.NumberInput(TEXT),
    )
    not_started_red_days = forms.IntegerField(
        label=_("Red when not started after (days)"), min_value=0, widget=forms.NumberInput(TEXT)
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["rules"] = LightRules(**{name: data[name] for name in self.fields})
        except ValueError:
            raise forms.ValidationError(
                _("The yellow limit must not exceed the red one, in points as in days not started.")
            ) from None
        return data


# --- inspections and problems -----------------------------------------------------------------


class InspectionForm(UserForm):
    number = forms.CharField(
        label=_("Inspection number"), max_length=40, widget=forms.TextInput(TEXT)
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=InspectionKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    date = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=DATE_WIDGET)
    units = OrgChoiceField(label=_("Units visited"), scope=ANY, multiple=True, required=False)
    experiences = forms.IntegerField(
        label=_("Experiences summarised"), min_value=0, initial=0, widget=forms.NumberInput(TEXT)
    )
    summary = forms.CharField(label=_("Experiences (summary)"), required=False, widget=text_area(3))
    problems = forms.CharField(
        label=_("Problems found"),
        required=False,
        widget=text_area(4),
        help_text=_(
            "One per line: responsible unit code, rectification deadline, the problem — e.g. "
            "<code>QS-BM-JSJ 2023-07-31 施工现场安全围挡不规范</code>."
        ),
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return day

    def clean_problems(self):
        return parse_problem_lines(self.cleaned_data["problems"])


def parse_problem_lines(text: str) -> list[tuple[Org, dt.date, str]]:
    found, lines = [], [line for line in text.splitlines() if line.strip()]
    codes = {line.split(maxsplit=1)[0] for line in lines}
    orgs = {org.code: org for org in Org.objects.filter(code__in=codes)}
    for number, line in enumerate(lines, start=1):
        parts = line.split(maxsplit=2)
        if len(parts) < 3:
            raise forms.ValidationError(
                _("Line %(n)d: write the unit code, the deadline and the problem.") % {"n": number}
            )
        org = orgs.get(parts[0])
        if org is None:
            raise forms.ValidationError(
                _("Line %(n)d: there is no organisation with the code %(code)s.")
                % {"n": number, "code": parts[0]}
            )
        try:
            deadline = parse_date(parts[1])
        except CellError as error:
            raise forms.ValidationError(
                _("Line %(n)d: %(reason)s") % {"n": number, "reason": error}
            ) from None
        found.append((org, deadline, parts[2].strip()))
    return found


class RectificationForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Rectification status"),
        choices=ProblemStatus.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    on = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=DATE_WIDGET)
    evidence = forms.CharField(
        label=_("Evidence of rectification"), required=False, widget=text_area(3)
    )
    files = MultipleFileField(
        label=_("Attachments"),
        help_text=_("PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx); at most 10 files."),
    )


# --- notices ---------------------------------------------------------------------------------


SHOWN_TASKS = 50


class TaskChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} {obj.name}（{obj.lead_unit.name}）"


class NoticeForm(forms.Form):
    tasks = TaskChoiceField(
        label=_("Tasks"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    issued_on = forms.DateField(
        label=_("Date issued"), initial=timezone.localdate, widget=DATE_WIDGET
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        widget=forms.TextInput(TEXT),
        help_text=_(
            "Blank: written from the tasks, e.g. 关于对“…”等2项重点工作实行挂牌督办的通知."
        ),
    )
    addressees = forms.CharField(
        label=_("Addressees"),
        max_length=200,
        required=False,
        widget=forms.TextInput(TEXT),
        help_text=_("Blank: 各街道党工委，区直各部门："),
    )
    body = forms.CharField(
        label=_("Opening text"),
        required=False,
        widget=text_area(3),
        help_text=_("Blank: the usual opening of this kind of notice."),
    )

    def __init__(self, tasks, *args, search="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasks"].queryset = tasks  # any of them may be chosen
        self.search = search
        self.show_tasks(tasks)

    def show_tasks(self, tasks):
        """Render the chosen tasks and at most SHOWN_TASKS others (those matching the
        search, if any): a city has 20,000 open tasks, and a checkbox for each took a
        minute to render. Choosing still accepts any of `tasks`."""
        field = self.fields["tasks"]
        chosen = self.chosen_task_pks()
        others = tasks.exclude(pk__in=chosen)
        if self.search:
            found = Q(number__icontains=self.search) | Q(name__icontains=self.search)
            others = others.filter(found)
        others = list(others[: SHOWN_TASKS + 1])
        self.more_tasks = len(others) > SHOWN_TASKS
        self.shown_limit = SHOWN_TASKS
        shown = [*tasks.filter(pk__in=chosen), *others[:SHOWN_TASKS]]
        field.widget.choices = [(task.pk, field.label_from_instance(task)) for task in shown]

    def chosen_task_pks(self) -> list[int]:
        if self.is_bound:
            values = self.data.getlist(self.add_prefix("tasks"))
        else:
            values = self.initial.get("tasks") or []
        return [int(value) for value in values if str(value).isdigit()]

    def clean_issued_on(self):
        day = self.cleaned_data["issued_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return day

    def notice_fields(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("title", "addressees", "body")}


# --- obligations, filings, bulletins, robots ------------------------------------------------------


def ledger_choices():
    from tally.ledgers.registry import all_ledgers

    hidden = {"reporting", "orgs", "users"}
    return [
        (ledger.key, f"{ledger.name}（{ledger.key}）")
        for ledger in all_ledgers()
        if ledger.key not in hidden
    ]


class ObligationForm(UserForm):
    ledger_key = forms.ChoiceField(
        label=_("Ledger"), choices=(), widget=forms.Select(attrs={"class": "form-select"})
    )
    name = forms.CharField(label=_("Name"), max_length=100, widget=forms.TextInput(TEXT))
    frequency = forms.ChoiceField(
        label=_("Frequency"),
        choices=Frequency.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    due_day = forms.IntegerField(
        label=_("Due by day"),
        min_value=1,
        max_value=31,
        widget=forms.NumberInput(TEXT),
        help_text=_("Weekly: 1 (Monday) to 7 (Sunday). Monthly: 1 to 31."),
    )
    unit_kinds = forms.MultipleChoiceField(
        label=_("Kinds of unit"),
        choices=OrgKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    units = OrgChoiceField(label=_("Or these units"), scope=ANY, multiple=True, required=False)
    starts_on = forms.DateField(
        label=_("First period starts"), initial=timezone.localdate, widget=DATE_WIDGET
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    FIELDS = ("ledger_key", "name", "frequency", "due_day", "unit_kinds", "starts_on", "active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ledger_key"].choices = ledger_choices()

    def obligation_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class FilingForm(UserForm):
    unit = OrgChoiceField(label=_("Unit"), scope=WRITE)
    week = forms.CharField(
        label=_("Week"), max_length=8, widget=forms.TextInput(TEXT), help_text="2023-W27"
    )
    done = forms.CharField(label=_("This week's work"), widget=text_area(5))
    planned = forms.CharField(label=_("Next week's plan"), required=False, widget=text_area(4))

    def clean_week(self):
        from tally.lib.cells import parse_week

        try:
            return parse_week(self.cleaned_data["week"])
        except CellError as error:
            raise forms.ValidationError(str(error)) from None


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("The office's note"),
        required=False,
        widget=text_area(3),
        help_text=_("A line of your own at the top of the bulletin (optional)."),
    )


class WebhookForm(UserForm):
    platform = forms.ChoiceField(
        label=_("Platform"),
        choices=Platform.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    name = forms.CharField(
        label=_("Name"), max_length=100, required=False, widget=forms.TextInput(TEXT)
    )
    url = forms.CharField(
        label=_("Webhook address"),
        max_length=500,
        widget=forms.TextInput(TEXT),
        help_text=_("As the group's robot settings show it, starting with https://."),
    )
    secret = forms.CharField(
        label=_("Signing secret"),
        max_length=200,
        required=False,
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "off"}),
        help_text=_("钉钉 加签 (SEC…) or 飞书 签名校验, when the robot has one."),
    )
    org = OrgChoiceField(
        label=_("Unit"),
        scope=WRITE,
        required=False,
        help_text=_("The office may leave it blank: the robot then serves the whole site."),
    )

    def __init__(self, *args, may_site=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].required = not may_site

    def clean(self):
        from .reminders import WebhookRefused, check_webhook_url

        data = super().clean()
        if "platform" in data and "url" in data:
            try:
                data["url"] = check_webhook_url(data["platform"], data["url"])
            except WebhookRefused as error:
                self.add_error("url", str(error))
        return data
