"""A language is added with a catalog only: no template changes. The test builds a catalog for a
pseudo-language ``xx`` (each text wrapped in brackets), lists it in LANGUAGES and reads pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from django.test import Client, override_settings
from django.utils.translation import trans_real

from tandem.accounts.actions import do_update_person

pytestmark = pytest.mark.django_db

DELETED_ONE = (
    "A deleted project can be restored, exactly as it was, for %(days)s day; then it is "
    "removed for good with its files."
)
DELETED_MANY = (
    "A deleted project can be restored, exactly as it was, for %(days)s days; then it is "
    "removed for good with its files."
)
TEXTS = {
    "Your projects": "[Ÿøũŗ ƥŗøĵêçţš]",  # a template text ({% translate %})
    "Green": "[Ĝŗêêñ]",  # a model choice (gettext_lazy)
    "Numbers, amounts and dates": "[Ñũɱƀêŗš]",  # a form label (gettext_lazy)
    "Your profile is saved.": "[Šåṽêđ]",  # a message after a save (gettext)
}


def _clear_translation_caches() -> None:
    trans_real._translations = {}
    trans_real._default = None
    trans_real.translation_catalog_exists.cache_clear()
    trans_real.get_languages.cache_clear()
    trans_real._get_supported_language_variant.cache_clear()


@pytest.fixture
def pseudo_language(tmp_path: Path) -> Iterator[None]:
    catalog = Catalog(locale="en", project="Tandem")
    for english, pseudo in TEXTS.items():
        catalog.add(english, pseudo)
    catalog.add(
        (DELETED_ONE, DELETED_MANY),
        ("[%(days)s ðåý]", "[%(days)s ðåýš]"),
        flags=["python-format"],
    )
    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "django.mo").open("wb") as mo:
        write_mo(mo, catalog)
    scripts = Catalog(locale="en", project="Tandem")
    scripts.add("Saving…", "[Šåṽîñĝ…]")
    with (folder / "djangojs.mo").open("wb") as mo:
        write_mo(mo, scripts)
    with override_settings(
        LANGUAGES=[("en", "English"), ("xx", "Pseudo")], LOCALE_PATHS=[tmp_path]
    ):
        _clear_translation_caches()
        yield
    _clear_translation_caches()


def _page(client: Client, url: str, language: str) -> str:
    response = client.get(url, headers={"accept-language": language})
    assert response.status_code == 200
    return response.content.decode()


def test_a_browser_asking_for_the_new_language_reads_it(world, pseudo_language) -> None:
    client = Client()
    client.force_login(world.manager)

    home = _page(client, "/", "xx")
    deleted = _page(client, "/projects/deleted/", "xx")

    assert "[Ÿøũŗ ƥŗøĵêçţš]" in home
    assert "Your projects" not in home
    assert "[Ĝŗêêñ]" in home
    assert "[30 ðåýš]" in deleted
    assert "removed for good" not in deleted


def test_english_stays_for_a_browser_asking_for_english(world, pseudo_language) -> None:
    client = Client()
    client.force_login(world.manager)

    home = _page(client, "/", "en-GB,en;q=0.9")

    assert "Your projects" in home
    assert "[Ÿøũŗ" not in home


def test_the_profile_offers_the_languages_and_the_choice_wins_over_the_browser(
    world, pseudo_language
) -> None:
    client = Client()
    client.force_login(world.member)
    profile = _page(client, "/me/profile/", "en")
    assert '<option value="xx">Pseudo</option>' in profile
    assert "Numbers, amounts and dates" in profile

    do_update_person(
        world.member,
        acting_user=world.member,
        version=world.member.version,
        changes={"language": "xx"},
    )
    profile = _page(client, "/me/profile/", "en")

    assert "[Ñũɱƀêŗš]" in profile
    assert '<option value="xx" selected>Pseudo</option>' in profile
    world.member.refresh_from_db()
    saved = client.post(
        "/me/profile/",
        {"version": world.member.version, "time_zone": "Asia/Tokyo", "language": "xx"},
        follow=True,
    )
    assert "[Šåṽêđ]" in saved.content.decode()


def test_the_scripts_read_their_texts_in_the_new_language(world, pseudo_language) -> None:
    client = Client()
    client.force_login(world.manager)

    catalog = _page(client, "/jsi18n/", "xx")
    english = _page(client, "/jsi18n/", "en")

    assert "[Šåṽîñĝ…]" in catalog or "[\\u0160" in catalog
    assert "Šåṽîñĝ" not in english
    assert "\\u0160" not in english
