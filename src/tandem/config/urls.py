"""URL map: the API under /api/, the pages of each domain app at the root."""

from __future__ import annotations

import importlib

from django.urls import URLPattern, URLResolver, include, path

from .api import api
from .domain import DOMAIN_APPS

urlpatterns: list[URLPattern | URLResolver] = [path("api/", api.urls)]

# Each domain app with a ``urls.py`` contributes its pages.
for _app in DOMAIN_APPS:
    try:
        importlib.import_module(f"tandem.{_app}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"tandem.{_app}.urls":
            raise
        continue
    urlpatterns.append(path("", include(f"tandem.{_app}.urls")))
