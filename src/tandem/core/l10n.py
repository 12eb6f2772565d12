"""Numbers, amounts and dates written the way the reader's locale writes them (Babel's CLDR data).

The formatting locale is one per request: the person's own setting (``User.locale``, a BCP 47 tag
such as ``de-DE``), else the first locale their browser asks for (Accept-Language), else
``TANDEM_DEFAULT_LOCALE``. ``tandem.core.middleware.UserLocaleMiddleware`` activates it; outside a
request (jobs, emails) ``override`` sets it and the default applies otherwise.

It is separate from the interface language (Django's translation machinery), so a person can read
English pages with German numbers: only the shipped languages translate text, while every CLDR
locale formats numbers and dates.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import functools
from collections.abc import Iterator
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation
from typing import Literal

from babel import Locale, UnknownLocaleError, localedata
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

Number = int | float | Decimal
Width = Literal["short", "medium", "long", "full"]
# Dates without the CLDR standard widths, from CLDR skeletons so each locale orders and punctuates
# them its own way ("Tue 8 Dec" en-GB, "Tue, Dec 8" en-US, "Di., 8. Dez." de-DE).
Style = Literal["day", "day_year", "month_day", "month_year", "weekday", "weekday_day", "long_day"]
WIDTHS: frozenset[str] = frozenset({"short", "medium", "long", "full"})
SKELETONS: dict[str, str] = {
    "day": "MMMEd",
    "day_year": "yMMMEd",
    "month_day": "MMMd",
    "month_year": "yMMM",
    "weekday": "E",
    "weekday_day": "Ed",
    "long_day": "MMMMEEEEd",
}

_active: ContextVar[Locale | None] = ContextVar("tandem_format_locale", default=None)


def parse_locale(tag: str) -> Locale | None:
    """The Babel locale of a BCP 47 tag (``de-DE``, ``de_DE`` or ``de``), or None when CLDR does
    not know it."""
    tag = (tag or "").strip().replace("_", "-")
    if not tag or tag == "*":
        return None
    try:
        return Locale.parse(tag, sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        return None


def validate_locale(value: str) -> None:
    """A person's formatting locale: blank (follow the browser) or a tag CLDR knows."""
    if value and parse_locale(value) is None:
        raise ValidationError(
            _("%(value)s is not a known locale (use a tag like en-GB or de-DE).")
            % {"value": repr(value)}
        )


def validate_language(value: str) -> None:
    """A person's interface language: blank (follow the browser) or one of ``LANGUAGES``."""
    if value and value not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(
            _("%(value)s is not one of the languages this installation offers.")
            % {"value": repr(value)}
        )


def default_locale() -> Locale:
    return parse_locale(getattr(settings, "TANDEM_DEFAULT_LOCALE", "en-GB")) or Locale("en", "GB")


def locale_from_accept_language(header: str) -> Locale | None:
    """The first locale of an Accept-Language header (by quality) that CLDR knows."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and quality > 0:
            weighted.append((-quality, position, tag))
    for _quality, _position, tag in sorted(weighted):
        found = parse_locale(tag)
        if found is not None:
            return found
    return None


def choose_locale(setting: str, accept_language: str) -> Locale:
    """The formatting locale of a person: their setting, else their browser's, else the default."""
    return parse_locale(setting) or locale_from_accept_language(accept_language) or default_locale()


def activate(locale: Locale | str | None) -> None:
    _active.set(parse_locale(locale) if isinstance(locale, str) else locale)


def deactivate() -> None:
    _active.set(None)


def get_locale() -> Locale:
    """The active formatting locale (the default when none is active)."""
    return _active.get() or default_locale()


def locale_tag(locale: Locale | None = None) -> str:
    """``de-DE`` for the active (or the given) locale."""
    return str(locale or get_locale()).replace("_", "-")


@contextlib.contextmanager
def override(locale: Locale | str | None) -> Iterator[None]:
    """Format with ``locale`` inside the block (an email to one person, in their locale)."""
    token = _active.set(parse_locale(locale) if isinstance(locale, str) else locale)
    try:
        yield
    finally:
        _active.reset(token)


@contextlib.contextmanager
def for_person(person: object) -> Iterator[None]:
    """Write to ``person`` (an email from a job, outside their request): their interface
    language and formatting locale when they chose them, else the installation's defaults."""
    language = getattr(person, "language", "") or ""
    offered = {code for code, _name in settings.LANGUAGES}
    with (
        translation.override(language if language in offered else settings.LANGUAGE_CODE),
        override(parse_locale(getattr(person, "locale", "") or "") or default_locale()),
    ):
        yield


def _number(value: object) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def format_amount(value: object, currency: str = "") -> str:
    """``€480,000.00`` (en-GB), ``480.000,00 €`` (de-DE); the currency's own decimals. Without a
    known ISO 4217 code the number is written with two decimals and the code after it."""
    number = _number(value)
    if number is None:
        return ""
    code = (currency or "").strip().upper()
    locale = get_locale()
    if code and code in localedata_currencies():
        return babel_numbers.format_currency(number, code, locale=locale)
    text = format_decimal(number, 2)
    return f"{text} {currency}".strip() if currency else text


@functools.cache
def localedata_currencies() -> frozenset[str]:
    return frozenset(babel_numbers.list_currencies())


def format_number(value: object) -> str:
    """A number with the locale's grouping and decimal sign, as many decimals as it has (up to
    three): ``1,234.5`` (en), ``1.234,5`` (de)."""
    number = _number(value)
    if number is None:
        return ""
    return babel_numbers.format_decimal(number, locale=get_locale())


def format_decimal(value: object, digits: int = 2) -> str:
    """A number with exactly ``digits`` decimals, grouped: ``1,234.50`` (en), ``1.234,50`` (de)."""
    number = _number(value)
    if number is None:
        return ""
    locale = get_locale()
    pattern = copy.copy(locale.decimal_formats[None])
    pattern.frac_prec = (digits, digits)
    return str(pattern.apply(number, locale))


def format_percent(value: object, digits: int = 0) -> str:
    """A share (0.25) as a percentage: ``25%`` (en), ``25 %`` (de)."""
    number = _number(value)
    if number is None:
        return ""
    locale = get_locale()
    pattern = copy.copy(locale.percent_formats[None])
    pattern.frac_prec = (0, digits)
    return str(pattern.apply(number, locale))


def _local(value: dt.datetime, to_local: bool = True) -> dt.datetime:
    """An aware moment in the reader's time zone; ``to_local=False`` keeps its own zone (a
    meeting's time where it is held; the template filters, which Django already converts)."""
    return timezone.localtime(value) if to_local and timezone.is_aware(value) else value


def format_date(
    value: dt.date | None, width: Width | Style | str = "medium", *, to_local: bool = True
) -> str:
    """``8 Dec 2026`` (en-GB medium), ``08/12/2026`` (en-GB short), ``08.12.2026`` (de-DE).

    Besides the CLDR widths (short, medium, long, full), the styles of ``SKELETONS``: ``day``
    ``Tue 8 Dec``, ``day_year`` ``Tue, 8 Dec 2026``, ``month_day`` ``8 Dec``, ``month_year``
    ``Dec 2026``, ``weekday`` ``Tue``, ``weekday_day`` ``Tue 8``, ``long_day``
    ``Tuesday 8 December``. An unknown width reads as medium."""
    if value is None or value == "":
        return ""
    if not isinstance(value, dt.date):
        return str(value)
    if isinstance(value, dt.datetime):
        value = _local(value, to_local).date()
    locale = get_locale()
    if width in SKELETONS:
        return str(babel_dates.format_skeleton(SKELETONS[width], value, locale=locale))
    return babel_dates.format_date(
        value, format=width if width in WIDTHS else "medium", locale=locale
    )


def _zone(value: dt.datetime, locale: Locale) -> str:
    """The zone's short name as the locale writes it (``CET``, ``MEZ``, ``UTC``); where CLDR has
    only an offset for it, the zone's own abbreviation (``JST``) as Django's ``T`` wrote it."""
    if value.tzinfo is None:
        return ""
    name = str(babel_dates.format_time(value, "z", tzinfo=value.tzinfo, locale=locale))
    if any(character.isalpha() for character in name):
        return name
    return value.tzname() or name


def format_time(
    value: dt.datetime | dt.time | None,
    width: Width = "short",
    *,
    zone: bool = False,
    to_local: bool = True,
) -> str:
    """The clock time of a moment in the reader's time zone: ``14:05`` (en-GB, de-DE),
    ``2:05 PM`` (en-US); ``medium`` adds the seconds, ``zone`` the zone's name (``14:05 CET``)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, dt.datetime | dt.time):
        return str(value)
    locale = get_locale()
    clock_width = "medium" if width in {"medium", "long", "full"} else "short"
    if isinstance(value, dt.time):
        return str(babel_dates.format_time(value, format=clock_width, locale=locale))
    value = _local(value, to_local)
    clock = str(babel_dates.format_time(value.time(), format=clock_width, locale=locale))
    if zone and value.tzinfo is not None:
        clock = f"{clock} {_zone(value, locale)}"
    return clock


def format_datetime(
    value: dt.datetime | None,
    width: Width | Style | str = "medium",
    *,
    zone: bool = False,
    to_local: bool = True,
) -> str:
    """A moment in the reader's time zone: ``8 Dec 2026, 14:05`` (en-GB medium), ``Tue 8 Dec,
    14:05`` (style ``day``, see ``format_date``); ``zone`` adds the zone's name (``14:05 CET``)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, dt.datetime):
        return format_date(value, width)
    value = _local(value, to_local)
    locale = get_locale()
    day = format_date(value.date(), width)
    clock = format_time(value, zone=zone, to_local=False)
    pattern = locale.datetime_formats.get(width if width in WIDTHS else "medium") or "{1}, {0}"
    # A CLDR pattern quotes its literal words ("{1} 'at' {0}"): unquote them before filling in.
    return str(pattern).replace("'", "").replace("{1}", day).replace("{0}", clock)


@functools.cache
def _locale_choices(language: str) -> tuple[tuple[str, str], ...]:
    rows = []
    for identifier in localedata.locale_identifiers():
        locale = Locale.parse(identifier)
        if locale.territory is None or locale.variant:
            continue
        tag = identifier.replace("_", "-")
        own = locale.get_display_name(locale) or tag
        shown = locale.get_display_name(language) or own
        label = shown if shown == own else f"{shown} — {own}"
        rows.append((tag, f"{label} ({tag})"))
    return tuple(sorted(rows, key=lambda row: row[1].casefold()))


def locale_choices(language: str = "en") -> list[tuple[str, str]]:
    """Every CLDR locale with a country, named in ``language`` and in its own language."""
    parsed = parse_locale(language)
    return list(_locale_choices(parsed.language if parsed else "en"))
