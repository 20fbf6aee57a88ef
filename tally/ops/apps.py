from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the site: backup and restore, the serve command, the database file's mode."""

    name = "tally.ops"
    verbose_name = _("Operations")

    def ready(self):
        from django.db.backends.signals import connection_created

        from .files import keep_database_private

        connection_created.connect(keep_database_private, dispatch_uid="tally-private-db")
