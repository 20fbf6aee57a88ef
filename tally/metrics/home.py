"""The key-figures panel of the home page: for the office, leaders and the administrator,
a handful of figures of the reporting period for the whole zone, each linking to its
metric page (and, from there, to the rows behind it). Unit clerks see their own org's.
Which figures: the ones apps feature (`registry.feature` in their metrics.py)."""

from django.utils.translation import gettext_lazy as _

from tally.accounts.models import Role
from tally.accounts.scoping import home_org
from tally.shell.home import Panel, register
from tally.site_settings.store import reporting_period

from . import engine, registry

ROLES = (Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT)


@register
def key_figures_panel(request) -> Panel | None:
    user = request.user
    if not user.is_authenticated or user.role not in ROLES:
        return None
    org = home_org(user)
    if org is None:
        return None
    period = reporting_period()
    keys = registry.featured_keys()
    results = engine.compute_many(keys, org, period)
    context = {"org": org, "period": period, "results": [results[key] for key in keys]}
    return Panel(_("Key figures"), "metrics/_home_panel.html", context, order=10)
