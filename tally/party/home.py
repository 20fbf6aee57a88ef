"""The party panels of the home page: for a unit clerk, who is still to be trained this
year and which non-public organisations have not held this month's theme party day; for a
member, his own training this year."""

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tally.accounts.models import Role
from tally.shell.home import Panel, register
from tally.site_settings.store import reporting_period

from . import selectors


@register
def party_panel(request) -> Panel | None:
    user = request.user
    if not user.is_authenticated or user.role != Role.UNIT or user.org is None:
        return None
    period = reporting_period()
    day = min(period.end, timezone.localdate())
    month = day.strftime("%Y-%m")
    two_new = selectors.two_new_orgs(user.org.subtree())
    context = {
        "org": user.org,
        "period": period,
        "day": day,
        "month": month,
        "untrained": selectors.untrained_members(user.org, day).count(),
        "two_new": two_new.exists(),
        "theme_missing": selectors.theme_days_missing(two_new, month),
    }
    return Panel(_("Party building"), "party/_home_panel.html", context, order=40)


@register
def member_training_panel(request) -> Panel | None:
    """A member's classes attended this year (the reporting period's) and their hours."""
    user = request.user
    if not user.is_authenticated or user.role != Role.MEMBER:
        return None
    member = getattr(user, "member", None)
    if member is None:
        return None
    year = reporting_period().year
    attended = member.attendance.filter(training_class__start_date__year=year)
    totals = attended.aggregate(classes=Count("pk"), hours=Sum("training_class__hours"))
    context = {"year": year, **totals}
    return Panel(_("My training"), "party/_member_panel.html", context, order=30)
