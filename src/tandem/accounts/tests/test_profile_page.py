"""The profile page: a person changes their own name, zone and email preference (audited),
makes and revokes tokens; bad input answers 422 on the form and changes nothing."""

import pytest
from django.test import Client

from tandem.accounts.actions import do_create_token
from tandem.accounts.models import PersonalAccessToken, User
from tandem.core.models import AuditEvent


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _profile_post(person, **changes):
    data = {
        "version": person.version,
        "display_name": person.display_name,
        "job_title": person.job_title,
        "email": person.email,
        "time_zone": person.time_zone,
    }
    if person.email_notifications:
        data["email_notifications"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_turning_email_notifications_off_is_saved_and_audited(world):
    member = world.member
    assert member.email_notifications is True
    response = _client(member).post(
        "/me/profile/", _profile_post(member, email_notifications=None, time_zone="Europe/Paris")
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email_notifications is False
    assert member.time_zone == "Europe/Paris"
    event = AuditEvent.objects.filter(action="person.updated", object_id=str(member.pk)).get()
    assert event.actor_id == member.pk
    assert event.changes == {
        "email_notifications": [True, False],
        "time_zone": ["UTC", "Europe/Paris"],
    }


def test_the_page_shows_the_person_and_their_working_week(world):
    response = _client(world.member).get("/me/profile/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Your profile" in text
    assert '<th scope="row">Monday</th><td>09:00-17:00</td>' in text
    assert '<th scope="row">Saturday</th><td>Off</td>' in text
    assert f"/people/{world.member.pk}/calendar/" in text


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("time_zone", "Mars/Olympus", "Select a valid choice"),
        ("email", "not-an-address", "Enter a valid email address"),
    ],
)
def test_bad_input_is_refused_on_the_form(world, field, value, error):
    member = world.member
    response = _client(member).post("/me/profile/", _profile_post(member, **{field: value}))
    assert response.status_code == 422
    assert error in response.content.decode()
    after = User.objects.get(pk=member.pk)
    assert after.version == member.version
    assert getattr(after, field) == getattr(member, field)


def test_a_stale_form_says_someone_else_changed_the_profile(world):
    member = world.member
    response = _client(member).post(
        "/me/profile/", _profile_post(member, version=member.version + 5, job_title="Lead")
    )
    assert response.status_code == 422
    assert User.objects.get(pk=member.pk).job_title == member.job_title


def test_a_token_is_shown_once_and_only_its_hash_is_kept(world):
    response = _client(world.member).post(
        "/me/tokens/", {"name": "laptop", "days": "30", "scope": "read"}
    )
    assert response.status_code == 200
    token = PersonalAccessToken.objects.get(user=world.member)
    text = response.content.decode()
    start = text.index("tdm_")
    raw = text[start : text.index("</code>", start)]
    assert token.prefix == raw[:8]
    assert token.scope == "read"
    assert raw not in _client(world.member).get("/me/profile/").content.decode()


def test_a_token_past_the_maximum_lifetime_is_refused(world):
    response = _client(world.member).post("/me/tokens/", {"name": "x", "days": "9999"})
    assert response.status_code == 422
    assert not PersonalAccessToken.objects.filter(user=world.member).exists()


def test_revoking_ones_own_token_and_not_anothers(world):
    mine, _ = do_create_token(acting_user=world.member, name="mine")
    theirs, _ = do_create_token(acting_user=world.manager, name="theirs")
    client = _client(world.member)
    assert client.post(f"/me/tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.post(f"/me/tokens/{mine.pk}/revoke/").status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.revoked, theirs.revoked) == (True, False)


def test_the_refusal_page_says_the_missing_right_in_words(world):
    response = _client(world.stakeholder).get(f"/projects/{world.project.pk}/time/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "(time.log)" not in text
    assert f"As stakeholder in {world.project.code}, you may not log time." in text
