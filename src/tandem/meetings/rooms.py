"""Meeting rooms of an organization: everyone in it books them, its admins add them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tandem.core import writes
from tandem.core.errors import Forbidden
from tandem.projects.policies import is_org_admin

from .models import MeetingRoom


def rooms_visible_to(user: Any) -> QuerySet[MeetingRoom]:
    organization_id = getattr(user, "organization_id", None)
    if not getattr(user, "is_authenticated", False) or organization_id is None:
        return MeetingRoom.objects.none()
    return MeetingRoom.objects.filter(organization_id=organization_id).order_by("name", "id")


@transaction.atomic
def do_create_room(*, acting_user: Any, name: str, capacity: int | None = None) -> MeetingRoom:
    if not is_org_admin(acting_user):
        raise Forbidden(_("Only organization admins add meeting rooms."))
    return writes.create(
        MeetingRoom(organization_id=acting_user.organization_id, name=name, capacity=capacity),
        actor=acting_user,
        action="meeting_room.created",
        organization_id=acting_user.organization_id,
    )
