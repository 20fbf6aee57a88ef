from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from tally.accounts import views as accounts_views
from tally.shell import views as shell_views

urlpatterns = [
    path("", shell_views.home, name="home"),
    path("healthz", shell_views.healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/", include("tally.accounts.urls")),
    path("orgs/", include("tally.orgs.urls")),
    path("ledgers/", include("tally.ledgers.urls")),
    path("metrics/", include("tally.metrics.urls")),
    path("party/", include("tally.party.urls")),
    path("community/", include("tally.community.urls")),
    path("economy/", include("tally.economy.urls")),
    path("reports/", include("tally.reports.urls")),
    path("dashboard/", include("tally.dashboard.urls")),
    path("showcase/", include("tally.reports.showcase_urls")),
    # /supervision/… and the public weekly bulletins at /bulletins/…
    path("", include("tally.supervision.urls")),
    # One login page for everything: the admin site's own login form would be a second
    # door with none of our messages (and non-staff users are told the site is not theirs).
    path("admin/login/", accounts_views.admin_login),
    path("admin/", admin.site.urls),
]
