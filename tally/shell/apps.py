from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShellConfig(AppConfig):
    """The site shell: the layout's navigation (`nav`), the home page and its panels
    (`home`), the health check. Apps register into it; it knows none of them."""

    name = "tally.shell"
    verbose_name = _("Site shell")
