"""The Celery app. Tasks live in each app's tasks.py and are discovered automatically."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("pokja")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
