"""URL map: the API under /api/, the pages of each domain app at the root."""

from __future__ import annotations

import importlib

from django.urls import URLPattern, URLResolver, include, path
from django.views.decorators.cache import cache_page
from django.views.decorators.vary import vary_on_headers
from django.views.i18n import JavaScriptCatalog

from .api import api
from .domain import DOMAIN_APPS

# The texts of the static scripts, in the reader's language (a plain <script src>, no inline JS).
_js_catalog = JavaScriptCatalog.as_view(packages=[f"tandem.{app}" for app in DOMAIN_APPS])

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", api.urls),
    path(
        "jsi18n/",
        vary_on_headers("Accept-Language")(cache_page(60 * 60)(_js_catalog)),
        name="javascript-catalog",
    ),
]

# Each domain app with a ``urls.py`` contributes its pages.
for _app in DOMAIN_APPS:
    try:
        importlib.import_module(f"tandem.{_app}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"tandem.{_app}.urls":
            raise
        continue
    urlpatterns.append(path("", include(f"tandem.{_app}.urls")))
