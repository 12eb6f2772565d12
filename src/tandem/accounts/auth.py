"""API authentication: the browser session (with CSRF) or a personal access token."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from tandem.core.errors import Forbidden

from .models import PersonalAccessToken, TokenScope, User, hash_token, password_fingerprint
from .tokens import token_ends_at

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ReadOnlyToken(Forbidden):
    code = "read_only_token"


class TokenAuth(HttpBearer):
    """``Authorization: Bearer tdm_...``: a personal access token.

    Answers the token itself, so ``request.auth`` tells a token request from a session one
    (``token_of``); ``request.user`` is its owner either way.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        pat = (
            PersonalAccessToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked=False)
            .first()
        )
        if pat is None or not pat.user.is_active:
            return None
        if pat.password_fingerprint != password_fingerprint(pat.user):
            # The password changed since the token was made (by any path, the command line
            # included): whoever held the old one may have made this token.
            return None
        if pat.user.organization_id is None and not pat.user.is_superuser:
            # Someone who left their organization keeps no access through old tokens.
            return None
        now = timezone.now()
        if token_ends_at(pat) <= now:
            return None
        if pat.scope == TokenScope.READ and request.method not in READ_METHODS:
            raise ReadOnlyToken(
                _(
                    "This token is read-only: it may only read (GET, HEAD, OPTIONS). Create a token "
                    'with scope "write" to change anything.'
                )
            )
        PersonalAccessToken.objects.filter(pk=pat.pk).update(last_used_at=now)
        request.user = pat.user
        return pat


def signed_in_user(request: HttpRequest) -> User:
    """The person behind a request to a route behind ``API_AUTH``, which lets nobody else in
    (Django types ``request.user`` as possibly anonymous)."""
    return cast(User, request.user)


def token_of(request: HttpRequest) -> PersonalAccessToken | None:
    """The token a request was authenticated with, or None for a browser session."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, PersonalAccessToken) else None


API_AUTH = [TokenAuth(), SessionAuth()]
