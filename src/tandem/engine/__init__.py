"""Tandem's scheduling engine: pure Python (numpy and OR-Tools allowed), no Django.

Calendars, critical path, leveling, schedule risk, earned value, meeting-slot finding and file
formats. Every public name is listed in ``__all__``.
"""

__all__: list[str] = []
