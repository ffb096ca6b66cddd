"""Background jobs of the edition app, run by `manage.py db_worker` (django-tasks)."""

from django_tasks import task

from edition.uploads import source_upload_run, source_uploads_requeue_stale


@task()
def source_upload_process(upload_id: int) -> None:
    """Read one uploaded file into a draft edition. Each job first queues again the
    uploads of workers that died, so a killed worker delays them but loses none."""
    source_uploads_requeue_stale()
    source_upload_run(upload_id=upload_id)
