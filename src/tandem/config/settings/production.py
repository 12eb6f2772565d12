"""Production: secrets and hosts come from the environment; HTTPS only; no demo."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import STORAGES

# Every web process of a deployment signs sessions and links with the same key, so it is given,
# not made up by one of them.
SECRET_KEY = os.environ.get("TANDEM_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "TANDEM_SECRET_KEY is not set: production settings need a secret key shared by every web "
        "process (for instance: python3 -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
DEBUG = False
TANDEM_ALLOW_DEMO = False
SECURE_SSL_REDIRECT = os.environ.get("TANDEM_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("TANDEM_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Static file names carry a hash of their content: browsers keep them for a year and still get
# the new file after an upgrade. Needs ``tandem collectstatic`` (``tandem run`` does it).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
