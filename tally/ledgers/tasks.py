"""Background work of the ledger framework (django-tasks; `manage.py db_worker`)."""

from django_tasks import task

from .batches import check_kept_file, commit_batch
from .models import ImportBatch


@task()
def check_import(batch_id: int) -> None:
    check_kept_file(ImportBatch.objects.get(pk=batch_id))


@task()
def commit_import(batch_id: int) -> None:
    commit_batch(ImportBatch.objects.get(pk=batch_id))
