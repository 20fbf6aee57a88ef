"""The generic ledgers DOMAIN.md ships were created here; they belong to the domain app
tally.readymade now (its migration 0001 creates the missing ones and leaves existing
ones, with their records and an administrator's edits, as they are). Kept, empty, because
other apps' migrations depend on this name."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0001_initial")]
    operations = []
