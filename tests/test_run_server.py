"""``tandem run`` as a newcomer starts it: gunicorn on a fresh data directory, and the settings
modules it chooses between. Each test runs the real command in a process of its own."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

TANDEM = Path(sys.executable).with_name("tandem")


def _environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh embedded installation: the test run's own database, broker and
    settings left out."""
    drop = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "CELERY_BROKER_URL", "TANDEM_DEBUG"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("TANDEM_")}
    return {**env, "TANDEM_DATA_DIR": str(data_dir), **extra}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _get(url: str) -> tuple[int, dict[str, str], str]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    """``tandem run --no-demo --workers 2`` on a free port, until it answers (at most 3 min)."""
    port = _free_port()
    data_dir = tmp_path / "var"
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        [str(TANDEM), "run", f"127.0.0.1:{port}", "--no-demo", "--workers", "2"],
        env=_environment(data_dir),
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail("tandem run ended: " + (tmp_path / "server.log").read_text()[-3000:])
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("tandem run did not answer within 3 minutes")
                time.sleep(0.5)
        yield base, data_dir, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


@pytest.mark.slow
def test_tandem_run_serves_with_gunicorn_and_a_first_run_page(
    served: tuple[str, Path, subprocess.Popen[str]], tmp_path: Path
) -> None:
    base, data_dir, process = served

    # a new installation without the demo leads to the first-run page
    status, headers, _ = _get(f"{base}/login/")
    assert (status, headers["Location"], headers["Server"]) == (302, "/setup/", "gunicorn")
    status, _, body = _get(f"{base}/setup/")
    assert status == 200
    assert "<h1>Set up Tandem</h1>" in body

    # unknown addresses get Tandem's own page, not Django's technical one (DEBUG is off)
    status, _, body = _get(f"{base}/no/such/page/")
    assert status == 404
    assert "<h1>Not found</h1>" in body
    assert "Page not found at" not in body

    # static files are collected into the data directory and served by WhiteNoise
    status, headers, body = _get(f"{base}/static/tandem/tandem.css")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert (data_dir / "static" / "tandem" / "tandem.css").is_file()

    # the secret key was made once, readable by its owner only
    assert stat.S_IMODE((data_dir / "secret_key").stat().st_mode) == 0o600

    # Ctrl-C (SIGINT to the whole group, as a terminal sends it) stops it within seconds
    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=15) == 0
    log = (tmp_path / "server.log").read_text()
    assert "(gunicorn, 2 processes x 4 threads)" in log
    assert "No organization yet: create yours at" in log


def _settings_of(
    module: str, data_dir: Path, code: str, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import {module} as s; {code}"],
        env=_environment(data_dir, **env),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_embedded_default_is_not_in_debug_unless_asked(tmp_path: Path) -> None:
    code = "print(s.DEBUG, s.TANDEM_ALLOW_DEMO, s.SECRET_KEY == open(s.DATA_DIR / 'secret_key').read().strip())"
    plain = _settings_of("tandem.config.settings.dev", tmp_path, code)
    asked = _settings_of("tandem.config.settings.dev", tmp_path, code, TANDEM_DEBUG="1")
    assert (plain.stdout, asked.stdout) == ("False True True\n", "True True True\n")


def test_production_settings_need_a_secret_key_and_refuse_the_demo(tmp_path: Path) -> None:
    module = "tandem.config.settings.production"
    missing = _settings_of(module, tmp_path, "pass")
    assert missing.returncode == 1
    assert "TANDEM_SECRET_KEY is not set: production settings need a secret key" in missing.stderr
    code = "print(s.DEBUG, s.TANDEM_ALLOW_DEMO, s.STORAGES['staticfiles']['BACKEND'])"
    given = _settings_of(module, tmp_path, code, TANDEM_SECRET_KEY="k" * 60)
    assert given.stdout == ("False False whitenoise.storage.CompressedManifestStaticFilesStorage\n")
    assert not (tmp_path / "secret_key").exists()


def test_tandem_demo_is_refused_under_production_settings(tmp_path: Path) -> None:
    done = subprocess.run(  # noqa: S603
        [str(TANDEM), "demo"],
        env=_environment(
            tmp_path,
            DJANGO_SETTINGS_MODULE="tandem.config.settings.production",
            TANDEM_SECRET_KEY="k" * 60,
        ),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 1
    assert "The demo organization is not loaded under these settings" in done.stderr
