from django.db import migrations, models
from django.db.models import Max


def count_existing_versions(apps, schema_editor):
    Publication = apps.get_model("reports", "Publication")
    for publication in Publication.objects.annotate(last=Max("versions__number")):
        Publication.objects.filter(pk=publication.pk).update(last_number=publication.last or 0)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="last_number",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_existing_versions, migrations.RunPython.noop),
    ]
