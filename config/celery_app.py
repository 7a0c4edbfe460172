"""The Celery app. Tasks live in each app's tasks.py and are discovered automatically."""

import logging
import os
from pathlib import Path

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("pokja")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def ensure_beat_schedule_folder(sender, **kwargs) -> None:
    """Beat keeps its schedule file in CELERY_DIR. The filesystem broker creates that folder, but
    with Redis nobody did, and beat died at start while the worker kept running, so the nightly
    jobs silently never ran. Create it whatever the broker (before beat opens the file)."""
    folder = Path(sender.conf.beat_schedule_filename).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        # A web process on a read-only disk never runs beat; beat itself will report the error.
        logging.getLogger(__name__).warning("Cannot create the beat folder %s", folder)


@signals.after_setup_logger.connect
@signals.after_setup_task_logger.connect
def use_portal_log_format(logger, **kwargs) -> None:
    """The worker's and beat's lines (their --logfile or the journal) in the same shape as the
    web's: UTC time, level, logger, the task's name and id; JSON in production (pokja/logs.py)."""
    from django.conf import settings

    from pokja.logs import use_portal_format

    use_portal_format(logger, settings.LOG_FORMAT)
