"""Celery application.

In the embedded default (no ``CELERY_BROKER_URL``) tasks run eagerly in the web process, so a new
user needs no broker; with a broker, several workers share the queue.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.config.settings.dev")

app = Celery("tandem")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")
# The import of plan files keeps its job beside the other import modules (tandem.transfer).
app.autodiscover_tasks(related_name="import_jobs")
