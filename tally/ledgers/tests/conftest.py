from pathlib import Path

import pytest

from tally.ledgers.models import LedgerType


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    """Kept import files go to a fresh folder, so a test can see what is left behind."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def events_type(db) -> LedgerType:
    return LedgerType.objects.get(key="events")


def pledge_columns() -> list[dict]:
    def col(key, header, kind="text", required=False, **extra):
        return {"key": key, "header": header, "type": kind, "required": required, **extra}

    return [
        col("org", "组织编码", "org", True, example="Z-A-1"),
        col("content", "承诺内容", required=True, example="修缮村活动室"),
        col("date", "承诺日期", "date", True, example="2023-06-30"),
        col("amount", "投入资金(元)", "decimal", example="1200.50"),
        col("people", "参与人数", "int", example="12"),
        col("done", "是否完成", "bool", example="是"),
        col("level", "星级类别", "choice", choices=["党建星", "服务星"], example="服务星"),
    ]


@pytest.fixture
def pledges_type(db) -> LedgerType:
    """A generic ledger with every kind of cell a clerk types: numbers, yes/no, choices."""
    return LedgerType.objects.create(
        key="pledges",
        name="承诺践诺",
        columns=pledge_columns(),
        natural_key=["org", "content"],
        org_column="org",
        date_column="date",
    )
