"""The data version (freshness.py): its one row, with a token of its own. Triggers are
installed after every migrate (post_migrate), since SQLite drops a table's triggers when
a later migration rebuilds it."""

import uuid

from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("metrics", "DataVersion").objects.create(id=1, token=uuid.uuid4().hex)


class Migration(migrations.Migration):
    dependencies = [("metrics", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=64)),
                ("paused", models.BooleanField(default=False)),
            ],
            options={"verbose_name": "data version", "verbose_name_plural": "data versions"},
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
