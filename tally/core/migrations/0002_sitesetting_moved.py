"""SiteSetting lives in tally.site_settings now; its migration 0001 copied the rows."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("site_settings", "0001_initial"),
    ]

    operations = [migrations.DeleteModel(name="SiteSetting")]
