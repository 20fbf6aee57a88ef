import atexit
import contextlib
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tally.accounts.models import User
from tally.demo import zone as demo


class Command(BaseCommand):
    help = _(
        "Serve Tally in one terminal: the web server and the background worker, with the "
        "URL and the demo logins printed. With debug off (make run) the web server is "
        "gunicorn and static files come through WhiteNoise; with TALLY_DEBUG=1 (make dev) it "
        "is Django's development server with its debug pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-worker", action="store_true")
        parser.add_argument("--workers", type=int, default=2, help=_("gunicorn processes"))

    def handle(self, *args, host, port, no_worker, workers, **options):
        if not no_worker:
            self.start_worker()
        self.print_banner(host, port)
        if settings.DEBUG:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
        else:
            self.run(gunicorn_command(host, port, workers))

    @staticmethod
    def run(command: list[str]) -> None:
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C ends the server
            subprocess.run(command, check=False)  # noqa: S603 - our own interpreter

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
            _("Tally is running at http://%(host)s:%(port)s/") % {"host": host, "port": port}
        )
        if settings.DEBUG:
            self.stdout.write(_("Debug pages are on: never use this mode for real data."))
        demo_users = User.objects.filter(username__in=[u[0] for u in demo.USERS])
        if demo_users.exists():
            self.stdout.write(
                _("Demo logins (password for all: %(pw)s):") % {"pw": demo.DEMO_PASSWORD}
            )
            for user in demo_users.select_related("org"):
                self.stdout.write(f"  {user.username:<14} {user.get_role_display()} · {user}")
        self.stdout.write(line)


def gunicorn_command(host: str, port: str, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "tally.wsgi",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--access-logfile",
        "-",
    ]
