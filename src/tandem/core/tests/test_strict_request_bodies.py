"""A request body naming a field the API does not take is refused, never silently ignored."""

import pytest

from tandem.accounts.models import User
from tandem.planning.models import Task
from tandem.testing.factories_planning import make_task

pytestmark = pytest.mark.django_db


def test_people_change_their_email_notifications_and_a_read_only_field_is_refused(
    world, api_client
):
    me = api_client.as_user(world.member)
    done = me.patch(f"/api/people/{world.member.pk}", {"email_notifications": False}, if_match=1)
    assert done.status_code == 200, done.content
    assert done.json()["email_notifications"] is False
    assert User.objects.get(pk=world.member.pk).email_notifications is False

    version = done.json()["version"]
    refused = me.patch(f"/api/people/{world.member.pk}", {"username": "root"}, if_match=version)
    assert refused.status_code == 422
    assert "username" in refused.json()["error"]["fields"]
    person = User.objects.get(pk=world.member.pk)
    assert (person.username, person.version) == ("member", version)


def test_a_misspelt_task_field_is_a_422_naming_it_and_changes_nothing(world, api_client):
    task = make_task(world.project, "Design", estimate=3)
    response = api_client.as_user(world.manager).patch(
        f"/api/tasks/{task.pk}", {"nmae": "Typo"}, if_match=task.version
    )
    assert response.status_code == 422
    assert "nmae" in response.json()["error"]["fields"]
    assert Task.objects.get(pk=task.pk).version == task.version
