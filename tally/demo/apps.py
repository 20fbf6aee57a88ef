from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The fictional demo zone and `manage.py seed_demo`, which loads it together with
    the `demo` module of every other app. Nothing outside this app imports it."""

    name = "tally.demo"
    verbose_name = _("Demo zone")
