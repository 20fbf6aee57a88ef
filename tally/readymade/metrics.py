"""Metrics of the generic ledgers shipped with Tally (DOMAIN.md's table). Their rows are
GenericRecord rows: `date` holds the ledger's date column, `data` the cells by column key
(see migrations/0001_ledger_types.py)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tally.lib.queries import in_dates
from tally.metrics.definitions import TO_DATE, count, custom, rate, total
from tally.metrics.engine import ledger_rows
from tally.metrics.registry import feature, register

ENV = "env_facilities"

facilities_found = count(
    "env.facilities.found",
    _("Environmental facilities found in need of work"),
    "处",
    ledger=ENV,
    description=_("Rows of 环保设施整改 whose 发现日期 falls inside the period."),
)


def facilities_completed_rows(org, period):
    """Of the facilities found in the period, those with a 完成日期 on or before its end."""
    found = ledger_rows(facilities_found, org, period)
    return in_dates(found, "data__done", None, period.end)


def facility_category(key, label, category):
    return count(
        key,
        label,
        "处",
        ledger=ENV,
        where=Q(data__category=category),
    )


register(
    count(
        "events.talks",
        _("“能力作风建设大家谈” events"),
        "次",
        ledger="events",
        where=Q(data__category="能力作风建设大家谈"),
    ),
    count("publicity.briefings", _("Special issues and briefings"), "期", ledger="briefings"),
    count("publicity.articles", _("Published articles"), "篇", ledger="publicity"),
    count(
        "services.instant_items",
        _("Instant-service items online"),
        "项",
        ledger="service_items",
        mode=TO_DATE,
        description=_("Rows of 即办事项 whose 上线日期 is on or before the period's end."),
    ),
    count(
        "projects.government.count",
        _("Government-investment and filed projects handled"),
        "个",
        ledger="gov_filings",
    ),
    total(
        "tech.contracts.amount",
        _("Technology contract turnover registered"),
        "亿元",
        ledger="tech_contracts",
        field="data__amount",
    ),
    facility_category("env.facilities.repaired", _("Facilities repaired or replaced"), "维修更换"),
    facility_category("env.facilities.dredged", _("Facilities dredged"), "清淤疏通"),
    facility_category("env.facilities.new", _("New pipe network facilities"), "新建管网"),
    facilities_found,
    custom(
        "env.facilities.completed",
        _("Environmental facilities put right"),
        "处",
        ledger=ENV,
        rows=facilities_completed_rows,
        org_field="org",
        description=_(
            "Of the 环保设施整改 rows found in the period, those whose 完成日期 is on or "
            "before the period's end."
        ),
    ),
    rate(
        "env.facilities.rate",
        _("Rectification rate of environmental facilities"),
        numerator="env.facilities.completed",
        denominator="env.facilities.found",
    ),
)
feature("publicity.articles", order=30)
