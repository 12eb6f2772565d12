"""Filters that write numbers, amounts and dates in the reader's locale (``tandem.core.l10n``).

A built-in library (settings ``TEMPLATES``), so no ``{% load %}`` is needed::

    {{ project.budget|amount:project.currency }}   €480,000.00 / 480.000,00 €
    {{ hours|decimal:1 }}                           1,234.5 / 1.234,5
    {{ count|number }}                              12,000 / 12.000
    {{ share|percent }}                             25% / 25 %
    {{ day|local_date }}  {{ day|local_date:"short" }}   8 Dec 2026 / 08/12/2026
    {{ day|local_date:"day" }}                      Tue 8 Dec / Di., 8. Dez.
    {{ moment|local_datetime }}                     8 Dec 2026, 14:05
    {{ moment|local_datetime:"medium zone" }}       8 Dec 2026, 14:05 CET
    {{ moment|local_time }}  {{ moment|local_time:"zone" }}   14:05 / 2:05 PM, 14:05 CET

A width is one of ``short``, ``medium``, ``long``, ``full`` or a style of
``tandem.core.l10n.SKELETONS`` (``day``, ``day_year``, ``month_day``, ``month_year``, ``weekday``,
``weekday_day``, ``long_day``); the word ``zone`` after it adds the time zone's name.
"""

from __future__ import annotations

from typing import Any, cast

from django import template

from tandem.core import l10n

register = template.Library()


@register.filter
def amount(value: Any, currency: str = "") -> str:
    return l10n.format_amount(value, currency)


@register.filter
def number(value: Any) -> str:
    return l10n.format_number(value)


@register.filter
def decimal(value: Any, digits: Any = 2) -> str:
    return l10n.format_decimal(value, int(digits))


@register.filter
def percent(value: Any, digits: Any = 0) -> str:
    return l10n.format_percent(value, int(digits))


def _options(argument: str, default: str = "medium") -> tuple[str, bool]:
    """``"medium zone"`` -> ("medium", True); an unknown or missing width is ``default``."""
    words = str(argument or "").replace(",", " ").split()
    zone = "zone" in words
    widths = [word for word in words if word in l10n.WIDTHS or word in l10n.SKELETONS]
    return (widths[0] if widths else default), zone


# ``expects_localtime``: Django hands these filters a moment already in the reader's zone, or kept
# in its own zone inside ``{% localtime off %}`` or after ``|timezone:zone``, as for ``|date``.


@register.filter(expects_localtime=True)
def local_date(value: Any, width: str = "medium") -> str:
    return l10n.format_date(value, _options(width)[0], to_local=False)


@register.filter(expects_localtime=True)
def local_datetime(value: Any, width: str = "medium") -> str:
    chosen, zone = _options(width)
    return l10n.format_datetime(value, chosen, zone=zone, to_local=False)


@register.filter(expects_localtime=True)
def local_time(value: Any, width: str = "short") -> str:
    chosen, zone = _options(width, "short")
    clock = cast("l10n.Width", chosen if chosen in l10n.WIDTHS else "short")
    return l10n.format_time(value, clock, zone=zone, to_local=False)
