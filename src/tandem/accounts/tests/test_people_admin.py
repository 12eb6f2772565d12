"""The organization admin's people pages: an invitation creates an inactive person and emails a
set-password link that activates them; deactivation, reactivation and the admin right."""

import re

import pytest
from django.core import mail
from django.test import Client

from tandem.accounts.actions import do_create_token
from tandem.accounts.models import PersonalAccessToken, User
from tandem.core.models import AuditEvent

PASSWORD = "a-long-Passphrase-7"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _signs_in(username, password):
    response = Client().post("/login/", {"username": username, "password": password})
    return response.status_code == 302


def _invite(world, **extra):
    data = {"email": "dana@example.org", "display_name": "Dana Ruiz", **extra}
    with_commit = _client(world.admin)
    return with_commit.post("/organization/people/", data)


@pytest.mark.django_db(transaction=True)
def test_an_invitation_creates_an_inactive_person_and_mails_a_link_that_activates(world):
    response = _invite(world)
    assert response.status_code == 302
    dana = User.objects.get(email="dana@example.org")
    assert (dana.is_active, dana.has_usable_password(), dana.organization_id) == (
        False,
        False,
        world.org.pk,
    )
    assert dana.invited_at is not None
    assert AuditEvent.objects.filter(action="person.invited", object_id=str(dana.pk)).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dana@example.org"]
    link = re.search(r"https?://\S+/password/reset/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    visitor = Client()
    form_page = visitor.get(f"/{path}", follow=True)
    assert form_page.status_code == 200
    done = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert done.status_code == 302
    dana.refresh_from_db()
    assert (dana.is_active, dana.invited_at) == (True, None)
    assert _signs_in("dana@example.org", PASSWORD)
    # The link is spent.
    assert "already been used" in Client().get(f"/{path}", follow=True).content.decode()


def test_only_organization_admins_invite(world):
    response = _client(world.manager).post("/organization/people/", {"email": "x@example.org"})
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()
    assert mail.outbox == []


def test_an_address_already_in_the_organization_is_refused_on_the_form(world):
    world.member.email = "member@example.org"
    world.member.save()
    response = _invite(world, email="member@example.org")
    assert response.status_code == 422
    assert "already belongs to someone" in response.content.decode()
    assert User.objects.filter(email="member@example.org").count() == 1


def test_deactivating_ends_sign_in_and_tokens_and_reactivating_restores_sign_in(world):
    member = world.member
    do_create_token(acting_user=member, name="cli")
    admin = _client(world.admin)
    response = admin.post(
        f"/organization/people/{member.pk}/deactivate/", {"version": member.version}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_active is False
    assert PersonalAccessToken.objects.get(user=member).revoked is True
    assert not _signs_in("member", "pw-test-12345")
    admin.post(f"/organization/people/{member.pk}/reactivate/", {"version": member.version})
    member.refresh_from_db()
    assert member.is_active is True
    assert _signs_in("member", "pw-test-12345")
    actions = list(
        AuditEvent.objects.filter(object_id=str(member.pk), action__startswith="person.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["person.deactivated", "person.reactivated"]


def test_the_admin_right_is_given_on_the_person_page_and_never_taken_from_oneself(world):
    member = world.member
    admin = _client(world.admin)
    response = admin.post(
        f"/organization/people/{member.pk}/",
        {"version": member.version, "display_name": "Mo", "is_org_admin": "on"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.is_org_admin, member.display_name) == (True, "Mo")
    me = world.admin
    refused = admin.post(f"/organization/people/{me.pk}/", {"version": me.version})
    assert refused.status_code == 422
    assert "cannot remove your own admin right" in refused.content.decode()
    me.refresh_from_db()
    assert me.is_org_admin is True


def test_a_deactivated_invitee_cannot_use_the_old_link(world):
    from tandem.accounts.invitations import do_invite_person, set_password_link

    dana = do_invite_person(acting_user=world.admin, email="dana@example.org")
    link = set_password_link(dana)
    _client(world.admin).post(
        f"/organization/people/{dana.pk}/deactivate/", {"version": dana.version}
    )
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    visitor = Client()
    page = visitor.get(path, follow=True)
    visitor.post(page.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    dana.refresh_from_db()
    assert dana.is_active is False
