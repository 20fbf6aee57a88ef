import atexit
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tally.accounts.models import User
from tally.core import demo


class Command(BaseCommand):
    help = _(
        "Serve Tally for development: the web server and the background worker in one "
        "terminal, with the URL and the demo logins printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-worker", action="store_true")

    def handle(self, *args, host, port, no_worker, **options):
        if not no_worker:
            self.start_worker()
        self.print_banner(host, port)
        call_command("runserver", f"{host}:{port}", use_reloader=False)

    def start_worker(self):
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, str(settings.BASE_DIR / "manage.py"), "db_worker"],
            stdout=subprocess.DEVNULL,
        )
        atexit.register(worker.terminate)

    def print_banner(self, host, port):
        line = "=" * 60
        self.stdout.write(line)
        self.stdout.write(
            _("Tally is running at http://%(host)s:%(port)s/")
            % {
                "host": host,
                "port": port,
            }
        )
        demo_users = User.objects.filter(username__in=[u[0] for u in demo.USERS])
        if demo_users.exists():
            self.stdout.write(
                _("Demo logins (password for all: %(pw)s):")
                % {
                    "pw": demo.DEMO_PASSWORD,
                }
            )
            for user in demo_users.select_related("org"):
                self.stdout.write(f"  {user.username:<14} {user.get_role_display()} · {user}")
        self.stdout.write(line)
