"""A test client for the JSON API that signs in as a given person."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client


class ApiClient:
    def __init__(self) -> None:
        self.client = Client(enforce_csrf_checks=False)

    def as_user(self, user: Any | None) -> ApiClient:
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self

    def request(
        self, method: str, url: str, data: Any = None, *, if_match: int | str | None = None
    ) -> Any:
        headers = {} if if_match is None else {"If-Match": f'"{if_match}"'}
        kwargs: dict[str, Any] = {"headers": headers}
        if data is not None:
            kwargs["data"] = json.dumps(data, default=str)
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method.lower())(url, **kwargs)

    def get(self, url: str, *, if_match: int | str | None = None) -> Any:
        return self.request("GET", url, if_match=if_match)

    def post(self, url: str, data: Any = None, *, if_match: int | str | None = None) -> Any:
        return self.request("POST", url, data, if_match=if_match)

    def patch(self, url: str, data: Any = None, *, if_match: int | str | None = None) -> Any:
        return self.request("PATCH", url, data, if_match=if_match)

    def put(self, url: str, data: Any = None, *, if_match: int | str | None = None) -> Any:
        return self.request("PUT", url, data, if_match=if_match)

    def delete(self, url: str, *, if_match: int | str | None = None) -> Any:
        return self.request("DELETE", url, if_match=if_match)
