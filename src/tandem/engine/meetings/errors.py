"""Errors raised by the meeting-slot finder and the iCalendar interchange."""

from __future__ import annotations

__all__ = ["CalendarFileError", "MeetingError", "MeetingRequestError"]


class MeetingError(ValueError):
    """Base class of every error raised by :mod:`tandem.engine.meetings`."""


class MeetingRequestError(MeetingError):
    """A meeting request or a participant is invalid; ``items`` names the offending values."""

    def __init__(self, message: str, items: tuple[str, ...] = ()) -> None:
        self.items = items
        super().__init__(message)


class CalendarFileError(MeetingError):
    """Malformed iCalendar data.

    ``path`` is the file (or source name) and ``line`` the 1-based physical line the problem was
    found on (``None`` only when no line can be blamed, e.g. undecodable bytes spread over a file).
    """

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(f"{where}: {message}")
