"""万元 typed where 亿元 is expected. Clerks keep most figures in 万元; the project ledgers
are in 亿元, so the commonest slip is a figure 10,000 times too big. It is not taken: a
figure at least SLIP_RATIO times the project's usual size is refused, the message naming
the usual size and the figure converted, so that the clerk corrects the cell and uploads
again.

The usual size of a project is, in order: its own figure already stored (its earlier
agreed investment or total investment), its total investment (for a monthly report), or
the median of the ledger's stored figures (a new project). With none of these, a figure
of CEILING 亿元 or more (a trillion yuan for one project) is refused on its own.

Why 1,000 and not 10,000: the slip multiplies by exactly 10,000, and a project's real
figures move by a few times at most, so 1,000 catches the slip even on a project whose
figure also doubled, and no real revision comes near it.
"""

from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SLIP_RATIO = Decimal(1000)
CEILING = Decimal(10000)  # 亿元
WAN_PER_YI = Decimal(10000)

EARLIER = gettext_lazy("this project's earlier figure (%(usual)s)")
TOTAL = gettext_lazy("the project's total investment (%(usual)s)")
LIBRARY = gettext_lazy("the usual size of the ledger's projects (%(usual)s)")


def yi(value: Decimal) -> str:
    return f"{format(Decimal(value).normalize(), 'f')}亿元"


def slip_problem(value: Decimal | None, usual: Decimal | None, reference) -> str | None:
    """Why `value` (亿元) looks like 万元, against `usual` described by `reference`
    (EARLIER, TOTAL or LIBRARY); None: it does not."""
    if value is None or value <= 0:
        return None
    converted = {
        "number": format(Decimal(value).normalize(), "f"),
        "converted": yi((value / WAN_PER_YI).quantize(Decimal("0.0001")).normalize()),
    }
    if usual is not None and usual > 0:
        if value < usual * SLIP_RATIO:
            return None
        return _(
            "%(value)s is %(times)s times %(reference)s: it looks typed in 万元 where 亿元 "
            "is expected (%(number)s万元 = %(converted)s). Correct the cell and upload again."
        ) % {
            "value": yi(value),
            "times": f"{round(value / usual):d}",
            "reference": reference % {"usual": yi(usual)},
            **converted,
        }
    if value < CEILING:
        return None
    return _(
        "%(value)s is more than any single project could be: it looks typed in 万元 where "
        "亿元 is expected (%(number)s万元 = %(converted)s). Correct the cell and upload again."
    ) % {"value": yi(value), **converted}


def median_of(rows: QuerySet, field: str) -> Decimal | None:
    """The median of a column's stored positive figures, in two queries (None: none)."""
    figures = rows.filter(**{f"{field}__gt": 0}).order_by(field).values_list(field, flat=True)
    count = figures.count()
    if not count:
        return None
    return figures[count // 2]


def check_slips(ledger, rows, key: str, usual) -> None:
    """Refuse, at its cell, every figure of column `key` that looks typed in 万元;
    `usual(row)` gives (usual size, reference) for the row."""
    column = ledger.column(key)
    for row in rows:
        if key in row.bad_keys:
            continue
        size, reference = usual(row)
        problem = slip_problem(row.values.get(key), size, reference)
        if problem:
            row.error(column, problem)
