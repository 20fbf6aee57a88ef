"""The settings store, and the move of its table out of tally.core keeping the rows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tally.lib.periods import parse_period
from tally.site_settings.models import SiteSetting
from tally.site_settings.store import REPORTING_PERIOD, get_setting, reporting_period, set_setting


def test_it_keeps_a_setting_and_opens_pages_on_the_chosen_period(db):
    assert get_setting(REPORTING_PERIOD, "none") == "none"
    set_setting(REPORTING_PERIOD, "2023H1")
    set_setting(REPORTING_PERIOD, "2023Q3")
    assert SiteSetting.objects.count() == 1
    assert reporting_period() == parse_period("2023Q3")


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_it_moves_the_settings_table_without_losing_its_rows():
    before = [("core", "0001_initial"), ("site_settings", None)]
    after = [("core", "0002_sitesetting_moved"), ("site_settings", "0001_initial")]
    try:
        migrate(before)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO core_sitesetting (id, key, value, updated_at) "
                "VALUES (7, 'reporting_period', '2023H1', CURRENT_TIMESTAMP)"
            )
        migrate(after)
        assert "core_sitesetting" not in connection.introspection.table_names()
        assert get_setting(REPORTING_PERIOD) == "2023H1"
        set_setting("another", "x")  # the id sequence continues after the copied rows
        assert SiteSetting.objects.get(key="another").pk > 7
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
