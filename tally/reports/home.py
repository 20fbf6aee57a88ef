"""The office's home panel: the reports of the reporting period for the whole zone, each
published (with its latest version) or still to publish, and the periods locked."""

from django.utils.translation import gettext_lazy as _

from tally.accounts.models import Role
from tally.accounts.scoping import home_org
from tally.shell.home import Panel, register
from tally.site_settings.store import reporting_period

from .models import PeriodLock, Publication, ReportTemplate

ROLES = (Role.ADMIN, Role.OFFICE)


@register
def reports_to_publish_panel(request) -> Panel | None:
    user = request.user
    if not user.is_authenticated or user.role not in ROLES:
        return None
    org = home_org(user)
    if org is None:
        return None
    period = reporting_period()
    published = {
        publication.template_id: publication
        for publication in Publication.objects.filter(
            org=org, period=period.label
        ).prefetch_related("versions")
    }
    rows = [
        {"template": template, "latest": _latest(published.get(template.pk))}
        for template in ReportTemplate.objects.all()
    ]
    context = {
        "org": org,
        "period": period,
        "rows": rows,
        "locks": PeriodLock.objects.active().count(),
    }
    return Panel(_("Reports to publish"), "reports/_home_panel.html", context, order=15)


def _latest(publication):
    if publication is None:
        return None
    versions = list(publication.versions.all())
    return max(versions, key=lambda version: version.number) if versions else None
