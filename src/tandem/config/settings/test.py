"""Test settings: fast password hashing, eager jobs, a throwaway data directory."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES

SECRET_KEY = "test-only-secret-key-not-for-any-real-installation-0123456789"  # noqa: S105
TANDEM_ALLOW_DEMO = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tandem-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
_SHM = Path("/dev/shm")  # noqa: S108 (a throwaway test database, private to this process)
_TMP = _SHM if _SHM.is_dir() else Path(tempfile.gettempdir())
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:: concurrent-writer tests need SQLite's real locking with a busy
    # timeout (shared-cache memory databases fail at once with "table is locked").
    DATABASES["default"]["TEST"] = {"NAME": str(_TMP / f"tandem-test-{os.getpid()}.sqlite3")}
    # Durability does not matter for a throwaway test database.
    DATABASES["default"]["OPTIONS"]["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA foreign_keys=ON;"
    )
# Serve static files from the apps' folders without a collectstatic step.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# The live server of browser tests and threaded tests open their own connections; persistent
# connections would keep the PostgreSQL test database busy at teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0
