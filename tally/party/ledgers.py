"""The party-building ledgers of DOMAIN.md section A: members, training classes and
attendance, theme party days, visits, returnees, leaders' "three ones", elections.

Members and returnees keep their ID-card (and phone) numbers encrypted: the ledger finds
an existing record through the blind index of the normalised number, never a plain
field, and writes the ciphertext fields itself.
"""

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tally.accounts.scoping import acting_org
from tally.ledgers import declarations as d
from tally.ledgers.declarations import Column, Ref
from tally.ledgers.generic import register_column_type
from tally.ledgers.ledger import INSTANCES, Ledger
from tally.ledgers.registry import register
from tally.lib.idcard import id_birth_date, id_gender
from tally.lib.pii import id_index
from tally.lib.queries import in_chunks
from tally.orgs.models import OrgKind

from .models import (
    Attendance,
    Category,
    ClaimKind,
    Election,
    Gender,
    LeaderClaim,
    Member,
    Returnee,
    ReturneeCategory,
    ThemeDay,
    TrainingAudience,
    TrainingClass,
    TrainingLevel,
    Visit,
    VisitCategory,
)
from .refs import PERSON_REF
from .services import refresh_attendance_of_classes, refresh_attendee_orgs, sync_history

ID_HELP = gettext_lazy("18 characters; the last one may be X.")
DERIVED_HELP = gettext_lazy(
    "Read from the ID-card number when left blank; when given, it must agree with it."
)


class EncryptedIdLedger(Ledger):
    """A ledger whose natural key is an ID-card number stored encrypted (`id_number`
    column, `id_number_enc` + `id_index` fields): records are matched by blind index."""

    writes = INSTANCES  # assign encrypts the numbers

    def natural_key_of(self, values: dict) -> tuple:
        number = values.get("id_number")
        return (id_index(number) if number else None,)

    def stored_key(self, obj) -> tuple:
        return (obj.id_index,)

    def natural_key_filter(self, rows_values: list[dict]) -> list[Q]:
        return in_chunks("id_index", (self.natural_key_of(v)[0] for v in rows_values))

    def raw_value(self, obj, column: Column):
        # The properties decrypt; PiiDecryptError (a wrong key) propagates: fail closed.
        if column.key == "id_number":
            return obj.id_number
        return super().raw_value(obj, column)


# --- members ---------------------------------------------------------------------------


class MemberLedger(EncryptedIdLedger):
    key = "members"
    name = gettext_lazy("Party members")
    description = gettext_lazy(
        "Party members, probationary members, activists and others: ID-card and phone "
        "numbers are stored encrypted and shown masked. A changed organisation or "
        "category is kept as history (transfer of membership)."
    )
    model = Member
    columns = [
        Column("姓名", "name", d.TEXT, required=True, max_length=50, example="张三"),
        Column("性别", "gender", d.CHOICE, choices=tuple(Gender.values), help=DERIVED_HELP),
        Column("身份证号", "id_number", d.IDCARD, required=True, pii=True, help=ID_HELP),
        Column("手机号", "phone", d.PHONE, pii=True),
        Column("所在党组织编码", "org", d.ORG, required=True, example="QS-DC-03"),
        Column(
            "人员类别",
            "category",
            d.CHOICE,
            required=True,
            choices=tuple(Category.values),
            example=Category.FULL,
        ),
        Column("入党日期", "join_date", d.DATE, example="2010-07-01"),
        Column(
            "居住社区编码",
            "residence",
            d.ORG,
            org_kinds=(OrgKind.COMMUNITY,),
            example="QS-DC-03",
            help=gettext_lazy("The community party organisation where the member lives."),
        ),
        Column("是否干部", "is_cadre", d.BOOL, example="否"),
        Column("工作单位", "employer", d.TEXT, max_length=100, example="青山精密模具有限公司"),
        Column("出生日期", "birth_date", d.DATE, listed=False, help=DERIVED_HELP),
    ]
    natural_key = ("id_number",)
    org_field = "org"
    org_column = "org"
    date_field = "join_date"
    search_fields = ("name", "employer")
    ordering = ("org__path", "name", "id")

    def record_url(self, obj) -> str:
        """Lists open the member's page (history, training, transfer), which links on to
        the record form."""
        return reverse("party:member_detail", args=[obj.pk])

    def read_values(self, obj) -> dict:
        values = super().read_values(obj)  # id_number and phone through the properties
        values["id_number"], values["phone"] = obj.id_number, obj.phone
        return values

    def raw_value(self, obj, column: Column):
        if column.key == "phone":
            return obj.phone
        return super().raw_value(obj, column)

    def assign(self, obj, values: dict) -> None:
        plain = {k: v for k, v in values.items() if k not in ("id_number", "phone")}
        if "is_cadre" in plain:
            plain["is_cadre"] = bool(plain["is_cadre"])  # a blank cell means no
        super().assign(obj, plain)
        if "id_number" in values:
            obj.id_number = values["id_number"]  # encrypts and indexes
        if "phone" in values:
            obj.phone = values["phone"] or ""

    def validate_rows(self, rows, context) -> None:
        today = timezone.localdate()
        for row in rows:
            if "id_number" in row.bad_keys or not row.values.get("id_number"):
                continue
            self.check_against_id(row)
            join_date = row.values.get("join_date")
            if join_date and join_date > today:
                row.error(self.column("join_date"), _("The date of joining is in the future."))

    def check_against_id(self, row) -> None:
        """性别 and 出生日期 are read from the ID-card number; given ones must agree."""
        number = row.values["id_number"]
        gender, birth = id_gender(number), id_birth_date(number)
        given_gender = row.values.get("gender")
        if given_gender and "gender" not in row.bad_keys and given_gender != gender:
            row.error(
                self.column("gender"),
                _("The ID-card number is that of a person of gender “%(id)s”, not “%(given)s”.")
                % {"id": gender, "given": given_gender},
            )
        elif not given_gender:
            row.values["gender"] = gender
        given_birth = row.values.get("birth_date")
        if given_birth and "birth_date" not in row.bad_keys and given_birth != birth:
            row.error(
                self.column("birth_date"),
                _("The ID-card number gives the birth date %(id)s, not %(given)s.")
                % {"id": birth.isoformat(), "given": given_birth.isoformat()},
            )
        elif not given_birth:
            row.values["birth_date"] = birth

    def after_write(self, written) -> None:
        """The history of every new or changed member, in bulk: a changed organisation
        or category is a transfer dated today."""
        note = _("Import") if written.batch is not None else ""
        touched = written.created + written.changed
        sync_history(touched, timezone.localdate(), batch=written.batch, note=note)


# --- training ---------------------------------------------------------------------------

CLASS_REF = Ref("party.TrainingClass", "number", label=gettext_lazy("training class"))


class TrainingClassLedger(Ledger):
    key = "training_classes"
    name = gettext_lazy("Training classes")
    description = gettext_lazy("Classes held for party members, with their level and audience.")
    model = TrainingClass
    columns = [
        Column("培训班编号", "number", d.TEXT, required=True, max_length=32, example="PX-2023-01"),
        Column("培训班名称", "name", d.TEXT, required=True, max_length=100, example="党员冬春训班"),
        Column(
            "层级",
            "level",
            d.CHOICE,
            required=True,
            choices=tuple(TrainingLevel.values),
            example=TrainingLevel.DISTRICT,
        ),
        Column(
            "培训对象",
            "audience",
            d.CHOICE,
            required=True,
            choices=tuple(TrainingAudience.values),
            example=TrainingAudience.CADRES,
        ),
        Column("主办组织编码", "organizer", d.ORG, required=True, example="QS"),
        Column("开始日期", "start_date", d.DATE, required=True, example="2023-03-06"),
        Column("结束日期", "end_date", d.DATE, example="2023-03-08"),
        Column("学时", "hours", d.DECIMAL, places=1, minimum=0, example="12"),
    ]
    natural_key = ("number",)
    org_field = "organizer"
    org_column = "organizer"
    date_field = "start_date"
    search_fields = ("number", "name")
    ordering = ("-start_date", "number")

    def record_url(self, obj) -> str:
        """Lists open the class's page with its attendees."""
        return reverse("party:class_detail", args=[obj.pk])

    def validate_rows(self, rows, context) -> None:
        for row in rows:
            start, end = row.values.get("start_date"), row.values.get("end_date")
            if start and end and end < start:
                row.error(self.column("end_date"), _("The class ends before it starts."))

    def after_write(self, written) -> None:
        """A changed class may have moved its start date: its attendees then count where
        they were on the new date."""
        refresh_attendance_of_classes(written.changed)


# What a person reads in a list of attendance (and in the rows behind a training figure):
# who, which class, when, counted where. Shown only; the file keeps its two columns.
ATTENDANCE_SHOWN = [
    Column("姓名", "member__name", d.TEXT),
    Column("培训班名称", "training_class__name", d.TEXT),
    Column("开始日期", "training_class__start_date", d.DATE),
    Column("所在组织", "attendee_org", d.TEXT),
]


class AttendanceLedger(Ledger):
    key = "training_attendance"
    name = gettext_lazy("Training attendance")
    description = gettext_lazy(
        "One row per person per class (a person-time). The person is found by ID-card "
        "number among the party members; the class's organiser owns the row."
    )
    model = Attendance
    columns = [
        Column(
            "培训班编号",
            "training_class",
            d.REF,
            ref=CLASS_REF,
            required=True,
            example="PX-2023-01",
        ),
        Column("身份证号", "member", d.REF, ref=PERSON_REF, required=True, pii=True, help=ID_HELP),
    ]
    natural_key = ("training_class", "member")
    org_field = "training_class__organizer"
    org_column = None
    date_field = "training_class__start_date"
    search_fields = ("training_class__number", "training_class__name", "member__name")
    ordering = ("-training_class__start_date", "training_class__number", "member__name")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("training_class__organizer", "member", "attendee_org")
        )

    def row_org(self, values: dict):
        training_class = values.get("training_class")
        return training_class.organizer if training_class is not None else None

    def after_write(self, written) -> None:
        """In one update, the organisation each written row counts under (the
        attendee's on the class's start date)."""
        refresh_attendee_orgs(written.records(Attendance.objects))

    @property
    def listed_columns(self) -> list[Column]:
        person, number = self.column("member"), self.column("training_class")
        return [ATTENDANCE_SHOWN[0], person, number, *ATTENDANCE_SHOWN[1:]]

    def display_cells(self, obj, *, masked: bool = True) -> list:
        org = obj.attendee_org
        return [
            obj.member.name,
            self.cell_value(obj, self.column("member"), masked=masked),
            obj.training_class.number,
            obj.training_class.name,
            obj.training_class.start_date,
            org.name if org is not None else "",
        ]


# --- theme days, visits, returnees -----------------------------------------------------


class ThemeDayLedger(Ledger):
    key = "theme_days"
    name = gettext_lazy("Theme party days")
    description = gettext_lazy("One theme party day per organisation and month.")
    model = ThemeDay
    columns = [
        Column("组织编码", "org", d.ORG, required=True, example="QS-LX-01"),
        Column("月份", "month", d.MONTH, required=True, example="2023-03"),
        Column("开展日期", "held_on", d.DATE, required=True, example="2023-03-15"),
        Column("主题", "theme", d.TEXT, required=True, max_length=200, example="学习二十大精神"),
    ]
    natural_key = ("org", "month")
    date_field = "held_on"
    search_fields = ("theme", "org__name")
    ordering = ("-month", "org__code")

    def validate_rows(self, rows, context) -> None:
        for row in rows:
            month, held_on = row.values.get("month"), row.values.get("held_on")
            if month and held_on and held_on.strftime("%Y-%m") != month:
                row.error(
                    self.column("held_on"),
                    _("The date is not in the month %(month)s.") % {"month": month},
                )


class VisitLedger(Ledger):
    key = "visits"
    name = gettext_lazy("Visits and gifts")
    description = gettext_lazy(
        "Visits to members in hardship, long-standing members and retired cadres."
    )
    model = Visit
    columns = [
        Column("对象姓名", "person_name", d.TEXT, required=True, max_length=50, example="李四"),
        Column(
            "对象类别",
            "person_category",
            d.CHOICE,
            required=True,
            choices=tuple(VisitCategory.values),
            example=VisitCategory.OLD_MEMBER,
        ),
        Column("走访组织编码", "org", d.ORG, required=True, example="QS-DC-03"),
        Column("走访日期", "visited_on", d.DATE, required=True, example="2023-01-16"),
        Column("慰问金额(元)", "amount", d.DECIMAL, minimum=0, example="500"),
    ]
    natural_key = ("person_name", "org", "visited_on")
    date_field = "visited_on"
    search_fields = ("person_name",)
    ordering = ("-visited_on", "id")


class ReturneeLedger(EncryptedIdLedger):
    key = "returnees"
    name = gettext_lazy("Returnees and mobile members")
    description = gettext_lazy(
        "Capable people back home and mobile party members kept track of by villages and "
        "communities; ID-card numbers are stored encrypted and shown masked."
    )
    model = Returnee
    columns = [
        Column("姓名", "name", d.TEXT, required=True, max_length=50, example="王五"),
        Column("身份证号", "id_number", d.IDCARD, required=True, pii=True, help=ID_HELP),
        Column(
            "类别",
            "category",
            d.CHOICE,
            required=True,
            choices=tuple(ReturneeCategory.values),
            example=ReturneeCategory.CAPABLE,
        ),
        Column(
            "所在村社区编码",
            "place",
            d.ORG,
            required=True,
            org_kinds=(OrgKind.VILLAGE, OrgKind.COMMUNITY),
            example="QS-DC-01",
        ),
        Column("流向或来源地", "whereabouts", d.TEXT, max_length=100, example="广东省深圳市"),
        Column("登记日期", "registered_on", d.DATE, required=True, example="2023-02-10"),
    ]
    natural_key = ("id_number",)
    org_field = "place"
    org_column = "place"
    date_field = "registered_on"
    search_fields = ("name", "whereabouts")
    ordering = ("-registered_on", "id")

    def read_values(self, obj) -> dict:
        values = super().read_values(obj)
        values["id_number"] = obj.id_number
        return values

    def assign(self, obj, values: dict) -> None:
        super().assign(obj, {k: v for k, v in values.items() if k != "id_number"})
        if "id_number" in values:
            obj.id_number = values["id_number"]


# --- three ones, elections ---------------------------------------------------------------


class LeaderClaimLedger(Ledger):
    key = "leader_claims"
    name = gettext_lazy("Leaders' three ones")
    description = gettext_lazy(
        "Commitments claimed, key works led and party-building contact points of leaders. "
        "A claim belongs to its contact point, or else to the uploader's organisation."
    )
    model = LeaderClaim
    columns = [
        Column("领导姓名", "leader_name", d.TEXT, required=True, max_length=50, example="张书记"),
        Column(
            "类别",
            "kind",
            d.CHOICE,
            required=True,
            choices=tuple(ClaimKind.values),
            example=ClaimKind.CONTACT_POINT,
        ),
        Column("内容", "content", d.TEXT, required=True, max_length=500, example="联系东风社区"),
        Column("联系点组织编码", "contact_org", d.ORG, example="QS-DC-03"),
        Column("日期", "claimed_on", d.DATE, required=True, example="2023-02-20"),
    ]
    natural_key = ("leader_name", "kind", "content")
    org_field = "org"
    org_column = None
    date_field = "claimed_on"
    search_fields = ("leader_name", "content")
    ordering = ("-claimed_on", "id")
    writes = INSTANCES  # assign sets the owner, which is not a column
    # Not a column: the uploader's organisation, owner of a claim without contact point.
    OWNER = "_owner"

    def default_values(self, context) -> dict:
        owner = acting_org(context.user)
        return {self.OWNER: owner} if owner is not None else {}

    def row_org(self, values: dict):
        return values.get("contact_org") or values.get(self.OWNER)

    def assign(self, obj, values: dict) -> None:
        super().assign(obj, values)
        owner = self.row_org(values)
        if owner is not None:
            obj.org = owner

    def validate_rows(self, rows, context) -> None:
        contact = self.column("contact_org")
        for row in rows:
            if not row.ok:
                continue
            if row.values.get("kind") == ClaimKind.CONTACT_POINT and not row.values.get(
                "contact_org"
            ):
                row.error(contact, _("A contact point claim names the contact organisation."))
            elif self.row_org(row.values) is None:
                row.error(
                    contact,
                    _("Your account has no organisation: name the contact organisation."),
                )


class ElectionLedger(Ledger):
    key = "elections"
    name = gettext_lazy("Elections")
    description = gettext_lazy(
        "Due elections of party organisations; on time when completed by the due date."
    )
    model = Election
    columns = [
        Column("组织编码", "org", d.ORG, required=True, example="QS-DC-03-WY01"),
        Column("应换届日期", "due_date", d.DATE, required=True, example="2023-05-31"),
        Column("完成日期", "done_date", d.DATE, example="2023-05-20"),
    ]
    natural_key = ("org", "due_date")
    date_field = "due_date"
    search_fields = ("org__name", "org__code")
    ordering = ("-due_date", "org__code")

    def validate_rows(self, rows, context) -> None:
        today = timezone.localdate()
        for row in rows:
            done = row.values.get("done_date")
            if isinstance(done, dt.date) and done > today:
                row.error(self.column("done_date"), _("The completion date is in the future."))


# Administrators may give a generic ledger a column naming a party member.
register_column_type(
    "person",
    gettext_lazy("person (ID-card number)"),
    lambda spec, common: Column(type=d.REF, ref=PERSON_REF, pii=True, **common),
)

MEMBERS = register(MemberLedger())
TRAINING_CLASSES = register(TrainingClassLedger())
ATTENDANCE = register(AttendanceLedger())
THEME_DAYS = register(ThemeDayLedger())
VISITS = register(VisitLedger())
RETURNEES = register(ReturneeLedger())
LEADER_CLAIMS = register(LeaderClaimLedger())
ELECTIONS = register(ElectionLedger())
