"""API authentication: the browser session (with CSRF) or a personal access token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from .models import PersonalAccessToken, hash_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer tdm_...``: a personal access token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        pat = (
            PersonalAccessToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked=False)
            .first()
        )
        if pat is None or not pat.user.is_active:
            return None
        if pat.user.organization_id is None and not pat.user.is_superuser:
            # Someone who left their organization keeps no access through old tokens.
            return None
        if pat.expires_at and pat.expires_at <= timezone.now():
            return None
        PersonalAccessToken.objects.filter(pk=pat.pk).update(last_used_at=timezone.now())
        request.user = pat.user
        return pat.user


API_AUTH = [TokenAuth(), SessionAuth()]
