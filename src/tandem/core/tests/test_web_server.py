"""The production server's settings, the in-process periodic schedule, the secret key file and
the pages shown for unknown addresses."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.template import loader

from tandem.comms.models import EmailStatus, Notification
from tandem.config.settings import keyfile
from tandem.config.settings.keyfile import KEY_FILE_NAME, load_or_create_secret_key
from tandem.core import periodic, server
from tandem.core.periodic import Entry, InProcessSchedule, schedule_entries


def test_default_workers_are_two_per_core_plus_one_capped() -> None:
    assert [server.default_workers(c) for c in (1, 2, 3, 16)] == [3, 5, 7, 8]


def test_worker_count_comes_from_the_command_line_then_the_environment() -> None:
    env = {"TANDEM_WEB_WORKERS": "3"}

    def default() -> int:
        return 5

    assert server.positive_setting(2, env, "TANDEM_WEB_WORKERS", default) == 2
    assert server.positive_setting(None, env, "TANDEM_WEB_WORKERS", default) == 3
    assert server.positive_setting(None, {}, "TANDEM_WEB_WORKERS", default) == 5
    with pytest.raises(ValueError, match="TANDEM_WEB_WORKERS='many' is not a whole number"):
        server.positive_setting(None, {"TANDEM_WEB_WORKERS": "many"}, "TANDEM_WEB_WORKERS", default)
    with pytest.raises(ValueError, match="the command line: 0 is not a positive number"):
        server.positive_setting(0, env, "TANDEM_WEB_WORKERS", default)


def test_bind_address_accepts_a_port_or_an_address() -> None:
    assert server.bind_address("8001") == "127.0.0.1:8001"
    assert server.bind_address("0.0.0.0:80") == "0.0.0.0:80"  # noqa: S104
    assert server.bind_address("[::1]:8000") == "[::1]:8000"
    with pytest.raises(ValueError, match="is not PORT or ADDRESS:PORT"):
        server.bind_address("localhost")


def test_gunicorn_is_configured_with_thread_workers_and_the_app_preloaded() -> None:
    app = server.TandemServer(
        server.gunicorn_options("127.0.0.1:8123", workers=3, threads=2, timeout=40)
    )
    cfg = app.cfg
    assert (cfg.workers, cfg.threads, cfg.timeout) == (3, 2, 40)
    assert cfg.worker_class_str == "gthread"
    assert cfg.bind == ["127.0.0.1:8123"]
    assert cfg.preload_app is True
    assert cfg.control_socket_disable is True


# The secret key file --------------------------------------------------------------------------


def test_secret_key_is_made_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    key = load_or_create_secret_key(tmp_path / "data")
    path = tmp_path / "data" / KEY_FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) >= 80
    assert load_or_create_secret_key(tmp_path / "data") == key


def test_secret_key_file_is_not_replaced_by_a_second_maker(tmp_path: Path) -> None:
    first = load_or_create_secret_key(tmp_path)
    # a second process that found no file a moment ago writes its own key: it does not win
    keyfile._create(tmp_path / KEY_FILE_NAME)
    assert load_or_create_secret_key(tmp_path) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == [KEY_FILE_NAME]


def test_secret_key_file_with_a_loose_mode_is_tightened(tmp_path: Path) -> None:
    key = load_or_create_secret_key(tmp_path)
    (tmp_path / KEY_FILE_NAME).chmod(0o644)
    assert load_or_create_secret_key(tmp_path) == key
    assert stat.S_IMODE((tmp_path / KEY_FILE_NAME).stat().st_mode) == 0o600


def test_an_empty_secret_key_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / KEY_FILE_NAME).write_text("\n")
    with pytest.raises(RuntimeError, match="holds no usable secret key"):
        load_or_create_secret_key(tmp_path)


# The periodic schedule without a broker -------------------------------------------------------


def test_schedule_entries_take_fixed_intervals_and_leave_out_the_rest() -> None:
    entries = schedule_entries(
        {
            "a": {"task": "t.a", "schedule": 900},
            "b": {"task": "t.b", "schedule": dt.timedelta(minutes=1), "args": (3,)},
            "c": {"task": "t.c", "schedule": object()},
        }
    )
    assert entries == [Entry("a", "t.a", 900.0), Entry("b", "t.b", 60.0, (3,))]


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_one_process_runs_the_schedule_and_another_takes_over_when_it_stops(
    tmp_path: Path,
) -> None:
    ran: list[tuple[str, str]] = []
    clock = _Clock()
    lock = tmp_path / "periodic-jobs.lock"
    entries = [Entry("resend", "t.resend", 900.0)]
    first = InProcessSchedule(
        entries, lock, run=lambda e: ran.append(("first", e.name)), clock=clock
    )
    second = InProcessSchedule(
        entries, lock, run=lambda e: ran.append(("second", e.name)), clock=clock
    )

    # the first takes the lock and runs the job at once; the second waits
    assert first.tick() == 900.0
    assert second.tick() == periodic.RETRY_SECONDS
    assert (first.holds_lock, second.holds_lock) == (True, False)
    assert ran == [("first", "resend")]

    # nothing is due before the interval has passed, then it runs again
    clock.now += 600
    assert first.tick() == 300.0
    clock.now += 300
    first.tick()
    assert ran == [("first", "resend"), ("first", "resend")]

    # when the first stops, the second takes over
    first.stop()
    second.tick()
    assert second.holds_lock is True
    assert ran[-1] == ("second", "resend")
    second.stop()


def test_no_in_process_schedule_with_a_broker(settings: Any) -> None:
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    assert periodic.start_in_process_schedule() is None


# Committed data: the job closes its thread's connection when done, as it must in a server.
@pytest.mark.django_db(transaction=True)
def test_the_in_process_schedule_resends_failed_emails(
    world: Any, settings: Any, tmp_path: Path
) -> None:
    # given an email that failed once, and jobs running in-process (no broker)
    settings.CELERY_BROKER_URL = ""
    note = Notification.objects.create(
        recipient=world.member,
        project=world.project,
        kind="x",
        subject="Retry me",
        email_status=EmailStatus.FAILED,
        email_attempts=1,
    )
    entries = schedule_entries(settings.CELERY_BEAT_SCHEDULE)

    # when the schedule's thread looks for due jobs
    schedule = InProcessSchedule(entries, tmp_path / "periodic-jobs.lock")
    schedule.tick()
    schedule.stop()

    # then the real job has sent it
    note.refresh_from_db()
    assert note.email_status == EmailStatus.SENT
    assert [m.to for m in mail.outbox] == [[world.member.email]]


# Unknown addresses ----------------------------------------------------------------------------


def test_unknown_page_shows_tandems_own_404(client: Any, settings: Any) -> None:
    settings.DEBUG = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Not found</h1>" in body
    assert "There is nothing at <code>/no/such/page/</code>" in body
    assert "Page not found at" not in body  # Django's technical page


def test_unknown_api_address_answers_in_the_api_error_format(client: Any) -> None:
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_an_unknown_host_gets_tandems_own_400(client: Any, settings: Any) -> None:
    settings.DEBUG = False
    response = client.get("/login/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


def test_server_error_page_renders_without_a_request() -> None:
    html = loader.get_template("500.html").render()
    assert "<h1>Something went wrong</h1>" in html
