"""SiteSetting moved here from tally.core: the new table takes over the rows of the old
one (core_sitesetting), which core's migration 0002 then drops. Without a dependency on
core, this migration also works where core is no longer installed."""

from django.db import migrations, models

OLD_TABLE = "core_sitesetting"


def copy_rows(connection, source: str, target: str) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in ("id", "key", "value", "updated_at"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(target)} ({columns}) "  # noqa: S608 - fixed names
            f"SELECT {columns} FROM {quote(source)}"
        )
        if connection.vendor == "postgresql":
            # The copied ids were explicit: the sequence must continue after them.
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{target}', 'id'), "  # noqa: S608
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {quote(target)}"
            )


def take_over_old_rows(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE in connection.introspection.table_names():
        new_table = apps.get_model("site_settings", "SiteSetting")._meta.db_table
        copy_rows(connection, OLD_TABLE, new_table)


def give_back_rows(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE in connection.introspection.table_names():
        new_table = apps.get_model("site_settings", "SiteSetting")._meta.db_table
        copy_rows(connection, new_table, OLD_TABLE)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SiteSetting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=64, unique=True, verbose_name="key")),
                ("value", models.CharField(max_length=200, verbose_name="value")),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "site setting",
                "verbose_name_plural": "site settings",
            },
        ),
        migrations.RunPython(take_over_old_rows, give_back_rows),
    ]
