"""A data version per table (tally/lib/dataversion.py): the existing row becomes the one
named "" (SQLite's pause); the tables' rows and triggers are added after migrate."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("metrics", "0002_dataversion")]

    operations = [
        migrations.AddField(
            model_name="dataversion",
            name="name",
            field=models.CharField(default="", max_length=100, unique=True),
        ),
    ]
