"""Querysets behind the party figures, shared by the metrics and the pages, so that a
page and the report always count the same rows. Each is one query (subqueries, no loops
over rows); a count is a database aggregate over these."""

import datetime as dt

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from tally.lib.queries import in_subtree
from tally.metrics.definitions import PERCENT, percent_of
from tally.metrics.formatting import format_value
from tally.metrics.freshness import cached
from tally.orgs.models import Org, OrgKind

from .models import MEMBER_CATEGORIES, Attendance, Member, ThemeDay

# The alias of a member's history row in force on the day asked for: its organisation
# ("at_day__org") is where the member counted that day, for the subtree filter and for
# grouping by child organisation (the metric engine's org_field).
AT_DAY = "at_day"


def valid_on(day: dt.date, prefix: str = "") -> Q:
    """History rows in force on `day` (valid_from <= day < valid_to)."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


def members_at(org: Org, day: dt.date) -> QuerySet:
    """Party members (正式党员, 预备党员) whose organisation on `day` lay in `org`'s
    subtree, by their history (组织关系转接), not their current state.

    History intervals of a member never overlap, so the filtered join gives at most one
    row per member."""
    in_force = valid_on(day, "history__") & Q(history__category__in=MEMBER_CATEGORIES)
    at_day = Member.objects.annotate(**{AT_DAY: FilteredRelation("history", condition=in_force)})
    return in_subtree(at_day, org, f"{AT_DAY}__org")


def attended_between(start: dt.date, end: dt.date) -> Exists:
    """The member attended at least one class that started between `start` and `end`: by
    the start date each attendance row carries (Attendance.class_start), one probe of the
    (member, class_start) index with no join to the classes."""
    return Exists(
        Attendance.objects.filter(
            member=OuterRef("pk"), class_start__gte=start, class_start__lte=end
        )
    )


def year_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 1, 1)


def trained_members(org: Org, day: dt.date) -> QuerySet:
    """Members at `day` with an attendance from 1 January to `day` (轮训覆盖)."""
    return members_at(org, day).filter(attended_between(year_start(day), day))


def untrained_members(org: Org, day: dt.date) -> QuerySet:
    """Members at `day` not yet trained this year: the list a secretary chases."""
    return members_at(org, day).exclude(attended_between(year_start(day), day))


def coverage_counts(day: dt.date) -> dict:
    """The aggregates behind a coverage row: members, and those trained this year."""
    return {
        "members": Count("pk"),
        "trained": Count("pk", filter=Q(attended_between(year_start(day), day))),
    }


def coverage_of(org: Org, day: dt.date) -> dict:
    """Members, trained members and the coverage percentage, in one aggregate query
    (kept in the cache until the data changes: the city's takes a good part of a second)."""
    totals = cached(
        ("party.coverage", org.pk, org.path, day),
        lambda: members_at(org, day).aggregate(**coverage_counts(day)),
        reads=[trained_members(org, day)],
    )
    return coverage_row(org, totals["members"], totals["trained"])


def coverage_by_child(org: Org, day: dt.date, children) -> tuple[dict, list[dict]]:
    """The coverage of `org` and of each of `children`, in one query grouped by the
    branch of the tree a member's organisation lies in (its path cut at the children's
    depth), not a query per child: the city's page asked once per district.

    Members of `org` itself, or of a child not among `children`, count in the total only."""
    branch_length = len(org.path) + Org.steplen

    def count_by_branch() -> dict:
        counts = (
            members_at(org, day)
            .annotate(branch=Substr(f"{AT_DAY}__org__path", 1, branch_length))
            .values("branch")
            .annotate(**coverage_counts(day))
            .order_by()
        )
        return {row["branch"]: row for row in counts}

    by_branch = cached(
        ("party.coverage_by_branch", org.pk, org.path, day),
        count_by_branch,
        reads=[trained_members(org, day)],
    )
    empty = {"members": 0, "trained": 0}
    rows = [
        coverage_row(child, (c := by_branch.get(child.path, empty))["members"], c["trained"])
        for child in children
    ]
    members = sum(row["members"] for row in by_branch.values())
    trained = sum(row["trained"] for row in by_branch.values())
    return coverage_row(org, members, trained), rows


def coverage_row(org: Org, members: int, trained: int) -> dict:
    percent = percent_of(trained, members)
    return {
        "org": org,
        "members": members,
        "trained": trained,
        "untrained": members - trained,
        "percent": percent,
        "text": format_value(percent, PERCENT),  # as the report writes it: 91.9%
    }


def two_new_orgs(scope: QuerySet) -> QuerySet:
    """The 两新 organisations among `scope` (an Org queryset)."""
    return scope.filter(kind=OrgKind.TWO_NEW, active=True).order_by("path")


def theme_days_held(orgs: QuerySet, months: list[str]) -> dict[tuple[int, str], dt.date]:
    """(org id, month) → the date held, for the grid."""
    rows = ThemeDay.objects.filter(org__in=orgs, month__in=months).values_list(
        "org_id", "month", "held_on"
    )
    return {(org_id, month): held_on for org_id, month, held_on in rows}


def theme_days_missing_by_month(orgs: QuerySet, months: list[str]) -> dict[str, int]:
    """month → how many of `orgs` held no theme day in it (one grouped query)."""
    held = dict(
        ThemeDay.objects.filter(org__in=orgs, month__in=months)
        .values("month")
        .annotate(n=Count("org", distinct=True))
        .values_list("month", "n")
    )
    total = orgs.count()
    return {month: total - held.get(month, 0) for month in months}


def theme_days_missing(orgs: QuerySet, month: str) -> int:
    """How many of `orgs` have no theme day in `month`."""
    held = ThemeDay.objects.filter(org__in=orgs, month=month).values("org_id").distinct()
    return orgs.exclude(pk__in=held).count()
