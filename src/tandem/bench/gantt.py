"""``tandem bench gantt``: the Gantt page of a 5,000-task plan in Chromium, timed from the page.

Builds a throwaway database (SQLite in a temporary data directory by default; a database of its
own on the server ``DATABASE_URL`` names, dropped afterwards), migrates it, adds an organization,
a manager and a project, and fills the project with the plan of ``tandem bench plan``
(:func:`tandem.bench.plan.generate_plan`). The app is served from a thread of this process
(WhiteNoise serves the static files from the apps' folders, as in the test settings) and Debian's
Chromium, headless, signs in as the manager once, then:

- loads the Gantt page ``--runs`` times and reads, from the browser's performance timeline, the
  server's time to first byte, the time from navigation start to the ``gantt-ready`` mark (the
  chart is drawn and takes input) and to the end of the first frame after it;
- scrolls the chart's pane through the plan, one screen down (and one hundredth of the time axis
  across) per animation frame for 100 frames, and reports the frame intervals;
- changes the duration of the plan's changed task (the one that moves about a thousand tasks)
  ``--runs`` times, alternating two durations, through ``PATCH /api/tasks/{id}`` with ``If-Match``
  as the chart does, timing the whole ``fetch`` round trip in the page; then the same change made
  by the chart itself, which also reloads the chart's data and redraws it.

Targets (issue 22): the chart ready in under 1 s, the change answered in under 500 ms; scrolling
counts as smooth when no frame takes longer than 50 ms. Every figure is a median over the runs.

Options: ``--tasks 5000`` ``--runs 7`` ``--seed 7`` ``--chromium /usr/bin/chromium``.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

TARGET_READY_MS = 1000.0
TARGET_CHANGE_MS = 500.0
LONG_FRAME_MS = 50.0
SCROLL_STEPS = 100
VIEWPORT = (1280, 900)  # CSS pixels, as in the browser tests
PASSWORD = "pw-test-12345"  # noqa: S105 - the testing factories' password, a throwaway account
DURATIONS = ("8", "3")  # working days, alternated so every change moves the plan
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Runs before the page's own scripts: when the chart sets its mark, note the end of the next
# frame (the task after a requestAnimationFrame callback runs once style, layout and paint are done).
FRAME_PROBE = """
(() => {
  const mark = performance.mark.bind(performance);
  performance.mark = (name, options) => {
    const entry = mark(name, options);
    if (name === "gantt-ready") {
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { window.__benchFrame = performance.now(); };
        channel.port2.postMessage(null);
      });
    }
    return entry;
  };
})();
"""

LOAD_FIGURES = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const ready = performance.getEntriesByName("gantt-ready")[0];
  const gantt = window.tandemGantt;
  return {
    ttfb: nav.responseStart - nav.requestStart,
    html: nav.responseEnd - nav.startTime,
    bytes: nav.decodedBodySize,
    ready: ready.startTime,
    frame: window.__benchFrame,
    tasks: gantt.data.tasks.length,
    links: gantt.data.links.length,
    nodes: gantt.inner.getElementsByTagName("*").length,
  };
}
"""

# One step per animation frame: each callback notes its frame's time and scrolls one screen on.
SCROLL = """
async (steps) => {
  const gantt = window.tandemGantt;
  const pane = gantt.scroll;
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  pane.scrollTop = 0;
  pane.scrollLeft = 0;
  await frame();
  await frame();
  const screen = pane.clientHeight;
  const across = (pane.scrollWidth - pane.clientWidth) / steps;
  const stamps = [];
  const nodes = [];
  for (let step = 1; step <= steps + 1; step++) {
    stamps.push(await frame());
    nodes.push(gantt.inner.getElementsByTagName("*").length);
    if (step <= steps) {
      pane.scrollTop = step * screen;
      pane.scrollLeft = step * across;
    }
  }
  return {
    intervals: stamps.slice(1).map((t, i) => t - stamps[i]),
    screen,
    top: pane.scrollTop,
    rows: gantt.rows.length,
    firstDrawn: gantt.drawn.first,
    lastDrawn: gantt.drawn.last,
    maxNodes: Math.max(...nodes),
  };
}
"""

PATCH = """
async ({ taskId, version, estimate }) => {
  const token = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
  const begun = performance.now();
  const response = await fetch(`/api/tasks/${taskId}`, {
    method: "PATCH",
    credentials: "same-origin",
    headers: {
      Accept: "application/json",
      "Content-Type": "application/json",
      "X-CSRFToken": token,
      "If-Match": `"${version}"`,
    },
    body: JSON.stringify({ estimate }),
  });
  const payload = await response.json();
  const elapsed = performance.now() - begun;
  return {
    status: response.status,
    elapsed,
    version: payload.version,
    moved: Array.isArray(payload.rescheduled) ? payload.rescheduled.length : -1,
    error: payload.error ? payload.error.message : null,
  };
}
"""

# The same change made by the chart: its PATCH, then its reload of the data and its redraw.
CHART_CHANGE = """
async ({ taskId, estimate }) => {
  const gantt = window.tandemGantt;
  const task = gantt.byId.get(taskId);
  const begun = performance.now();
  const answer = await gantt.updateTask(task, { estimate }, "Changed the duration of");
  await new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = resolve;
    channel.port2.postMessage(null);
  }));
  return { status: answer.status, elapsed: performance.now() - begun, error: answer.message };
}
"""


@dataclass
class Plan:
    project_id: int
    task_id: int
    tasks: int
    links: int
    vendor: str
    seconds: float


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="tandem bench gantt", description=__doc__)
    parser.add_argument("--tasks", type=_positive, default=5000, help="tasks in the plan")
    parser.add_argument("--runs", type=_positive, default=7, help="page loads and changes")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated plan")
    parser.add_argument(
        "--chromium",
        default=shutil.which("chromium") or "/usr/bin/chromium",
        help="the Chromium executable Playwright drives",
    )
    return parser.parse_args(argv)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _setup_django(data_dir: Path) -> None:
    # Settings read the data directory once, at import: set it before Django starts.
    os.environ.setdefault("TANDEM_DATA_DIR", str(data_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.config.settings.test")
    import django

    django.setup()


def _prepare(tasks: int, seed: int) -> Plan:
    from django.db import connection

    from tandem.bench.plan import generate_plan
    from tandem.planning import actions
    from tandem.planning.models import Dependency, Task
    from tandem.testing.factories import make_org, make_project, make_user

    begun = time.perf_counter()
    org = make_org("Bench")
    admin = make_user(org, "bench-admin", is_org_admin=True)
    manager = make_user(org, "bench-manager")
    project = make_project(admin, manager=manager, code="BENCH", name="Generated plan")
    task, _stream = generate_plan(project, tasks, seed)
    actions.do_apply_schedule(project, acting_user=manager)
    return Plan(
        project_id=project.pk,
        task_id=task.pk,
        tasks=Task.objects.filter(project=project).count(),
        links=Dependency.objects.filter(project=project).count(),
        vendor=connection.vendor,
        seconds=time.perf_counter() - begun,
    )


def _pass_through(app: Any) -> Any:
    # WhiteNoise's middleware serves the static files (through the finders in test settings).
    return app


def _start_server() -> Any:
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.testcases import LiveServerThread

    # Requests for a missing favicon and sign-in notices would break up the figures.
    for name in ("django.request", "axes"):
        logging.getLogger(name).setLevel(logging.ERROR)

    # The thread calls its "static handler" with the app; any callable serves.
    server = LiveServerThread("127.0.0.1", cast(type[WSGIHandler], _pass_through))
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    return server


def _sign_in(page: Any, base: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", "bench-manager")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def _load(page: Any, url: str) -> dict[str, Any]:
    page.goto(url)
    page.wait_for_function("() => window.__benchFrame !== undefined")
    figures: dict[str, Any] = page.evaluate(LOAD_FIGURES)
    return figures


def _change(page: Any, plan: Plan, runs: int) -> list[dict[str, Any]]:
    version = page.evaluate("(id) => window.tandemGantt.byId.get(id).version", plan.task_id)
    answers = []
    for run in range(runs):
        answer = page.evaluate(
            PATCH,
            {"taskId": plan.task_id, "version": version, "estimate": DURATIONS[run % 2]},
        )
        if answer["status"] != 200:
            raise RuntimeError(f"PATCH answered {answer['status']}: {answer['error']}")
        version = answer["version"]
        answers.append(answer)
    return answers


def _chart_change(page: Any, plan: Plan, runs: int) -> list[dict[str, Any]]:
    page.evaluate("() => window.tandemGantt.reload()")
    answers = []
    # Carries on the alternation of the PATCH runs before, so the first change moves tasks too.
    for run in range(runs, 2 * runs):
        answer = page.evaluate(
            CHART_CHANGE, {"taskId": plan.task_id, "estimate": DURATIONS[run % 2]}
        )
        if answer["status"] != 200:
            raise RuntimeError(f"the chart's change answered {answer['status']}: {answer['error']}")
        answers.append(answer)
    return answers


def _drive(base: str, plan: Plan, args: argparse.Namespace) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(viewport={"width": VIEWPORT[0], "height": VIEWPORT[1]})
            context.add_init_script(FRAME_PROBE)
            page = context.new_page()
            page.set_default_timeout(120_000)
            _sign_in(page, base)
            url = f"{base}/projects/{plan.project_id}/gantt/"
            loads = [_load(page, url) for _ in range(args.runs)]
            scroll = page.evaluate(SCROLL, SCROLL_STEPS)
            changes = _change(page, plan, args.runs)
            chart = _chart_change(page, plan, args.runs)
            return {
                "load": os.getloadavg(),
                "chromium": browser.version,
                "loads": loads,
                "scroll": scroll,
                "changes": changes,
                "chart": chart,
            }
        finally:
            browser.close()


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _verdict(value: float, target: float) -> str:
    return f"[target < {target:.0f} ms: {'PASS' if value < target else 'MISS'}]"


def _spread(values: list[float]) -> str:
    return f"median {_median(values):6.0f} ms (min {min(values):.0f}, max {max(values):.0f})"


def report(plan: Plan, figures: dict[str, Any], runs: int) -> list[str]:
    """The measured figures as lines of text, each target with PASS or MISS."""
    loads, scroll = figures["loads"], figures["scroll"]
    ready = [f["ready"] for f in loads]
    frames = scroll["intervals"]
    long_frames = sum(1 for f in frames if f > LONG_FRAME_MS)
    change = [c["elapsed"] for c in figures["changes"]]
    moved = _median([c["moved"] for c in figures["changes"]])
    smooth = "PASS" if long_frames == 0 else "MISS"
    load = ", ".join(f"{v:.1f}" for v in figures["load"])
    return [
        f"Gantt of {plan.tasks} tasks and {plan.links} links on {plan.vendor}, "
        f"Chromium {figures['chromium']}, {runs} runs "
        f"(plan generated and scheduled in {plan.seconds:.1f} s; "
        f"load average {load} on {os.cpu_count()} CPUs)",
        f"  page: {_median([f['bytes'] for f in loads]) / 1e6:.1f} MB of HTML, "
        f"{loads[-1]['tasks']} tasks and {loads[-1]['links']} links in its data, "
        f"{loads[-1]['nodes']} elements drawn in the chart",
        f"  server time to first byte       {_spread([f['ttfb'] for f in loads])}",
        f"  HTML received                   {_spread([f['html'] for f in loads])}",
        f"  navigation to gantt-ready       {_spread(ready)} "
        f"{_verdict(_median(ready), TARGET_READY_MS)}",
        f"  navigation to first frame after {_spread([f['frame'] for f in loads])}",
        f"  scroll: {SCROLL_STEPS} frames of one screen ({scroll['screen']} px) down, "
        f"{scroll['rows']} rows: frame interval median {_median(frames):.1f} ms, "
        f"p95 {_p95(frames):.1f} ms, max {max(frames):.1f} ms, {long_frames} over "
        f"{LONG_FRAME_MS:.0f} ms, at most {scroll['maxNodes']} elements drawn "
        f"[target: no frame over {LONG_FRAME_MS:.0f} ms: {smooth}]",
        f"  change moving {moved:.0f} tasks (PATCH round trip from the page) "
        f"{_spread(change)} {_verdict(_median(change), TARGET_CHANGE_MS)}",
        f"  the same change by the chart, data reloaded and redrawn "
        f"{_spread([c['elapsed'] for c in figures['chart']])}",
    ]


def _run(args: argparse.Namespace, data_dir: Path) -> int:
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(data_dir / "bench-gantt.sqlite3")
    else:
        # A database of its own, so a test run on the same server is not disturbed.
        connection.settings_dict["TEST"]["NAME"] = f"tandem_bench_gantt_{os.getpid()}"
    names = setup_databases(verbosity=0, interactive=False)
    try:
        plan = _prepare(args.tasks, args.seed)
        server = _start_server()
        try:
            figures = _drive(f"http://127.0.0.1:{server.port}", plan, args)
        finally:
            server.terminate()
    finally:
        teardown_databases(names, verbosity=0)
    for line in report(plan, figures, args.runs):
        print(line, flush=True)
    return 0


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if not os.path.exists(args.chromium):
        print(f"Chromium not found at {args.chromium} (apt-get install chromium)")
        return 1
    try:
        import playwright  # noqa: F401 - a development dependency
    except ModuleNotFoundError:
        print("Playwright is not installed (pip install -e '.[dev]')")
        return 1
    with tempfile.TemporaryDirectory(prefix="tandem-bench-gantt-") as data_dir:
        _setup_django(Path(data_dir))
        return _run(args, Path(data_dir))
