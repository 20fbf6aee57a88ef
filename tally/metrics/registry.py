"""Where metrics are found by key: the built-in ones declared in each app's `metrics.py`
(registered at start-up), then the ones an administrator defined in the UI
(MetricDefinition), which behave the same everywhere."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.translation import gettext as _

from .definitions import Metric, MetricError

_BUILTIN: dict[str, Metric] = {}
# The metrics apps put on the home page's key-figures panel: (order, position, key).
_FEATURED: list[tuple[int, int, str]] = []


class UnknownMetric(LookupError):
    """No metric has this key. The message is translated, for the user."""

    def __init__(self, key: str):
        super().__init__(_("There is no metric “%(key)s”.") % {"key": key})
        self.key = key


def register(*metrics: Metric) -> None:
    for metric in metrics:
        if not isinstance(metric, Metric):
            raise MetricError(f"register() takes metric declarations, not {metric!r}")
        known = _BUILTIN.get(metric.key)
        if known is not None and known is not metric:
            raise MetricError(f"metric key {metric.key!r} is declared twice")
        _BUILTIN[metric.key] = metric


def feature(*keys: str, order: int = 100) -> None:
    """Show these metrics among the home page's key figures: by `order` (lower first),
    then in the order named. An app features its own metrics, in its metrics.py."""
    for key in keys:
        if key not in {featured for _order, _position, featured in _FEATURED}:
            _FEATURED.append((order, len(_FEATURED), key))


def featured_keys() -> list[str]:
    return [key for _order, _position, key in sorted(_FEATURED)]


def is_builtin(key: str) -> bool:
    return key in _BUILTIN


def builtin_metrics() -> list[Metric]:
    return list(_BUILTIN.values())


def defined_metrics() -> list[Metric]:
    """The metrics administrators defined, active ones only (one query)."""
    from .models import MetricDefinition

    return [definition.as_metric() for definition in MetricDefinition.objects.usable()]


def all_metrics() -> list[Metric]:
    return builtin_metrics() + [m for m in defined_metrics() if m.key not in _BUILTIN]


def get(key: str) -> Metric:
    """The metric with this key; UnknownMetric when there is none."""
    if key in _BUILTIN:
        return _BUILTIN[key]
    from .models import MetricDefinition

    definition = MetricDefinition.objects.usable().filter(key=key).first()
    if definition is None:
        raise UnknownMetric(key)
    return definition.as_metric()


@contextmanager
def registered(*metrics: Metric) -> Iterator[None]:
    """Register metrics for the duration of a block (tests): the registry is restored
    afterwards, whatever happens inside."""
    saved = dict(_BUILTIN)
    try:
        for metric in metrics:
            # A test may replace a built-in metric with its own version.
            _BUILTIN.pop(metric.key, None)
        register(*metrics)
        yield
    finally:
        _BUILTIN.clear()
        _BUILTIN.update(saved)
