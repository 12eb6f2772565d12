"""The audit table refuses UPDATE and DELETE in SQL, not only through the ORM."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from tandem.core.append_only import MESSAGE
from tandem.core.models import AuditEvent
from tandem.testing.factories import make_world


def _refused(sql: str, params: list[object]) -> str:
    with pytest.raises(IntegrityError) as caught, transaction.atomic(), connection.cursor() as c:
        c.execute(sql, params)
    return str(caught.value)


@pytest.mark.django_db
def test_audit_table_refuses_sql_updates_and_deletes(world):
    event = AuditEvent.objects.get(action="project.created")

    update = _refused("UPDATE core_auditevent SET action = %s WHERE id = %s", ["x", event.pk])
    delete = _refused("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    delete_all = _refused("DELETE FROM core_auditevent WHERE id > %s", [0])

    assert (MESSAGE in update, MESSAGE in delete, MESSAGE in delete_all) == (True, True, True)
    assert AuditEvent.objects.get(pk=event.pk).action == "project.created"
    assert AuditEvent.objects.count() == 5


@pytest.mark.django_db
def test_deleting_a_person_keeps_their_audit_rows_unchanged(world):
    before = list(AuditEvent.objects.filter(actor_id=world.admin.pk).values())

    world.stranger.delete()
    admin_id = world.admin.pk
    world.project.memberships.all().delete()
    world.admin.delete()

    assert list(AuditEvent.objects.filter(actor_id=admin_id).values()) == before
    assert {e["actor_name"] for e in before} == {"admin"}
    assert len(before) == 2


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_audit_table_and_the_triggers_come_back():
    make_world()
    assert AuditEvent.objects.count() == 5

    call_command("flush", interactive=False, verbosity=0)

    assert AuditEvent.objects.count() == 0
    world = make_world()
    event = AuditEvent.objects.get(action="project.created", object_id=str(world.project.pk))
    assert MESSAGE in _refused("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
