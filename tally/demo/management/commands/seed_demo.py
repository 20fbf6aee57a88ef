from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.translation import gettext as _

from tally.demo import zone

# Not demo data: this app itself, and tally.core.demo, which only re-exports the demo
# logins for the `serve` command until that moves to tally.ops.
NOT_SEEDED = {"tally.demo", "tally.core"}


def demo_modules():
    """The demo zone first, then the `demo` module of every installed Tally app, in the
    order of INSTALLED_APPS (community's demo needs party's members)."""
    modules = [zone]
    for config in apps.get_app_configs():
        if not config.name.startswith("tally.") or config.name in NOT_SEEDED:
            continue
        try:
            modules.append(import_module(f"{config.name}.demo"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
    return modules


def analyse_tables() -> None:
    """Give PostgreSQL's planner the statistics of the tables just filled. Without them it
    takes the fresh tables for empty and picks plans that run for minutes (the subtree
    filter of training.trained_members: over 20 s, against 32 ms after ANALYZE) until
    autovacuum comes by — and never inside a test's transaction, which hides the rows
    from it. SQLite plans without statistics well enough."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = _("Load the fictional demo zone (idempotent: running it again changes nothing).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Only seed when the database has no organisation yet."),
        )

    def handle(self, *args, if_empty=False, **options):
        from tally.orgs.models import Org

        if if_empty and Org.objects.exists():
            return
        ctx = zone.DemoContext()
        for module in demo_modules():
            module.seed(ctx)
        analyse_tables()
        self.stdout.write(_("Demo zone loaded: %(n)d organisations.") % {"n": Org.objects.count()})
        for line in ctx.log:
            self.stdout.write(line)
        self.print_logins()

    def print_logins(self):
        self.stdout.write(_("Demo logins (password for all: %(pw)s):") % {"pw": zone.DEMO_PASSWORD})
        for username, display, role, org_code, _pii in zone.USERS:
            self.stdout.write(f"  {username:<14} {role:<7} {display} ({org_code})")
