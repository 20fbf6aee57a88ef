"""Home-page panels of the economy module: for a unit clerk, the construction projects'
monthly reports due from her organisations this month (by the 25th) and her projects in
yellow and red."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tally.accounts.models import Role
from tally.lib.lights import RED, SEVERITY, YELLOW
from tally.shell.home import Panel
from tally.site_settings.store import reporting_period

from . import projects

SHOWN = 5  # lagging projects named on the panel


def clerk_projects_panel(request) -> Panel | None:
    user = request.user
    if user.role != Role.UNIT or user.org is None:
        return None
    day = min(reporting_period().end, timezone.localdate())
    planned = projects.projects_in(user.org).filter(plan_year=day.year)
    if not planned.exists():
        return None
    month = projects.month_of(day)
    lagging = [s for s in projects.statuses(planned, day) if s.light in (RED, YELLOW)]
    lagging.sort(key=lambda s: (SEVERITY[s.light], s.project.number))
    context = {
        "org": user.org,
        "day": day,
        "month": month,
        "due": projects.due_date(month),
        "expected": projects.expected_reports(user.org, month).count(),
        "missing": projects.missing_reports(user.org, month).count(),
        "red": sum(1 for s in lagging if s.light == RED),
        "yellow": sum(1 for s in lagging if s.light == YELLOW),
        "lagging": lagging[:SHOWN],
    }
    return Panel(str(_("Construction projects")), "economy/_home_panel.html", context, order=30)
