"""A real first organization: the /setup/ page while none exists, and ``tandem init``."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from tandem.accounts.actions import do_create_organization
from tandem.accounts.models import Organization, User
from tandem.core.errors import NotFound, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.testing.factories import make_org

pytestmark = pytest.mark.django_db

GOOD = {
    "organization": "Acme Logistics",
    "display_name": "Ada Lovelace",
    "username": "ada",
    "email": "ada@acme.example",
    "password1": "a-long-Passphrase-7",
    "password2": "a-long-Passphrase-7",
}


def _nothing_created() -> bool:
    return not Organization.objects.exists() and not User.objects.exists()


def test_setup_page_creates_the_organization_and_signs_its_admin_in(client: Client) -> None:
    # given an installation with no organization
    assert client.get("/setup/").status_code == 200

    # when the form is sent
    response = client.post("/setup/", GOOD)

    # then the organization and its admin exist, the admin is signed in and sent home
    assert response.status_code == 302
    assert response["Location"] == "/"
    org = Organization.objects.get()
    assert (org.name, org.slug) == ("Acme Logistics", "acme-logistics")
    admin = User.objects.get()
    assert (admin.username, admin.email, admin.display_name) == (
        "ada",
        "ada@acme.example",
        "Ada Lovelace",
    )
    assert admin.organization_id == org.pk
    assert admin.is_org_admin is True
    assert admin.check_password("a-long-Passphrase-7")
    assert client.session["_auth_user_id"] == str(admin.pk)
    assert list(AuditEvent.objects.order_by("pk").values_list("action", "organization_id")) == [
        ("organization.created", org.pk),
        ("person.created", org.pk),
    ]


def test_setup_page_is_gone_once_an_organization_exists(client: Client) -> None:
    client.post("/setup/", GOOD)
    anonymous = Client()
    assert anonymous.get("/setup/").status_code == 404
    second = {**GOOD, "organization": "Second", "username": "eve", "email": "eve@x.example"}
    assert anonymous.post("/setup/", second).status_code == 404
    assert client.get("/setup/").status_code == 404
    assert list(Organization.objects.values_list("name", flat=True)) == ["Acme Logistics"]
    assert list(User.objects.values_list("username", flat=True)) == ["ada"]


def test_setup_page_is_404_when_any_organization_exists(client: Client) -> None:
    make_org("Already here")
    assert client.get("/setup/").status_code == 404
    assert client.post("/setup/", GOOD).status_code == 404
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password2": "something-else-7"}, "password2", "The two passwords differ."),
        (
            {"password1": "password", "password2": "password"},
            "password1",
            "This password is too common.",
        ),
        ({"organization": "  "}, "organization", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"username": "ada lovelace"}, "username", "Enter a valid username."),
    ],
)
def test_setup_page_refuses_bad_input_and_creates_nothing(
    client: Client, change: dict[str, str], field: str, message: str
) -> None:
    response = client.post("/setup/", {**GOOD, **change})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert any(message in e for e in errors[field]), errors
    assert _nothing_created()
    assert not AuditEvent.objects.exists()


def test_sign_in_page_leads_to_setup_until_an_organization_exists(client: Client) -> None:
    response = client.get("/login/")
    assert (response.status_code, response["Location"]) == (302, "/setup/")
    make_org()
    assert client.get("/login/").status_code == 200


def test_first_run_action_refuses_when_an_organization_exists() -> None:
    make_org("Already here")
    with pytest.raises(NotFound, match="Setup is done"):
        do_create_organization(
            acting_user=None,
            name="Acme",
            username="ada",
            email="ada@acme.example",
            password="a-long-Passphrase-7",
            first_run=True,
        )
    assert not User.objects.exists()


def test_a_taken_username_creates_no_organization() -> None:
    make_org("First")
    User.objects.create_user(username="ada", password="x")
    with pytest.raises(ValidationFailed) as refused:
        do_create_organization(
            acting_user=None,
            name="Acme",
            username="ada",
            email="ada@acme.example",
            password="a-long-Passphrase-7",
        )
    assert list(refused.value.fields) == ["username"]
    assert list(Organization.objects.values_list("name", flat=True)) == ["First"]


# tandem init ----------------------------------------------------------------------------------


def _password_file(tmp_path: Path, password: str = "a-long-Passphrase-7") -> Path:  # noqa: S107
    path = tmp_path / "password"
    path.write_text(password + "\n")
    return path


def _init(*args: Any) -> str:
    out = io.StringIO()
    call_command("init", *args, stdout=out)
    return out.getvalue()


def test_init_with_flags_creates_an_organization_and_its_admin(tmp_path: Path) -> None:
    out = _init(
        "--organization",
        "Acme",
        "--username",
        "ada",
        "--email",
        "ada@acme.example",
        "--display-name",
        "Ada",
        "--password-file",
        str(_password_file(tmp_path)),
    )
    assert "Organization 'Acme' created (slug acme)." in out
    assert "Its admin 'ada' signs in at http://127.0.0.1:8000/login/" in out
    admin = User.objects.get(username="ada")
    assert admin.is_org_admin is True
    assert admin.organization is not None
    assert admin.organization.slug == "acme"
    assert admin.check_password("a-long-Passphrase-7")


def test_init_makes_another_organization_with_a_slug_of_its_own(tmp_path: Path) -> None:
    Organization.objects.create(name="Acme", slug="acme")
    _init(
        *("--organization", "Acme", "--username", "bo", "--email", "bo@acme.example"),
        *("--password-file", str(_password_file(tmp_path))),
    )
    assert sorted(Organization.objects.values_list("slug", flat=True)) == ["acme", "acme-2"]


def test_init_without_a_terminal_needs_every_flag(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--email is required"):
        _init("--organization", "Acme", "--username", "ada", "--password-file", "/dev/null")
    with pytest.raises(CommandError, match="--password-file is required"):
        _init("--organization", "Acme", "--username", "ada", "--email", "ada@acme.example")
    assert _nothing_created()


def test_init_refuses_a_weak_password_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Password too weak: This password is too common."):
        _init(
            *("--organization", "Acme", "--username", "ada", "--email", "ada@acme.example"),
            *("--password-file", str(_password_file(tmp_path, "password"))),
        )
    assert _nothing_created()


def test_init_refuses_an_unreadable_password_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read the password file"):
        _init(
            *("--organization", "Acme", "--username", "ada", "--email", "ada@acme.example"),
            *("--password-file", str(tmp_path / "missing")),
        )
    assert _nothing_created()


@pytest.mark.django_db(transaction=True)
def test_two_visitors_at_once_make_one_organization() -> None:
    # given two first-run setups sent at the same moment
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def set_up(n: int) -> None:
        barrier.wait()
        try:
            do_create_organization(
                acting_user=None,
                name=f"Org {n}",
                username=f"admin{n}",
                email=f"admin{n}@example.org",
                password="a-long-Passphrase-7",
                first_run=True,
            )
            outcomes.append("created")
        except NotFound:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=set_up, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    # then one of them made the only organization and the other was refused
    assert sorted(outcomes) == ["created", "refused"]
    assert Organization.objects.count() == 1
    assert User.objects.count() == 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_init_at_a_terminal_asks_for_what_the_flags_leave_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = iter(["Acme", "ada@acme.example"])
    asked: list[str] = []

    def answer(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("builtins.input", answer)
    monkeypatch.setattr("getpass.getpass", lambda prompt: "a-long-Passphrase-7")

    _init("--username", "ada")

    assert asked == ["Organization name: ", "Admin email: "]
    admin = User.objects.get(username="ada", organization__name="Acme")
    assert admin.check_password("a-long-Passphrase-7")


def test_init_at_a_terminal_with_differing_passwords_creates_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    typed = iter(["a-long-Passphrase-7", "a-long-Passphrase-8"])
    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    with pytest.raises(CommandError, match="The two passwords differ; nothing was created."):
        _init(*("--organization", "Acme", "--username", "ada", "--email", "ada@acme.example"))
    assert _nothing_created()


def test_init_cancelled_at_a_prompt_creates_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def cancel(prompt: str) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("builtins.input", cancel)
    with pytest.raises(CommandError, match="Cancelled; nothing was created."):
        _init()
    assert _nothing_created()
