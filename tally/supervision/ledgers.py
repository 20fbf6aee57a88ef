"""The ledgers of section B (锤炼能力作风) with DOMAIN.md's headers."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tally.ledgers import declarations as d
from tally.ledgers.declarations import Column
from tally.ledgers.ledger import Ledger
from tally.ledgers.registry import register
from tally.lib.creditcode import CreditCodeError, validate_credit_code
from tally.party.refs import PERSON_REF

from .models import ObjectKind, ServiceAssignment

EXAMPLE_ID = "420303198506151237"  # a well-formed, made-up number (check digit valid)


def check_date_order(ledger: Ledger, rows, first: str, later: str, message: str) -> None:
    """An error on `later` when it comes before `first` (both dates, either may be blank)."""
    column = ledger.column(later)
    for row in rows:
        start, end = row.values.get(first), row.values.get(later)
        if row.ok and start and end and end < start:
            row.error(column, message)


class ServiceAssignmentLedger(Ledger):
    key = "service_assignments"
    name = gettext_lazy("Service assignments (包联)")
    description = gettext_lazy(
        "Cadres assigned to serve city construction projects, industrial projects and "
        "industrial enterprises above designated size. A project is named by its 项目编号, "
        "an enterprise by its 统一社会信用代码. The cadre's organisation owns the row."
    )
    model = ServiceAssignment
    columns = [
        Column(
            "包联干部身份证号",
            "cadre",
            d.REF,
            required=True,
            ref=PERSON_REF,
            pii=True,
            example=EXAMPLE_ID,
            help=gettext_lazy(
                "The cadre's ID-card number; the cadre must be in the members ledger."
            ),
        ),
        Column(
            "对象类别",
            "object_kind",
            d.CHOICE,
            required=True,
            choices=tuple(ObjectKind.values),
            example=ObjectKind.INDUSTRIAL_PROJECT,
        ),
        Column(
            "对象编号",
            "object_code",
            d.TEXT,
            required=True,
            max_length=32,
            example="XM-2023-001",
            help=gettext_lazy(
                "The project number, or the enterprise's unified social credit code."
            ),
        ),
        Column("开始日期", "start_date", d.DATE, required=True, example="2023-02-01"),
        Column("结束日期", "end_date", d.DATE),
    ]
    natural_key = ("cadre", "object_kind", "object_code")
    org_field = "cadre__org"
    org_column = None
    date_field = "start_date"
    search_fields = ("object_code", "cadre__name")
    ordering = ("object_kind", "object_code", "-start_date")

    def row_org(self, values):
        cadre = values.get("cadre")
        return cadre.org if cadre is not None else None

    def validate_rows(self, rows, context) -> None:
        check_date_order(
            self, rows, "start_date", "end_date", _("The 结束日期 is before the 开始日期.")
        )
        code_column = self.column("object_code")
        for row in rows:
            if row.ok and row.values["object_kind"] == ObjectKind.ENTERPRISE:
                check_credit_code(row, code_column, row.values["object_code"])


def check_credit_code(row, column: Column, code: str) -> None:
    """An enterprise is named by its credit code exactly as the enterprises ledger keeps
    it (capitals, no spaces), so that the economy module finds its assignments."""
    try:
        normalized = validate_credit_code(code)
    except CreditCodeError as error:
        row.error(column, str(error))
        return
    if normalized != code:
        row.error(
            column,
            _("Write the credit code as %(code)s (capitals, no spaces).") % {"code": normalized},
        )


SERVICE_ASSIGNMENTS = register(ServiceAssignmentLedger())
