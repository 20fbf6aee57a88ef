"""A metric's definition in plain words, for the metric page: the declared `description`
when there is one, else a sentence built from the declaration itself (so a metric an
administrator defines explains itself too)."""

from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import registry
from .definitions import (
    COUNT,
    FLOW,
    SUM,
    TO_DATE,
    YEAR_TO_DATE,
    LedgerMetric,
    Metric,
)


def describe(metric: Metric) -> str:
    if metric.description:
        return str(metric.description)
    if isinstance(metric, LedgerMetric):
        return describe_ledger_metric(metric)
    return describe_derived(metric)


def _ledger(key: str):
    from tally.ledgers.registry import get_ledger

    try:
        return get_ledger(key)
    except LookupError:
        return None


def _ledger_of_model(model):
    from tally.ledgers.registry import all_ledgers

    return next((ledger for ledger in all_ledgers() if ledger.model is model), None)


def quoted(text) -> str:
    """“text”, unless it is quoted already (the ledger “三个一”, not ““三个一””)."""
    text = str(text)
    return text if text.startswith("“") else f"“{text}”"


# The last part of a model path that is a lookup, not a field (status__in, date__lte).
LOOKUPS = frozenset({"exact", "in", "lt", "lte", "gt", "gte", "isnull", "startswith"})
# What an organisation's own fields are called (org__kind: 组织类别).
ORG_FIELDS = {
    "kind": gettext_lazy("organisation kind"),
    "name": gettext_lazy("organisation name"),
    "code": gettext_lazy("organisation code"),
}


def split_lookup(path: str) -> tuple[str, str]:
    head, _sep, last = path.rpartition("__")
    return (head, last) if head and last in LOOKUPS else (path, "exact")


def header_of(ledger, path: str | None) -> str:
    """What a clerk calls the value behind a model path: the column's Chinese header
    (data__amount → 成交额(亿元)), through references (training_class__audience →
    培训班的培训对象, org__kind → 组织类别); the model's own name for a field no column
    declares. Never the path itself."""
    if not path:
        return ""
    if ledger is None:
        return path
    date_column = getattr(ledger, "date_column", None)
    if path == "date" and date_column:
        path = date_column
    first, _sep, rest = path.removeprefix("data__").partition("__")
    column = next((c for c in ledger.columns if first in (c.key, c.model_field)), None)
    if column is None:
        return verbose_path(ledger.model, path.removeprefix("data__"))
    if not rest:
        return column.header
    if column.type in ("org", "orgs"):
        return str(ORG_FIELDS.get(rest, verbose_path(ledger.ref_of(column).get_model(), rest)))
    ref = ledger.ref_of(column)
    model = ref.get_model()
    target = _ledger_of_model(model)
    inner = header_of(target, rest) if target is not None else verbose_path(model, rest)
    return _("%(thing)s's %(field)s") % {"thing": ref.label, "field": inner}


def verbose_path(model, path: str) -> str:
    """The verbose names along a model path (组织的类别), or the path if it is not one."""
    names = []
    for part in path.split("__"):
        try:
            model_field = model._meta.get_field(part)
        except Exception:
            return path
        names.append(str(getattr(model_field, "verbose_name", part)))
        if model_field.is_relation:
            model = model_field.related_model
    return _("'s ").join(names)


def shown_value(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def condition_text(ledger, path: str, value, negated: bool) -> str:
    """One condition as a clerk would say it: 状态不是“待认领”, 层级为“区级”."""
    field_path, lookup = split_lookup(path)
    names = {"column": header_of(ledger, field_path)}
    if isinstance(value, F):
        names["other"] = header_of(ledger, value.name)
        phrases = {
            "lte": _("%(column)s is on or before %(other)s"),
            "lt": _("%(column)s is before %(other)s"),
            "gte": _("%(column)s is on or after %(other)s"),
            "gt": _("%(column)s is after %(other)s"),
        }
        text = phrases.get(lookup, _("%(column)s equals %(other)s")) % names
        return _("not: %(condition)s") % {"condition": text} if negated else text
    if lookup == "isnull":
        blank = bool(value) != negated
        return (_("%(column)s is blank") if blank else _("%(column)s is filled in")) % names
    if lookup == "in":
        names["value"] = _(" or ").join(quoted(shown_value(v)) for v in value)
    else:
        names["value"] = quoted(shown_value(value))
    if lookup in ("lt", "lte", "gt", "gte"):
        phrases = {
            "lte": _("%(column)s is at most %(value)s"),
            "lt": _("%(column)s is below %(value)s"),
            "gte": _("%(column)s is at least %(value)s"),
            "gt": _("%(column)s is above %(value)s"),
        }
        text = phrases[lookup] % names
        return _("not: %(condition)s") % {"condition": text} if negated else text
    if negated:
        return (
            _("%(column)s is none of %(value)s")
            if lookup == "in"
            else _("%(column)s is not %(value)s")
        ) % names
    return _("%(column)s is %(value)s") % names


def conditions_of(ledger, where: Q | None, negated: bool = False) -> list[str]:
    """The conditions of a Q as phrases, each one a clerk can read; a nesting it cannot
    spell out (an “or” inside an “and”, a negated group) says so."""
    if where is None:
        return []
    negated = negated != where.negated
    children = where.children
    if len(children) == 1 and not isinstance(children[0], tuple):
        return conditions_of(ledger, children[0], negated)
    if len(children) > 1 and (negated or where.connector != Q.AND):
        if all(isinstance(child, tuple) for child in children) and not negated:
            texts = [condition_text(ledger, path, value, False) for path, value in children]
            return [_(" or ").join(texts)]
        return [_("a further condition")]
    parts = []
    for child in children:
        if isinstance(child, tuple):
            parts.append(condition_text(ledger, *child, negated))
        else:
            parts += conditions_of(ledger, child)
    return parts


def date_condition(metric: LedgerMetric, ledger) -> str:
    date = {"date": header_of(ledger, metric.date or (ledger and ledger.date_field))}
    if metric.mode == FLOW:
        return _("%(date)s falls inside the period") % date
    if metric.mode == TO_DATE:
        return _("%(date)s is on or before the period's last day") % date
    if metric.mode == YEAR_TO_DATE:
        return _("%(date)s is between 1 January and the period's last day") % date
    return ""


def describe_ledger_metric(metric: LedgerMetric) -> str:
    ledger = _ledger(metric.ledger)
    if metric.rows is not None:
        name = quoted(ledger.name if ledger is not None else metric.ledger)
        return _("Computed from the ledger %(ledger)s by a rule of its own.") % {"ledger": name}
    conditions = [*conditions_of(ledger, metric.where), date_condition(metric, ledger)]
    conditions = [c for c in conditions if c]
    names = {
        "ledger": quoted(ledger.name if ledger is not None else metric.ledger),
        "column": quoted(header_of(ledger, metric.field)),
        "conditions": _(", ").join(conditions),
    }
    if metric.aggregate == COUNT:
        what = (
            _("In the ledger %(ledger)s, the number of rows where %(conditions)s")
            if conditions
            else _("The number of rows of the ledger %(ledger)s")
        )
    elif metric.aggregate == SUM:
        what = (
            _("In the ledger %(ledger)s, the sum of %(column)s over the rows where %(conditions)s")
            if conditions
            else _("The sum of %(column)s over the rows of the ledger %(ledger)s")
        )
    else:
        what = (
            _(
                "In the ledger %(ledger)s, the number of different %(column)s among the rows "
                "where %(conditions)s"
            )
            if conditions
            else _("The number of different %(column)s among the rows of the ledger %(ledger)s")
        )
    scope = _("counting the organisation and every organisation below it")
    return _("%(what)s (%(scope)s).") % {"what": what % names, "scope": scope}


def label_of(key: str) -> str:
    try:
        return str(registry.get(key).label)
    except registry.UnknownMetric:
        return key


def describe_derived(metric) -> str:
    return metric.explained(label_of)
