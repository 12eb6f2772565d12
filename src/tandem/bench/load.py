"""``tandem bench load``: the production server on PostgreSQL under 50 simulated users.

Creates a throwaway PostgreSQL database (on the server of ``DATABASE_URL``, else
``postgres://postgres@127.0.0.1:5432/``), migrates it and loads the demo organization, creates a
personal access token for each demo account, and starts ``tandem run`` (gunicorn, production
settings, DEBUG off) on a free loopback port. The simulated users share the six demo accounts
that work on the plan (user n signs in as account n mod 6; the stakeholder sam is left out, as
his role reads neither tasks nor risks): each has the account's token for API calls and a browser
session of its own for pages. Each user repeats, until ``--seconds`` have passed, one request
drawn from the mix: 60% API reads, 20% pages, 20% writes (a task's description changed with
If-Match from a fresh GET, a comment on a task, a new risk, as far as the account's role in the
project allows), with a random pause of up to twice
``--think`` seconds between requests (the GET that fetches a task's version before a change is
counted as an API read). A 412 on a racing If-Match is a correct refusal and is counted apart.
Once the server has stopped, every acknowledged write is read back from the database, which is
then dropped.

Options: ``--users 50`` ``--seconds 180`` ``--think 0.5`` ``--seed 7``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
# The demo accounts that work on the plan; sam, the stakeholder, may not read tasks or risks.
ACCOUNTS = ["maria", "colin", "dev.anna", "dev.ben", "qa.chloe", "ux.dan"]
# Roles that may change tasks (risks: the manager only); the others write comments.
PLANNERS = {"manager", "coordinator"}
MIX = (("api", 0.6), ("page", 0.2), ("write", 0.2))
TARGETS_MS = {"api": 300.0, "page": 1000.0}
PAGES = ["", "plan/", "gantt/", "risks/", "meetings/"]
START_TIMEOUT_SECONDS = 180
SLOWEST = 3  # endpoints named with their p95, the slowest first


def _positive(kind: type) -> Any:
    def parse(text: str) -> Any:
        value = kind(text)
        if value < 1:
            raise argparse.ArgumentTypeError(f"must be 1 or more, not {text}")
        return value

    return parse


def _not_negative(text: str) -> float:
    value = float(text)
    if value < 0 or math.isnan(value):
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {text}")
    return value


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="tandem bench load", description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=_positive(int), default=50)
    parser.add_argument("--seconds", type=_positive(int), default=180)
    parser.add_argument("--think", type=_not_negative, default=0.5, help="mean pause (s)")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args(argv)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in 0..1); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Outcome:
    """What the load produced: samples per kind, errors, refused writes, acknowledged writes."""

    seconds: float
    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    refused: int = 0
    writes: list[dict[str, Any]] = field(default_factory=list)
    by_label: dict[str, list[float]] = field(default_factory=dict)

    def add(self, kind: str, ms: float, label: str = "") -> None:
        self.samples.setdefault(kind, []).append(ms)
        if label:
            self.by_label.setdefault(label, []).append(ms)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def report(outcome: Outcome, lost: list[str], *, users: int) -> list[str]:
    """The printed block: throughput, latency per kind, errors, lost writes, targets."""
    total = sum(len(v) for v in outcome.samples.values()) + sum(outcome.errors.values())
    rate = total / outcome.seconds if outcome.seconds > 0 else math.nan
    lines = [f"  {users} users, {outcome.seconds:.0f} s: {total} requests, {rate:.1f} req/s"]
    for kind in ("api", "page", "write"):
        values = outcome.samples.get(kind, [])
        p50, p95, p99 = (percentile(values, q) for q in (0.5, 0.95, 0.99))
        lines.append(
            f"  {kind:<6} n={len(values):<6} p50 {p50:7.0f} ms  p95 {p95:7.0f} ms  "
            f"p99 {p99:7.0f} ms"
        )
    slowest = sorted(outcome.by_label.items(), key=lambda kv: -percentile(kv[1], 0.95))[:SLOWEST]
    for label, values in slowest:
        lines.append(
            f"    slowest: {label} p95 {percentile(values, 0.95):.0f} ms (n={len(values)})"
        )
    errors = sum(outcome.errors.values())
    detail = ", ".join(f"{k}: {n}" for k, n in sorted(outcome.errors.items()))
    lines.append(f"  errors {errors}" + (f" ({detail})" if detail else ""))
    lines.append(f"  refused writes (412 on a racing If-Match) {outcome.refused}")
    lines.append(f"  acknowledged writes {len(outcome.writes)}, lost {len(lost)}")
    lines.extend(f"    lost: {item}" for item in lost[:10])
    for kind, target in TARGETS_MS.items():
        p95 = percentile(outcome.samples.get(kind, []), 0.95)
        ok = not math.isnan(p95) and p95 < target
        lines.append(f"  {kind} p95 {p95:.0f} ms [target < {target:.0f} ms: {_verdict(ok)}]")
    lines.append(f"  errors {errors} [target 0: {_verdict(errors == 0)}]")
    lost_ok = not lost and bool(outcome.writes)
    lines.append(f"  lost writes {len(lost)} [target 0: {_verdict(lost_ok)}]")
    return lines


# --- the throwaway database -------------------------------------------------------------------


def _admin_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_ADMIN_URL


def _with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    query = url.partition("?")[2]
    return f"{base}/{name}" + (f"?{query}" if query else "")


def _admin(sql: str) -> None:
    import psycopg  # noqa: PLC0415 - only this part needs it

    with psycopg.connect(_admin_url(), autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)


# --- Django work in child processes (the bench process may already hold other settings) -------


def _child_env(db_url: str, data_dir: Path, settings: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("TANDEM_DEBUG", None)
    env |= {
        "DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": settings,
        "TANDEM_DATA_DIR": str(data_dir),
        "TANDEM_SECRET_KEY": env.get("TANDEM_BENCH_SECRET_KEY", secrets.token_urlsafe(48)),
        "TANDEM_SSL_REDIRECT": "0",
        "TANDEM_ALLOWED_HOSTS": "127.0.0.1",
        "TANDEM_LOG_LEVEL": "WARNING",
    }
    return env


def _run_child(function: str, env: dict[str, str], path: Path) -> None:
    code = f"import tandem.bench.load as m; m.{function}({str(path)!r})"
    subprocess.run([sys.executable, "-c", code], env=env, check=True)  # noqa: S603


def setup_database(out: str) -> None:
    """Child: migrate, load the demo, a token per account; the projects and tasks as JSON."""
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    from tandem.accounts.actions import do_create_token  # noqa: PLC0415
    from tandem.accounts.models import User  # noqa: PLC0415
    from tandem.demo.seed import load_demo  # noqa: PLC0415
    from tandem.planning.models import Task  # noqa: PLC0415
    from tandem.projects.models import ProjectMembership  # noqa: PLC0415

    call_command("migrate", interactive=False, verbosity=0)
    load_demo()
    tokens = {}
    for username in ACCOUNTS:
        person = User.objects.get(username=username)
        tokens[username] = do_create_token(acting_user=person, name="load benchmark", days=1)[1]
    tasks: dict[int, list[int]] = {}
    for project_id, task_id in Task.objects.values_list("project_id", "id"):
        tasks.setdefault(project_id, []).append(task_id)
    roles: dict[str, dict[int, str]] = {name: {} for name in ACCOUNTS}
    for username, project_id, role in ProjectMembership.objects.filter(
        user__username__in=ACCOUNTS, project_id__in=tasks
    ).values_list("user__username", "project_id", "role"):
        roles[username][project_id] = role
    Path(out).write_text(json.dumps({"tokens": tokens, "tasks": tasks, "roles": roles}))


def check_writes(path: str) -> None:
    """Child: read every acknowledged write back; the lost ones replace the file's content."""
    import django  # noqa: PLC0415

    django.setup()
    from tandem.planning.models import Task  # noqa: PLC0415
    from tandem.records.models import Comment  # noqa: PLC0415
    from tandem.risks.models import Risk  # noqa: PLC0415

    writes = json.loads(Path(path).read_text())
    Path(path).write_text(json.dumps(lost_writes(writes, Task, Comment, Risk)))


def lost_writes(writes: list[dict[str, Any]], task: Any, comment: Any, risk: Any) -> list[str]:
    """Acknowledged writes the database does not hold.

    A task's description may be overwritten by a later acknowledged change, so per task the one
    acknowledged with the highest version must be there, at that version, and no two
    acknowledgements may claim the same version (a lost update).
    """
    lost: list[str] = []
    latest: dict[int, dict[str, Any]] = {}
    seen: set[tuple[int, int]] = set()
    for write in writes:
        if write["kind"] == "task":
            key = (write["id"], write["version"])
            if key in seen:
                lost.append(f"task {write['id']} version {write['version']} acknowledged twice")
            seen.add(key)
            if write["version"] > latest.get(write["id"], {"version": -1})["version"]:
                latest[write["id"]] = write
        else:
            model, column = (comment, "body") if write["kind"] == "comment" else (risk, "title")
            if not model.objects.filter(pk=write["id"], **{column: write["value"]}).exists():
                lost.append(f"{write['kind']} {write['id']} ({write['value']})")
    for task_id, write in latest.items():
        row = task.objects.filter(pk=task_id).values("description", "version").first()
        if row is None or row["description"] != write["value"] or row["version"] < write["version"]:
            lost.append(f"task {task_id} description {write['value']} (holds {row})")
    return lost


# --- the server ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    code = "from tandem.cli import main; raise SystemExit(main())"
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", code, "run", f"127.0.0.1:{port}", "--no-demo"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    import httpx  # noqa: PLC0415

    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped with status {server.returncode}")
        try:
            if httpx.get(f"{base}/login/", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the server did not answer within {START_TIMEOUT_SECONDS} s")


def _stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- the simulated users ------------------------------------------------------------------------

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _cookies(response: Any) -> dict[str, str]:
    # The production cookies are Secure, which a client does not send back over plain HTTP on
    # its own; the loopback connection stands in for the HTTPS a proxy would end.
    found = {}
    for header in response.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


class User:
    """One simulated user: an account's token for the API, a session of its own for pages."""

    def __init__(self, client: Any, outcome: Outcome, username: str, token: str, seed: int):
        self.client, self.outcome, self.username = client, outcome, username
        self.api = {"Authorization": f"Bearer {token}"}
        self.page_headers: dict[str, str] = {}
        self.rng = random.Random(seed)  # noqa: S311 - a reproducible mix, not secrets
        self.tasks: dict[int, list[int]] = {}
        self.roles: dict[int, str] = {}
        self.serial = 0

    async def sign_in(self) -> None:
        form = await self.client.get("/login/")
        cookies = _cookies(form)
        match = _CSRF_INPUT.search(form.text)
        if form.status_code != 200 or match is None:
            raise RuntimeError(f"sign-in page answered {form.status_code}")
        answer = await self.client.post(
            "/login/",
            data={
                "username": self.username,
                "password": "tandem-demo-2026",
                "csrfmiddlewaretoken": match.group(1),
            },
            headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
        )
        cookies |= _cookies(answer)
        if answer.status_code != 302 or "sessionid" not in cookies:
            raise RuntimeError(f"{self.username} could not sign in ({answer.status_code})")
        self.page_headers = {"Cookie": f"sessionid={cookies['sessionid']}"}

    async def request(self, kind: str, method: str, url: str, **kw: Any) -> Any:
        import httpx  # noqa: PLC0415

        label = f"{method} {re.sub(r'/[0-9]+', '/{id}', url)}"
        started = time.perf_counter()
        try:
            answer = await self.client.request(method, url, **kw)
        except httpx.HTTPError as exc:
            self.outcome.error(f"{label}: {type(exc).__name__}")
            return None
        ms = (time.perf_counter() - started) * 1000
        if answer.status_code == 412 and method == "PATCH":
            self.outcome.refused += 1
            return None
        if not 200 <= answer.status_code < 300:
            self.outcome.error(f"{label}: {answer.status_code}")
            return None
        self.outcome.add(kind, ms, label)
        return answer

    async def api_read(self, project: int, tasks: list[int]) -> None:
        url = self.rng.choice(
            [
                "/api/projects",
                f"/api/projects/{project}/tasks",
                f"/api/projects/{project}/risks",
                f"/api/projects/{project}/gantt",
                f"/api/tasks/{self.rng.choice(tasks)}",
                f"/api/tasks/{self.rng.choice(tasks)}",
            ]
        )
        await self.request("api", "GET", url, headers=self.api)

    async def page(self, project: int) -> None:
        url = f"/projects/{project}/{self.rng.choice(PAGES)}"
        await self.request("page", "GET", url, headers=self.page_headers)

    async def write(self, project: int, tasks: list[int]) -> None:
        self.serial += 1
        value = f"load {self.username} {self.serial} {self.rng.getrandbits(32):08x}"
        task_id = self.rng.choice(tasks)
        choice = self.rng.random() if self.roles[project] in PLANNERS else 1.0
        if choice < 0.5:
            fresh = await self.request("api", "GET", f"/api/tasks/{task_id}", headers=self.api)
            if fresh is None:
                return
            headers = self.api | {"If-Match": fresh.headers["ETag"]}
            done = await self.request(
                "write", "PATCH", f"/api/tasks/{task_id}", json={"description": value},
                headers=headers,
            )  # fmt: skip
            if done is not None:
                version = int(done.json()["version"])
                self.outcome.writes.append(
                    {"kind": "task", "id": task_id, "value": value, "version": version}
                )
            return
        if choice < 0.75 and self.roles[project] == "manager":
            url = f"/api/projects/{project}/risks"
            body = {"title": value, "probability": 2, "impact": 3}
            kind = "risk"
        else:
            url, kind = "/api/comments", "comment"
            body = {"target_type": "planning.task", "target_id": task_id, "body": value}
        done = await self.request("write", "POST", url, json=body, headers=self.api)
        if done is not None:
            self.outcome.writes.append({"kind": kind, "id": done.json()["id"], "value": value})

    async def run(self, until: float, think: float) -> None:
        projects = {p: self.tasks[p] for p in self.roles if self.tasks.get(p)}
        if not projects:
            self.outcome.error(f"{self.username}: no project with tasks")
            return
        while time.monotonic() < until:
            project = self.rng.choice(sorted(projects))
            draw, kind = self.rng.random(), "write"
            for name, share in MIX:
                if draw < share:
                    kind = name
                    break
                draw -= share
            if kind == "api":
                await self.api_read(project, projects[project])
            elif kind == "page":
                await self.page(project)
            else:
                await self.write(project, projects[project])
            await asyncio.sleep(self.rng.uniform(0, 2 * think))


async def drive(base: str, setup: dict[str, Any], args: argparse.Namespace) -> Outcome:
    import httpx  # noqa: PLC0415

    # Gunicorn closes a connection idle for 2 s; a client reusing it at that moment would read a
    # reset that no real request caused, so idle connections are given up sooner.
    limits = httpx.Limits(
        max_connections=args.users, max_keepalive_connections=args.users, keepalive_expiry=1.0
    )
    tasks = {int(k): v for k, v in setup["tasks"].items()}
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        users = []
        for n in range(args.users):
            username = ACCOUNTS[n % len(ACCOUNTS)]
            outcome = Outcome(seconds=0)
            user = User(client, outcome, username, setup["tokens"][username], args.seed + n)
            user.tasks = tasks
            user.roles = {int(k): v for k, v in setup["roles"][username].items()}
            await user.sign_in()
            users.append(user)
        started = time.monotonic()
        await asyncio.gather(*(u.run(started + args.seconds, args.think) for u in users))
        total = Outcome(seconds=time.monotonic() - started)
    for user in users:
        for kind, values in user.outcome.samples.items():
            total.samples.setdefault(kind, []).extend(values)
        for label, values in user.outcome.by_label.items():
            total.by_label.setdefault(label, []).extend(values)
        for what, count in user.outcome.errors.items():
            total.errors[what] = total.errors.get(what, 0) + count
        total.refused += user.outcome.refused
        total.writes.extend(user.outcome.writes)
    return total


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        import httpx  # noqa: F401, PLC0415
    except ModuleNotFoundError:
        print("httpx is not installed (pip install -e '.[dev]')")
        return 1
    name = f"tandem_load_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        _admin(f'CREATE DATABASE "{name}"')
    except Exception as exc:  # noqa: BLE001 - any failure to reach PostgreSQL is reported
        print(f"PostgreSQL does not answer at {_admin_url()}: {exc}".strip())
        print("Set DATABASE_URL to a server where this user may create databases.")
        return 1
    try:
        with tempfile.TemporaryDirectory(prefix="tandem-load-") as tmp:
            return _run(args, _with_database(_admin_url(), name), Path(tmp))
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(args: argparse.Namespace, db_url: str, tmp: Path) -> int:
    setup_file = tmp / "setup.json"
    _run_child("setup_database", _child_env(db_url, tmp, "tandem.config.settings.dev"), setup_file)
    setup = json.loads(setup_file.read_text())
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = _child_env(db_url, tmp, "tandem.config.settings.production")
    server = _start_server(env, port, tmp / "server.log")
    try:
        _wait_until_up(base, server)
        print(f"  server {base} (gunicorn, production settings), database {db_url}", flush=True)
        outcome = asyncio.run(drive(base, setup, args))
    finally:
        _stop_server(server)
    writes_file = tmp / "writes.json"
    writes_file.write_text(json.dumps(outcome.writes))
    _run_child("check_writes", _child_env(db_url, tmp, "tandem.config.settings.dev"), writes_file)
    lost = json.loads(writes_file.read_text())
    lines = report(outcome, lost, users=args.users)
    print("\n".join(lines))
    return 0 if all(line.find(": MISS]") < 0 for line in lines) else 1
