"""A pseudo-language for tests: a catalog built with Babel in a temporary folder, listed in
LANGUAGES as ``xx``, so a test can prove a text reaches the reader through the catalog.

    with pseudo_language(tmp_path, {"Your projects": "[Ÿøũŗ ƥŗøĵêçţš]"}):
        client.get("/", headers={"accept-language": "xx"})

A key that is a pair is a singular/plural text and takes a pair of translations.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from django.test import override_settings
from django.utils.translation import trans_real as _trans_real

__all__ = ["clear_translation_caches", "pseudo_language"]

# Django's private caches, untyped in its stubs
trans_real: Any = _trans_real

Texts = Mapping[str | tuple[str, str], str | tuple[str, str]]


def clear_translation_caches() -> None:
    """Forget loaded catalogs and the known languages (after LOCALE_PATHS or LANGUAGES change)."""
    trans_real._translations = {}
    trans_real._default = None
    trans_real.translation_catalog_exists.cache_clear()
    trans_real.get_languages.cache_clear()
    trans_real._get_supported_language_variant.cache_clear()


def _write(path: Path, texts: Texts) -> None:
    catalog = Catalog(locale="en", project="Tandem")
    for english, translated in texts.items():
        flags = ["python-format"] if "%(" in str(english) else []
        catalog.add(english, translated, flags=flags)
    with path.open("wb") as mo:
        write_mo(mo, catalog)


@contextmanager
def pseudo_language(
    folder: Path, texts: Texts, scripts: Texts | None = None, *, code: str = "xx"
) -> Iterator[None]:
    """Within the block, ``code`` is a language whose catalog holds ``texts`` (and ``scripts``
    for the scripts' catalog); the catalogs are written under ``folder``."""
    messages = folder / code / "LC_MESSAGES"
    messages.mkdir(parents=True, exist_ok=True)
    _write(messages / "django.mo", texts)
    _write(messages / "djangojs.mo", scripts or {})
    with override_settings(LANGUAGES=[("en", "English"), (code, "Pseudo")], LOCALE_PATHS=[folder]):
        clear_translation_caches()
        try:
            yield
        finally:
            clear_translation_caches()
