"""The embedded default: what ``make run``, ``tandem ...`` and ``manage.py`` use unless told otherwise.

SQLite in the data directory (or ``DATABASE_URL``), jobs in the web process (or a broker), the
demo allowed. ``DEBUG`` is off, so unknown addresses show Tandem's own pages, unless the developer
asks for it with ``TANDEM_DEBUG=1`` (``tandem run --dev`` sets it and serves with Django's
autoreloading development server).
"""

import os

from .base import *  # noqa: F403
from .base import DATA_DIR
from .keyfile import load_or_create_secret_key

DEBUG = os.environ.get("TANDEM_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("TANDEM_SECRET_KEY") or load_or_create_secret_key(DATA_DIR)
TANDEM_ALLOW_DEMO = True

# Under DEBUG, static files come straight from the apps' folders and follow edits.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
