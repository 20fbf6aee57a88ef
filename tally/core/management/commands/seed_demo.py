from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tally.core import demo


def demo_modules():
    """The `demo` module of every installed Tally app, core first."""
    modules = [demo]
    for config in apps.get_app_configs():
        if not config.name.startswith("tally.") or config.name == "tally.core":
            continue
        try:
            modules.append(import_module(f"{config.name}.demo"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
    return modules


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
        ctx = demo.DemoContext()
        for module in demo_modules():
            module.seed(ctx)
        self.stdout.write(_("Demo zone loaded: %(n)d organisations.") % {"n": Org.objects.count()})
        for line in ctx.log:
            self.stdout.write(line)
        self.print_logins()

    def print_logins(self):
        self.stdout.write(_("Demo logins (password for all: %(pw)s):") % {"pw": demo.DEMO_PASSWORD})
        for username, display, role, org_code, _pii in demo.USERS:
            self.stdout.write(f"  {username:<14} {role:<7} {display} ({org_code})")
