from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "tally.reports"
    verbose_name = _("Reports")

    def ready(self):
        from tally.accounts.models import Role
        from tally.shell.nav import NavItem, register

        from . import home  # noqa: F401  (registers the office's "reports to publish" panel)
        from .builtin import install_after_migrate
        from .locks import install as enforce_period_locks

        post_migrate.connect(install_after_migrate, sender=self)
        enforce_period_locks()
        self.audit()
        register(
            NavItem(
                _("Reports"),
                "reports:index",
                frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER, Role.UNIT}),
                icon="file-earmark-text",
                order=40,
            )
        )

    def audit(self):
        """Publishing is audited (who, when, which version), without the bytes of its
        files and document; the frozen evidence is a copy made by publishing, written
        in bulk, and not audited row by row."""
        from auditlog.registry import auditlog

        from .models import FrozenFigure, FrozenRow, PublishedVersion

        auditlog.register(
            PublishedVersion, exclude_fields=["document", "docx", "pdf", "template_source"]
        )
        for model in (FrozenFigure, FrozenRow):
            if auditlog.contains(model):
                auditlog.unregister(model)
