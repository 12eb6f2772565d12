"""Production: secrets and hosts come from the environment; HTTPS only."""

import os

from .base import *  # noqa: F403

SECRET_KEY = os.environ["TANDEM_SECRET_KEY"]
DEBUG = False
SECURE_SSL_REDIRECT = os.environ.get("TANDEM_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("TANDEM_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
