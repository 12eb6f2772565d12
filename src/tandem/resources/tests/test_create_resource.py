from decimal import Decimal

import pytest

from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.planning.actions import do_assign
from tandem.resources.actions import do_create_resource, do_delete_resource
from tandem.resources.models import Resource
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import make_resource


def test_org_admin_creates_resource_in_own_organization(world):
    crane = do_create_resource(
        acting_user=world.admin, name="Crane", kind="equipment", cost_per_use=Decimal("40")
    )
    assert (crane.organization_id, crane.cost_per_use, crane.max_units) == (
        world.org.pk,
        Decimal("40"),
        Decimal("100"),
    )
    assert AuditEvent.objects.get(action="resource.created").organization_id == world.org.pk


def test_project_manager_is_not_org_admin(world):
    with pytest.raises(Forbidden):
        do_create_resource(acting_user=world.manager, name="Crane", kind="equipment")
    assert not Resource.objects.exists()


def test_person_resource_must_be_of_the_organization(world):
    with pytest.raises(ValidationFailed, match="must belong to the organization"):
        do_create_resource(acting_user=world.admin, name="X", kind="person", user=world.stranger)


def test_one_resource_per_person(world):
    make_resource(world.admin, "Ana", kind="person", user=world.member)
    with pytest.raises(ValidationFailed, match="already has a resource"):
        make_resource(world.admin, "Ana again", kind="person", user=world.member)


def test_assigned_resource_cannot_be_deleted(world):
    crane = make_resource(world.admin)
    do_assign(make_task(world.project, "Lift"), acting_user=world.manager, resource=crane)
    with pytest.raises(Conflict, match="still referenced"):
        do_delete_resource(crane, acting_user=world.admin, version=1)
    assert Resource.objects.filter(pk=crane.pk).exists()
