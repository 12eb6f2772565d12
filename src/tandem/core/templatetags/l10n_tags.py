"""Filters that write numbers, amounts and dates in the reader's locale (``tandem.core.l10n``).

A built-in library (settings ``TEMPLATES``), so no ``{% load %}`` is needed::

    {{ project.budget|amount:project.currency }}   €480,000.00 / 480.000,00 €
    {{ hours|decimal:1 }}                           1,234.5 / 1.234,5
    {{ count|number }}                              12,000 / 12.000
    {{ share|percent }}                             25% / 25 %
    {{ day|local_date }}  {{ day|local_date:"short" }}   8 Dec 2026 / 08/12/2026
    {{ moment|local_datetime }}                     8 Dec 2026, 14:05
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


def _width(width: str) -> l10n.Width:
    return cast("l10n.Width", width if width in {"short", "medium", "long"} else "medium")


@register.filter
def local_date(value: Any, width: str = "medium") -> str:
    return l10n.format_date(value, _width(width))


@register.filter
def local_datetime(value: Any, width: str = "medium") -> str:
    return l10n.format_datetime(value, _width(width))
