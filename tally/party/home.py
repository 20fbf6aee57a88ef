"""The party panel of a unit clerk's home page: who is still to be trained this year,
and which non-public organisations have not held this month's theme party day."""

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
