"""The authorization matrix: every route x every relation to a project x verb.

Each app lists its routes in ``tandem/<app>/tests/access_rules.py`` as ``rules(world) -> list[dict]``:

    {"method": "PATCH", "url": "/api/tasks/12", "body": {...}, "headers": {"If-Match": '"1"'},
     "expect": {"anonymous": 401, "stranger": 404, ..., "manager": 200},
     "model": Task, "pk": 12, "format": "json" | "form" | "multipart"}

``routes_without_rules`` compares the rules with what the URL resolver serves, so a new route
without a rule fails the suite. ``run_rule`` sends the request as one role inside a savepoint that
is rolled back afterwards, and for a refused write checks that nothing changed: not the row, not
the audit trail, and nobody was notified.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.signals import request_finished
from django.db import close_old_connections, models, transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tandem.comms.models import Notification
from tandem.config.domain import DOMAIN_APPS
from tandem.core.models import AuditEvent

from .factories import ROLES, World

APPS = DOMAIN_APPS
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Framework routes that are not Tandem's (static files in debug, the login form's own POST is
# covered by the login rules).
IGNORED_ROUTES: set[str] = set()


@dataclass
class Route:
    route: str
    name: str | None
    methods: set[str] = field(default_factory=set)
    is_api: bool = False


def _api_methods(callback: Any) -> set[str]:
    for cell in getattr(callback, "__closure__", None) or ():
        ops = getattr(cell.cell_contents, "operations", None)
        if ops:
            return {m.upper() for op in ops for m in op.methods}
    return set()


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern), p


def served_routes() -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for route, pattern in _walk(get_resolver().url_patterns):
        if route in IGNORED_ROUTES:
            continue
        entry = routes.setdefault(
            route, Route(route, pattern.name, is_api=route.startswith("api/"))
        )
        entry.methods |= _api_methods(pattern.callback)
    return routes


# Apps whose rules hold plan-wide snapshots (a finished leveling run, the versions of tasks that a
# reschedule may bump): their setup runs after every other app's, which may add tasks to the plan.
SET_UP_LAST = ("planning",)


def collect_rules(world: World) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = []
    ordered = [a for a in APPS if a not in SET_UP_LAST] + [a for a in APPS if a in SET_UP_LAST]
    for app in ordered:
        try:
            module = importlib.import_module(f"tandem.{app}.tests.access_rules")
        except ModuleNotFoundError as exc:
            if exc.name != f"tandem.{app}.tests.access_rules":
                raise
            continue
        for rule in module.rules(world):
            rule.setdefault("app", app)
            rules.append(rule)
    return rules


def route_of(url: str) -> str:
    return resolve(url.split("?", 1)[0]).route


def routes_without_rules(rules: list[dict[str, Any]]) -> list[str]:
    """Served (route, method) pairs that no rule covers; pages need at least one rule per route."""
    covered: dict[str, set[str]] = {}
    for rule in rules:
        covered.setdefault(route_of(rule["url"]), set()).add(rule["method"].upper())
    missing = []
    for route, info in sorted(served_routes().items()):
        have = covered.get(route, set())
        if info.is_api and info.methods:
            missing += [f"{m} /{route}" for m in sorted(info.methods - have)]
        elif not have:
            missing.append(f"ANY /{route}")
    return missing


def _row_state(rule: dict[str, Any]) -> Any:
    model: type[models.Model] | None = rule.get("model")
    if model is None:
        return None
    if rule.get("pk") is None:
        return model._default_manager.count()
    obj = model._default_manager.filter(pk=rule["pk"]).first()
    return None if obj is None else model_to_dict(obj)


def _send(client: Client, rule: dict[str, Any]) -> Any:
    method = rule["method"].lower()
    headers = rule.get("headers", {})
    if callable(headers):  # read at send time, e.g. the version an object has by then
        headers = headers()
    body = rule.get("body")
    fmt = rule.get("format") or ("json" if rule["url"].startswith("/api/") else "form")
    if body is None:
        return getattr(client, method)(rule["url"], headers=headers)
    if fmt == "json":
        return getattr(client, method)(
            rule["url"], data=body, content_type="application/json", headers=headers
        )
    if fmt == "multipart":
        factory = body() if callable(body) else body
        return client.post(rule["url"], data=factory, headers=headers)
    return getattr(client, method)(rule["url"], data=body, headers=headers)


def _close(response: Any) -> None:
    """Release a streamed download's file, without the end-of-request hook closing the test's
    database connection (as Django's test client itself avoids)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


class _Rollback(Exception):
    pass


def run_rule(world: World, rule: dict[str, Any], role: str) -> tuple[int, str | None]:
    """Send the rule's request as ``role``; return (status, problem or None). Rolls back."""
    expected = rule["expect"][role]
    client = Client()
    user = world.user(role)
    problem: str | None = None
    status = 0
    try:
        with transaction.atomic():
            if user is not None:
                client.force_login(user)
            before = _row_state(rule)
            audit_before = AuditEvent.objects.count()
            notes_before = Notification.objects.count()
            response = _send(client, rule)
            status = response.status_code
            _close(response)
            if status != expected:
                problem = f"expected {expected}, got {status}: {response.content[:200]!r}"
            elif rule["method"].upper() in WRITE_METHODS and (status >= 400 or user is None):
                if _row_state(rule) != before:
                    problem = f"refused with {status} but the {rule['model'].__name__} changed"
                elif AuditEvent.objects.count() != audit_before:
                    problem = f"refused with {status} but an audit event was written"
                elif Notification.objects.count() != notes_before:
                    problem = f"refused with {status} but someone was notified"
            raise _Rollback
    except _Rollback:
        pass
    return status, problem


def check_rule_shape(rule: dict[str, Any]) -> list[str]:
    errors = []
    missing_roles = set(ROLES) - set(rule.get("expect", {}))
    if missing_roles:
        errors.append(f"{rule['method']} {rule['url']}: no expectation for {sorted(missing_roles)}")
    if rule["method"].upper() in WRITE_METHODS and "model" not in rule:
        errors.append(f"{rule['method']} {rule['url']}: a write rule names the model it may change")
    return errors


def shape_problems(rules: list[dict[str, Any]]) -> list[str]:
    """``check_rule_shape`` over a list of rules."""
    return [problem for rule in rules for problem in check_rule_shape(rule)]


def matrix_failures(
    world: World, rules: list[dict[str, Any]], roles: Iterable[str] = ROLES
) -> list[str]:
    """Each rule sent as each role (``run_rule``); one line per rule and role whose status or
    side effects are wrong."""
    failures = []
    for rule in rules:
        for role in roles:
            _, problem = run_rule(world, rule, role)
            if problem:
                failures.append(f"{rule['method']} {rule['url']} as {role}: {problem}")
    return failures


@dataclass
class AppCoverage:
    served: list[str]  # the app's routes that the resolver serves
    missing: list[str]  # "METHOD /route" (API) or "ANY /route" (page) that no rule covers


def app_coverage(
    rules: list[dict[str, Any]],
    *,
    url_names: Iterable[str] = (),
    api_prefixes: tuple[str, ...] = (),
    api_routes: Iterable[str] = (),
) -> AppCoverage:
    """The routes of one app (pages by URL name, API routes by prefix or exact route) and those
    of them that ``rules`` leave uncovered: an API route needs a rule per method, a page one."""
    names, exact = set(url_names), set(api_routes)
    covered = {(route_of(r["url"]), r["method"].upper()) for r in rules}
    covered_routes = {route for route, _ in covered}
    mine = [
        (route, info)
        for route, info in served_routes().items()
        if info.name in names or route in exact or route.startswith(api_prefixes)
    ]
    missing = []
    for route, info in mine:
        if info.is_api and info.methods:
            missing += [f"{m} /{route}" for m in info.methods if (route, m) not in covered]
        elif route not in covered_routes:
            missing.append(f"ANY /{route}")
    return AppCoverage(served=[route for route, _ in mine], missing=missing)
