"""包联 assignments: imported with DOMAIN.md's headers, refused in plain words when wrong,
counted as distinct objects served at the period's end, and found by code for the
economy module."""

import datetime as dt

import pytest

from tally.ledgers.models import ImportBatch
from tally.lib.creditcode import make_credit_code
from tally.lib.periods import parse_period
from tally.metrics.engine import compute, compute_many
from tally.supervision.models import ObjectKind, ServiceAssignment
from tally.supervision.selectors import assignments_of, served_codes

from .factories import import_sheet, make_cadre, messages_of


def assign(cadre, kind, code, start, end=None) -> ServiceAssignment:
    return ServiceAssignment.objects.create(
        cadre=cadre, object_kind=kind, object_code=code, start_date=start, end_date=end
    )


HEADER = ["包联干部身份证号", "对象类别", "对象编号", "开始日期", "结束日期"]
COMPANY = make_credit_code("91420300MA4F00001")
KEYS = ("service.city_projects", "service.industrial_projects", "service.enterprises")


@pytest.fixture
def cadres(world):
    return [make_cadre(1, world.street_a), make_cadre(2, world.street_b)]


def test_it_imports_assignments_and_a_second_import_changes_nothing(world, cadres):
    rows = [
        [cadres[0].id_number, "工业项目", "GY-001", "2023-01-10", ""],
        [cadres[1].id_number, "工业项目", "GY-001", "2023-02-01", "2023-12-31"],
        [cadres[1].id_number, "规上工业企业", COMPANY, "2023年3月1日", ""],
    ]
    batch = import_sheet("service_assignments", HEADER, rows, world.users["office"])
    assert batch.status == ImportBatch.Status.COMMITTED, batch.errors
    assert ServiceAssignment.objects.count() == 3
    again = import_sheet("service_assignments", HEADER, rows, world.users["office"])
    assert again.counts["unchanged"] == 3


def test_it_counts_distinct_objects_served_at_the_end_of_the_period(world, cadres):
    assign(cadres[0], ObjectKind.INDUSTRIAL_PROJECT, "GY-001", dt.date(2023, 1, 1))
    assign(cadres[1], ObjectKind.INDUSTRIAL_PROJECT, "GY-001", dt.date(2023, 1, 1))
    assign(cadres[0], ObjectKind.INDUSTRIAL_PROJECT, "GY-002", dt.date(2023, 1, 1))
    # ended before the period's end, and started after it: neither counts.
    ended = dt.date(2023, 6, 29)
    assign(cadres[0], ObjectKind.INDUSTRIAL_PROJECT, "GY-003", dt.date(2023, 1, 1), ended)
    assign(cadres[0], ObjectKind.INDUSTRIAL_PROJECT, "GY-004", dt.date(2023, 7, 1))
    assign(cadres[1], ObjectKind.CITY_PROJECT, "CS-001", dt.date(2023, 1, 1), dt.date(2023, 6, 30))
    assign(cadres[1], ObjectKind.ENTERPRISE, COMPANY, dt.date(2023, 5, 1))
    figures = compute_many(KEYS, world.root, parse_period("2023H1"))
    assert [figures[k].value for k in KEYS] == [1, 2, 1]
    street_b = compute("service.industrial_projects", world.street_b, parse_period("2023H1"))
    assert street_b.value == 1
    assert list(street_b.rows.values_list("object_code", flat=True)) == ["GY-001"]


def test_it_answers_the_economy_module_by_code(world, cadres):
    assign(cadres[0], ObjectKind.ENTERPRISE, COMPANY, dt.date(2023, 1, 1), dt.date(2023, 3, 31))
    assign(cadres[1], ObjectKind.ENTERPRISE, COMPANY, dt.date(2023, 4, 1))
    assert assignments_of(ObjectKind.ENTERPRISE, COMPANY).count() == 2
    on_may_day = assignments_of(ObjectKind.ENTERPRISE, COMPANY, on=dt.date(2023, 5, 1))
    assert [a.cadre for a in on_may_day] == [cadres[1]]
    assert served_codes(ObjectKind.ENTERPRISE, dt.date(2023, 2, 1)) == {COMPANY}
    assert served_codes(ObjectKind.CITY_PROJECT, dt.date(2023, 2, 1)) == set()


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["{id}", "工业项目", "GY-1", "2023-05-01", "2023-04-01"], "结束日期 is before"),
        (["{id}", "规上工业企业", "91420300MA4F00001X", "2023-05-01", ""], "credit code"),
        (["{id}", "规上工业企业", COMPANY.lower(), "2023-05-01", ""], "capitals"),
        (["{id}", "重点项目", "GY-1", "2023-05-01", ""], "not one of the choices"),
        (["420303197505010016", "工业项目", "GY-1", "2023-05-01", ""], "party member"),
    ],
)
def test_it_refuses_bad_rows_and_writes_nothing(world, cadres, english, row, reason):
    row = [cell.replace("{id}", cadres[0].id_number) for cell in row]
    batch = import_sheet("service_assignments", HEADER, [row], world.users["office"])
    assert batch.status == ImportBatch.Status.PREVIEW and batch.error_count == 1
    assert reason in " ".join(messages_of(batch))
    assert not ServiceAssignment.objects.exists()


def test_it_keeps_a_clerk_to_the_cadres_of_her_own_street(world, cadres, english):
    rows = [[cadres[1].id_number, "工业项目", "GY-9", "2023-01-10", ""]]
    batch = import_sheet("service_assignments", HEADER, rows, world.users["clerk"])
    assert batch.error_count == 1
    assert not ServiceAssignment.objects.exists()
