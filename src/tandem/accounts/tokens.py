"""Token lifetimes: how long any token may live, and when a given one stops working."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from .models import PersonalAccessToken

DEFAULT_MAX_DAYS = 365


def max_token_days() -> int:
    """The longest lifetime of a token in days (``TANDEM_TOKEN_MAX_DAYS``, default 365)."""
    return int(getattr(settings, "TANDEM_TOKEN_MAX_DAYS", DEFAULT_MAX_DAYS))


def token_ends_at(token: PersonalAccessToken) -> dt.datetime:
    """Its own expiry, or earlier when the maximum lifetime was lowered after it was made."""
    return min(token.expires_at, token.created_at + dt.timedelta(days=max_token_days()))
