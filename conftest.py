"""Shared test fixtures: where the reference data lives."""

import os
import shutil
from pathlib import Path

import pytest

_DEFAULT_BENCHDATA = Path(__file__).resolve().parent.parent / "shared" / "benchdata"


def benchdata_dir() -> Path:
    return Path(os.environ.get("TANDEM_BENCHDATA", _DEFAULT_BENCHDATA))


@pytest.fixture(scope="session")
def benchdata() -> Path:
    path = benchdata_dir()
    if not path.is_dir():
        pytest.skip(
            f"reference data not found at {path} (set TANDEM_BENCHDATA to the benchdata folder)"
        )
    return path


@pytest.fixture
def world(db):
    """A project with a manager, coordinator, member, stakeholder, an outsider and a stranger."""
    from tandem.testing.factories import make_world

    return make_world()


@pytest.fixture
def api_client():
    """A Django test client speaking JSON to /api/."""
    from tandem.testing.client import ApiClient

    return ApiClient()


# Real headless Chromium (Debian's package) driven by Playwright against a live server. One
# Playwright instance serves the whole session: a second sync instance in the same process fails.


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(
            "Debian's chromium is not installed (apt-get install chromium; .ci/run installs it)"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_for(browser, live_server):
    """``page_for(user)`` gives a new browser page signed in as ``user`` through the login form."""
    contexts = []

    def open_as(user, password="pw-test-12345", viewport=(1280, 900)):  # noqa: S107
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield open_as
    for context in contexts:
        context.close()
