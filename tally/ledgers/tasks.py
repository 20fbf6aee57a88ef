"""Background work of the ledger framework (django-tasks; `manage.py db_worker`)."""

from django_tasks import task

from .models import ImportBatch


@task()
def check_import(batch_id: int) -> None:
    from .services import check_batch

    batch = ImportBatch.objects.get(pk=batch_id)
    check_batch(batch)


@task()
def commit_import(batch_id: int) -> None:
    from .services import commit_batch

    batch = ImportBatch.objects.get(pk=batch_id)
    commit_batch(batch)
