"""Errors raised by the earned-value calculations."""

from __future__ import annotations


class EarnedValueError(ValueError):
    """Invalid earned-value input; the message names the offending item or field."""
