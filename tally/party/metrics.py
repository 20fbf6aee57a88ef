"""The figures of section A (DOMAIN.md's metric table): members, training, leaders'
"three ones" and the elections of residential-compound branches.

Members are a stock taken from the membership history on the period's last day, so a
transfer moves a member's count from that day on and never rewrites the past. Their
organisation that day ("at_day__org") is what subtrees and child figures go by.
"""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tally.metrics.definitions import count, custom, distinct, rate
from tally.metrics.registry import feature, register
from tally.orgs.models import OrgKind

from .models import ClaimKind, TrainingAudience, TrainingLevel
from .selectors import AT_DAY, members_at, trained_members

HISTORY_ORG = f"{AT_DAY}__org"
RED_PROPERTY = Q(org__kind=OrgKind.RED_PROPERTY)
# Person-times count under the attendee's organisation on the class's start date (a class
# counts under its organiser): a street's members at a district class are the street's.
ATTENDEE_ORG = "attendee_org"
# They go by the ledger's own date, the class's start date through the class they join
# anyway for its level: dated by the copy on each row (class_start), SQLite read every
# district class's attendance of every year to count half a year's (city: 0.2 → 2.0 s).


def members_at_end(org, period):
    return members_at(org, period.end)


def trained_members_at_end(org, period):
    return trained_members(org, period.end)


register(
    custom(
        "members.count",
        _("Party members"),
        "人",
        ledger="members",
        rows=members_at_end,
        org_field=HISTORY_ORG,
        description=_(
            "Full and probationary members whose organisation on the last day of the period "
            "lies in the subtree (from the membership history)."
        ),
    ),
    count(
        "training.classes",
        _("District-level training classes"),
        "个",
        ledger="training_classes",
        where=Q(level=TrainingLevel.DISTRICT),
    ),
    count(
        "training.person_times",
        _("Person-times trained in district-level classes"),
        "人次",
        ledger="training_attendance",
        where=Q(training_class__level=TrainingLevel.DISTRICT),
        org_field=ATTENDEE_ORG,
        description=_(
            "Attendance at district-level classes starting in the period, of the people "
            "whose organisation on the class's first day (from the membership history) "
            "lies in the organisation or below it."
        ),
    ),
    custom(
        "training.trained_members",
        _("Members trained this year"),
        "人",
        ledger="members",
        rows=trained_members_at_end,
        org_field=HISTORY_ORG,
        description=_(
            "Members at the end of the period with at least one class attended from "
            "1 January to the end of the period."
        ),
    ),
    rate(
        "training.coverage",
        _("Training coverage of members"),
        numerator="training.trained_members",
        denominator="members.count",
        description=_("Members trained this year / party members, at the end of the period."),
    ),
    count(
        "training.two_new.person_times",
        _("Person-times trained in classes for non-public organisations"),
        "人次",
        ledger="training_attendance",
        where=Q(training_class__audience=TrainingAudience.TWO_NEW),
        org_field=ATTENDEE_ORG,
        description=_(
            "Attendance at classes for non-public organisations starting in the period, of "
            "the people whose organisation on the class's first day (from the membership "
            "history) lies in the organisation or below it."
        ),
    ),
    distinct(
        "claims.leaders",
        _("Leaders taking part in the three ones"),
        "人",
        ledger="leader_claims",
        field="leader_name",
    ),
    count(
        "claims.commitments",
        _("Commitments claimed by leaders"),
        "项",
        ledger="leader_claims",
        where=Q(kind=ClaimKind.COMMITMENT),
    ),
    count(
        "claims.key_works",
        _("Key works led by leaders"),
        "项",
        ledger="leader_claims",
        where=Q(kind=ClaimKind.KEY_WORK),
    ),
    count(
        "claims.contact_points",
        _("Party-building contact points"),
        "个",
        ledger="leader_claims",
        where=Q(kind=ClaimKind.CONTACT_POINT),
    ),
    count(
        "elections.red_property.count",
        _("Elections due of residential-compound branches"),
        "个",
        ledger="elections",
        where=RED_PROPERTY,
    ),
    count(
        "elections.red_property.on_time",
        _("Elections of residential-compound branches done on time"),
        "个",
        ledger="elections",
        where=RED_PROPERTY & Q(done_date__lte=F("due_date")),
        description=_("Of the elections due in the period, those done by their due date."),
    ),
    rate(
        "elections.red_property.on_time_rate",
        _("Elections of residential-compound branches on time"),
        numerator="elections.red_property.on_time",
        denominator="elections.red_property.count",
    ),
)
feature("members.count", "training.classes", "training.person_times", "training.coverage", order=10)
