"""The ledgers of section D (厚植为民情怀): registrations, commitments, participations,
micro-wishes, volunteer teams and volunteer activities, with DOMAIN.md's headers.

A wish imported from a file obeys the same rules as the wish workflow (services.py): a
claimed wish has one claimer, who cannot be replaced by a later file; a status never goes
back; and the write is the same conditional UPDATE on (pk, version), so a file cannot
overwrite a claim made on a phone a second earlier.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tally.ledgers import declarations as d
from tally.ledgers.declarations import Column, Ref
from tally.ledgers.ledger import Ledger
from tally.ledgers.registry import register
from tally.ledgers.undo import snapshot
from tally.party.refs import PERSON_REF

from .models import (
    COMMUNITY_KINDS,
    Commitment,
    CommitmentStatus,
    Participation,
    Registration,
    ServedGroup,
    VolunteerActivity,
    VolunteerTeam,
    Wish,
    WishStatus,
)
from .services import record_wish_change

EXAMPLE_ID = "420303198506151237"  # a well-formed, made-up number (check digit valid)
EXAMPLE_COMMUNITY = "QS-DC-03"
STATUS_ORDER = {WishStatus.WAITING: 0, WishStatus.CLAIMED: 1, WishStatus.DONE: 2}


def person_column(header: str = "身份证号", key: str = "member", *, required=True) -> Column:
    return Column(
        header,
        key,
        d.REF,
        required=required,
        ref=PERSON_REF,
        pii=True,
        example=EXAMPLE_ID,
        help=gettext_lazy("The member's 18-character ID-card number; the member must exist."),
    )


def community_column(header: str, key: str = "community") -> Column:
    return Column(
        header,
        key,
        d.ORG,
        required=True,
        org_kinds=COMMUNITY_KINDS,
        example=EXAMPLE_COMMUNITY,
        help=gettext_lazy("The code of a community party organisation (社区党组织)."),
    )


def effective(row, key: str, existing, attribute: str | None = None):
    """The value a record will have after the row: the cell when its column is in the
    file, else what is stored (`attribute`: "claimer_id" compares related records by
    primary key without loading them)."""
    if key in row.values or existing is None:
        value = row.values.get(key)
        return _pk(value) if attribute and attribute.endswith("_id") else value
    return getattr(existing, attribute or key)


def check_not_future(ledger: Ledger, rows, key: str) -> None:
    today = timezone.localdate()
    column = ledger.column(key)
    for row in rows:
        value = row.values.get(key)
        if row.ok and value and value > today:
            row.error(column, _("The date is in the future."))


class RegistrationLedger(Ledger):
    key = "registrations"
    name = gettext_lazy("Community registrations (双报到)")
    description = gettext_lazy(
        "Members registering at their residence community. One row per member: a later "
        "registration at another community replaces the earlier one."
    )
    model = Registration
    columns = [
        person_column(),
        community_column("报到社区编码"),
        Column("报到日期", "registered_on", d.DATE, required=True, example="2023-03-05"),
    ]
    natural_key = ("member",)
    org_field = "community"
    org_column = "community"
    date_field = "registered_on"
    search_fields = ("member__name", "community__name", "community__code")
    ordering = ("-registered_on", "-id")

    def validate_rows(self, rows, context) -> None:
        check_not_future(self, rows, "registered_on")


class CommitmentLedger(Ledger):
    key = "commitments"
    name = gettext_lazy("Commitments at the community")
    description = gettext_lazy("What members promise to do for their residence community.")
    model = Commitment
    columns = [
        person_column(),
        community_column("社区编码"),
        Column(
            "承诺内容", "content", d.TEXT, required=True, max_length=200, example="每月义务理发一次"
        ),
        Column("承诺日期", "promised_on", d.DATE, required=True, example="2023-03-05"),
        Column(
            "状态",
            "status",
            d.CHOICE,
            required=True,
            choices=tuple(CommitmentStatus.values),
            example=CommitmentStatus.IN_PROGRESS,
        ),
        Column("完成日期", "completed_on", d.DATE),
    ]
    natural_key = ("member", "community", "content")
    org_field = "community"
    org_column = "community"
    date_field = "promised_on"
    search_fields = ("member__name", "content", "community__name")
    ordering = ("-promised_on", "-id")

    def validate_rows(self, rows, context) -> None:
        check_not_future(self, rows, "promised_on")
        status_column, done_column = self.column("status"), self.column("completed_on")
        for row in rows:
            if not row.ok:
                continue
            status, done = row.values.get("status"), row.values.get("completed_on")
            if status == CommitmentStatus.DONE and not done:
                row.error(done_column, _("A commitment marked 已完成 needs its 完成日期."))
            elif status == CommitmentStatus.IN_PROGRESS and done:
                row.error(status_column, _("A commitment with a 完成日期 should be 已完成."))
            elif done and done < row.values["promised_on"]:
                row.error(done_column, _("The 完成日期 is before the 承诺日期."))


class ParticipationLedger(Ledger):
    key = "participations"
    name = gettext_lazy("Participation in community activities")
    description = gettext_lazy("Members taking part in activities of their residence community.")
    model = Participation
    columns = [
        person_column(),
        community_column("社区编码"),
        Column(
            "活动名称",
            "activity_name",
            d.TEXT,
            required=True,
            max_length=100,
            example="社区环境整治",
        ),
        Column("参与日期", "date", d.DATE, required=True, example="2023-04-15"),
    ]
    natural_key = ("member", "community", "activity_name", "date")
    org_field = "community"
    org_column = "community"
    date_field = "date"
    search_fields = ("member__name", "activity_name", "community__name")
    ordering = ("-date", "-id")


class WishLedger(Ledger):
    key = "wishes"
    name = gettext_lazy("Micro-wishes (微心愿)")
    description = gettext_lazy(
        "Published by a community, claimed by a member or a unit, fulfilled, closed. "
        "A claimed wish keeps its claimer: a file cannot give it to someone else."
    )
    model = Wish
    columns = [
        Column(
            "心愿编号",
            "number",
            d.TEXT,
            required=True,
            max_length=40,
            example="WX2023-QS-DC-03-001",
        ),
        community_column("社区编码"),
        Column(
            "心愿内容",
            "content",
            d.TEXT,
            required=True,
            max_length=300,
            example="为独居老人修理水龙头",
        ),
        Column("发布日期", "published_on", d.DATE, required=True, example="2023-03-01"),
        person_column("认领人身份证号", "claimer", required=False),
        Column(
            "认领单位编码",
            "claiming_unit",
            d.ORG,
            help=gettext_lazy("When a unit claims the wish: the unit's organisation code."),
        ),
        Column("认领日期", "claimed_on", d.DATE),
        Column(
            "状态",
            "status",
            d.CHOICE,
            required=True,
            choices=tuple(WishStatus.values),
            example=WishStatus.WAITING,
        ),
        Column("完成日期", "completed_on", d.DATE),
    ]
    natural_key = ("number",)
    org_field = "community"
    org_column = "community"
    date_field = "published_on"
    search_fields = ("number", "content", "community__name")
    ordering = ("-published_on", "-id")

    def validate_rows(self, rows, context) -> None:
        check_not_future(self, rows, "published_on")
        numbers = [r.values["number"] for r in rows if r.ok and r.values.get("number")]
        stored = {w.number: w for w in Wish.objects.filter(number__in=numbers)}
        for row in rows:
            if row.ok:
                self.check_wish_row(row, stored.get(row.values["number"]))

    def check_wish_row(self, row, existing) -> None:
        claimer = effective(row, "claimer", existing, "claimer_id")
        unit = effective(row, "claiming_unit", existing, "claiming_unit_id")
        claimed_on = effective(row, "claimed_on", existing)
        completed_on = effective(row, "completed_on", existing)
        status = row.values["status"]
        if status == WishStatus.WAITING:
            self.check_waiting(row, claimer, unit, claimed_on, completed_on)
        else:
            self.check_claimed(row, status, claimer, unit, claimed_on, completed_on)
        if row.ok and existing is not None:
            self.check_against_stored(row, existing, claimer, unit)

    def check_waiting(self, row, claimer, unit, claimed_on, completed_on) -> None:
        for key, value in (
            ("claimer", claimer),
            ("claiming_unit", unit),
            ("claimed_on", claimed_on),
            ("completed_on", completed_on),
        ):
            if value:
                row.error(
                    self.column(key),
                    _("A wish that is 待认领 has no claimer, claim date or completion date yet."),
                )

    def check_claimed(self, row, status, claimer, unit, claimed_on, completed_on) -> None:
        if not claimer and not unit:
            row.error(
                self.column("claimer"),
                _("A claimed wish needs 认领人身份证号 or 认领单位编码."),
                value="",
            )
        if not claimed_on:
            row.error(self.column("claimed_on"), _("A claimed wish needs its 认领日期."), value="")
        elif claimed_on < row.values["published_on"]:
            row.error(self.column("claimed_on"), _("The 认领日期 is before the 发布日期."))
        if status == WishStatus.DONE and not completed_on:
            row.error(
                self.column("completed_on"),
                _("A wish that is 已完成 needs its 完成日期."),
                value="",
            )
        elif status == WishStatus.CLAIMED and completed_on:
            row.error(self.column("status"), _("A wish with a 完成日期 should be 已完成."))
        elif completed_on and claimed_on and completed_on < claimed_on:
            row.error(self.column("completed_on"), _("The 完成日期 is before the 认领日期."))

    def check_against_stored(self, row, existing, claimer, unit) -> None:
        """A wish is claimed once: a file may record the claim of a waiting wish, not
        hand a claimed one to someone else, nor move its status back."""
        if existing.status != WishStatus.WAITING and (
            claimer != existing.claimer_id or unit != existing.claiming_unit_id
        ):
            row.error(
                self.column("claimer"),
                _("Wish %(number)s is already claimed by someone else; a wish is claimed once.")
                % {"number": existing.number},
            )
        elif STATUS_ORDER[row.values["status"]] < STATUS_ORDER[existing.status]:
            row.error(
                self.column("status"),
                _("Wish %(number)s is already %(stored)s; its status cannot go back.")
                % {"number": existing.number, "stored": existing.status},
            )

    def write_changed(self, rows, batch, plan) -> list[dict]:
        """Each changed wish by the workflow's conditional UPDATE on the version the check
        saw (services.record_wish_change), so that a claim made meanwhile on a phone is
        never overwritten; a file or a form that lost the race writes nothing."""
        before = [snapshot(self, row.existing) for row in rows]
        for row in rows:
            changes = {
                self.column(k).model_field: v
                for k, v in row.values.items()
                if k in plan.present_keys
            }
            record_wish_change(row.existing, changes, by=plan.user, batch=batch)
        return before


def _pk(obj):
    return obj.pk if obj is not None else None


class VolunteerTeamLedger(Ledger):
    key = "volunteer_teams"
    name = gettext_lazy("Volunteer teams")
    model = VolunteerTeam
    columns = [
        Column(
            "队伍编号", "number", d.TEXT, required=True, max_length=32, example="ZYD-QS-DC-03-01"
        ),
        Column(
            "队伍名称",
            "name",
            d.TEXT,
            required=True,
            max_length=100,
            example="东风社区银龄志愿服务队",
        ),
        Column("所属组织编码", "org", d.ORG, required=True, example=EXAMPLE_COMMUNITY),
        Column(
            "服务对象",
            "serves",
            d.CHOICE,
            required=True,
            choices=tuple(ServedGroup.values),
            example=ServedGroup.EMPTY_NEST,
        ),
        Column("成立日期", "founded_on", d.DATE, required=True, example="2023-02-20"),
    ]
    natural_key = ("number",)
    org_field = "org"
    org_column = "org"
    date_field = "founded_on"
    search_fields = ("number", "name", "org__name")
    ordering = ("-founded_on", "-id")


TEAM_REF = Ref("community.VolunteerTeam", "number", label=gettext_lazy("volunteer team"))


class VolunteerActivityLedger(Ledger):
    key = "volunteer_activities"
    name = gettext_lazy("Volunteer activities")
    model = VolunteerActivity
    columns = [
        Column("队伍编号", "team", d.REF, required=True, ref=TEAM_REF, example="ZYD-QS-DC-03-01"),
        Column(
            "活动名称", "name", d.TEXT, required=True, max_length=100, example="上门陪伴独居老人"
        ),
        Column("活动日期", "date", d.DATE, required=True, example="2023-05-20"),
        Column(
            "服务对象",
            "serves",
            d.CHOICE,
            choices=tuple(ServedGroup.values),
            example=ServedGroup.EMPTY_NEST,
        ),
        Column("参与人数", "participants", d.INT, minimum=0, example="12"),
        Column("服务时长(小时)", "hours", d.DECIMAL, places=1, minimum=0, example="3.5"),
    ]
    natural_key = ("team", "name", "date")
    org_field = "team__org"
    org_column = None
    date_field = "date"
    search_fields = ("name", "team__name", "team__number")
    ordering = ("-date", "-id")

    def row_org(self, values):
        team = values.get("team")
        return team.org if team is not None else None


register(RegistrationLedger())
register(CommitmentLedger())
register(ParticipationLedger())
register(WishLedger())
register(VolunteerTeamLedger())
register(VolunteerActivityLedger())
