"""The leader's home page leads with the dashboard's headline: revenue against its target
and 序时进度, training coverage and the tasks in red, for the reporting period; each figure
links to its metric page and the panel to the whole dashboard."""

from django.utils.translation import gettext_lazy as _

from tally.accounts.models import Role
from tally.accounts.scoping import home_org
from tally.shell.home import Panel
from tally.site_settings.store import reporting_period

from . import board


def leader_headline_panel(request) -> Panel | None:
    user = request.user
    if not user.is_authenticated or user.role != Role.LEADER:
        return None
    org = home_org(user)
    if org is None:
        return None
    period = reporting_period()
    context = {"org": org, "period": period, "results": list(board.headline(org, period).values())}
    return Panel(_("Dashboard"), "dashboard/_home_panel.html", context, order=5)
