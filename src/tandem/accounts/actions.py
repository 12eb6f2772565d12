"""Every write to people, departments, teams and access tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tandem.core import audit, writes
from tandem.core.errors import Forbidden, NotFound, ValidationFailed

from .models import (
    Department,
    Organization,
    PersonalAccessToken,
    Team,
    TokenScope,
    User,
    hash_token,
    password_fingerprint,
)
from .policies import can_edit_person, require_org_admin
from .tokens import max_token_days, token_ends_at

PERSON_SELF_FIELDS = {
    "display_name",
    "time_zone",
    "working_hours",
    "email",
    "job_title",
    "email_notifications",
    "locale",
    "language",
}
PERSON_ADMIN_FIELDS = PERSON_SELF_FIELDS | {"is_org_admin", "is_active", "first_name", "last_name"}


def _check_working_hours(hours: Any) -> None:
    """``{"1": [["09:00", "12:00"], ["13:00", "17:30"]], ...}``: ISO weekdays, ordered spans."""
    if not isinstance(hours, dict):
        raise ValidationFailed(
            _("working_hours must map ISO weekdays 1-7 to lists of [start, end]")
        )
    for day, spans in hours.items():
        if str(day) not in {str(d) for d in range(1, 8)} or not isinstance(spans, list):
            raise ValidationFailed(_("working_hours: bad weekday %(day)s") % {"day": repr(day)})
        last_end = None
        for span in spans:
            try:
                start, end = (dt.time.fromisoformat(x) for x in span)
            except (TypeError, ValueError) as exc:
                raise ValidationFailed(
                    _("working_hours[%(day)s]: %(span)s is not [HH:MM, HH:MM]")
                    % {"day": day, "span": repr(span)}
                ) from exc
            if start >= end or (last_end is not None and start < last_end):
                raise ValidationFailed(
                    _("working_hours[%(day)s]: spans must be ordered and not overlap")
                    % {"day": day}
                )
            last_end = end


@transaction.atomic
def do_create_person(*, acting_user: Any, username: str, password: str, **fields: Any) -> User:
    require_org_admin(acting_user)
    unknown = set(fields) - PERSON_ADMIN_FIELDS
    if unknown:
        raise ValidationFailed(
            _("Unknown person fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    if "working_hours" in fields:
        _check_working_hours(fields["working_hours"])
    user = User(username=username, organization_id=acting_user.organization_id, **fields)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed(
            _("Password too weak: %(problems)s") % {"problems": " ".join(exc.messages)},
            fields={"password": exc.messages},
        ) from exc
    user.set_password(password)
    return writes.create(
        user, actor=acting_user, action="person.created", exclude_from_clean=["password"]
    )


@transaction.atomic
def do_update_person(
    person: User, *, acting_user: Any, version: int, changes: dict[str, Any]
) -> User:
    if not can_edit_person(acting_user, person):
        raise Forbidden(_("You may edit only your own profile."))
    allowed = PERSON_ADMIN_FIELDS if acting_user.is_org_admin else PERSON_SELF_FIELDS
    refused = set(changes) - allowed
    if refused:
        raise Forbidden(_("You may not change: %(names)s") % {"names": ", ".join(sorted(refused))})
    if "working_hours" in changes:
        _check_working_hours(changes["working_hours"])
    if person.pk == acting_user.pk and changes.get("is_org_admin") is False:
        raise ValidationFailed(_("You cannot remove your own admin right."))
    if person.pk == acting_user.pk and changes.get("is_active") is False:
        raise ValidationFailed(_("You cannot deactivate yourself."))
    action = "person.updated"
    if "is_active" in changes and changes["is_active"] != person.is_active:
        action = "person.reactivated" if changes["is_active"] else "person.deactivated"
    if "is_active" in changes and person.invited_at is not None:
        # Deactivated or let in by the admin, the emailed invitation no longer activates anyone.
        changes = {**changes, "invited_at": None}
    person = writes.update(
        person, version=version, changes=changes, actor=acting_user, action=action
    )
    if action == "person.deactivated":
        # Tokens end with the person's access: a later reactivation does not bring them back.
        _revoke_all_tokens(person)
    return person


@transaction.atomic
def do_create_department(
    *, acting_user: Any, name: str, parent: Department | None = None
) -> Department:
    require_org_admin(acting_user)
    if parent is not None and parent.organization_id != acting_user.organization_id:
        raise ValidationFailed(_("The parent department belongs to another organization."))
    return writes.create(
        Department(organization_id=acting_user.organization_id, name=name, parent=parent),
        actor=acting_user,
        action="department.created",
    )


@transaction.atomic
def do_update_department(
    dept: Department, *, acting_user: Any, version: int, changes: dict[str, Any]
) -> Department:
    require_org_admin(acting_user)
    parent = changes.get("parent")
    if parent is not None:
        node: Department | None = parent
        while node is not None:
            if node.pk == dept.pk:
                raise ValidationFailed(_("A department cannot be nested inside itself."))
            node = node.parent
    return writes.update(
        dept, version=version, changes=changes, actor=acting_user, action="department.updated"
    )


@transaction.atomic
def do_delete_department(dept: Department, *, acting_user: Any, version: int) -> None:
    require_org_admin(acting_user)
    writes.delete(dept, version=version, actor=acting_user, action="department.deleted")


@transaction.atomic
def do_create_team(
    *,
    acting_user: Any,
    name: str,
    department: Department | None = None,
    lead: User | None = None,
    member_ids: list[int] | None = None,
) -> Team:
    require_org_admin(acting_user)
    team = writes.create(
        Team(
            organization_id=acting_user.organization_id, name=name, department=department, lead=lead
        ),
        actor=acting_user,
        action="team.created",
        exclude_from_clean=["members"],
    )
    if member_ids:
        _set_members(team, member_ids)
    return team


def _set_members(team: Team, member_ids: list[int]) -> None:
    people = list(User.objects.filter(pk__in=member_ids, organization_id=team.organization_id))
    missing = set(member_ids) - {p.pk for p in people}
    if missing:
        raise ValidationFailed(
            _("Unknown people in this organization: %(missing)s") % {"missing": sorted(missing)}
        )
    team.members.set(people)


@transaction.atomic
def do_update_team(team: Team, *, acting_user: Any, version: int, changes: dict[str, Any]) -> Team:
    require_org_admin(acting_user)
    member_ids = changes.pop("member_ids", None)
    team = writes.update(
        team, version=version, changes=changes, actor=acting_user, action="team.updated"
    )
    if member_ids is not None:
        _set_members(team, member_ids)
    return team


@transaction.atomic
def do_delete_team(team: Team, *, acting_user: Any, version: int) -> None:
    require_org_admin(acting_user)
    writes.delete(team, version=version, actor=acting_user, action="team.deleted")


def _check_lifetime(days: int | None, via_token: PersonalAccessToken | None) -> dt.datetime:
    """When a new token of ``days`` expires; 422 past the maximum or past ``via_token``'s end."""
    limit = max_token_days()
    if days is None or not 1 <= days <= limit:
        raise ValidationFailed(
            _("A token lives 1 to %(limit)s days, got %(days)s.") % {"limit": limit, "days": days},
            fields={"days": [_("must be between 1 and %(limit)s") % {"limit": limit}]},
        )
    now = timezone.now()
    expires_at = now + dt.timedelta(days=days)
    if via_token is not None:
        ends = token_ends_at(via_token)
        if expires_at > ends:
            left = (ends - now).days
            hint = f"ask for at most {left} days" if left else "it expires within a day"
            raise ValidationFailed(
                _("A token made with a token cannot outlive the token you sent: %(hint)s.")
                % {"hint": hint},
                fields={
                    "days": [
                        _("at most %(left)s (the expiry of the token you sent)") % {"left": left}
                    ]
                },
            )
    return expires_at


@transaction.atomic
def do_create_token(
    *,
    acting_user: Any,
    name: str,
    days: int | None = 90,
    scope: str = TokenScope.WRITE,
    via_token: PersonalAccessToken | None = None,
) -> tuple[PersonalAccessToken, str]:
    """A new personal access token; returns it and the raw value, which is never stored.

    ``days`` is its lifetime, 1 to ``TANDEM_TOKEN_MAX_DAYS``. ``via_token`` is the token the
    request came with, if any: the new token may not outlive it.
    """
    expires_at = _check_lifetime(days, via_token)
    if scope not in TokenScope.values:
        raise ValidationFailed(
            _("Unknown token scope %(scope)s.") % {"scope": repr(scope)},
            fields={"scope": [_("one of %(values)s") % {"values": TokenScope.values}]},
        )
    raw = PersonalAccessToken.new_raw_token()
    token = PersonalAccessToken(
        user=acting_user,
        name=name,
        prefix=raw[:8],
        token_hash=hash_token(raw),
        scope=scope,
        expires_at=expires_at,
        password_fingerprint=password_fingerprint(acting_user),
    )
    writes.create(
        token,
        actor=acting_user,
        action="token.created",
        organization_id=acting_user.organization_id,
    )
    return token, raw


@transaction.atomic
def do_revoke_token(token: PersonalAccessToken, *, acting_user: Any) -> None:
    if token.user_id != acting_user.pk:
        raise Forbidden(_("You may revoke only your own tokens."))
    PersonalAccessToken.objects.filter(pk=token.pk).update(revoked=True)
    token.revoked = True
    audit.record(
        actor=acting_user,
        action="token.revoked",
        obj=token,
        changes={"revoked": [False, True]},
        organization_id=acting_user.organization_id,
    )


def _revoke_all_tokens(person: User) -> int:
    """Revoke every live token of ``person``; how many were live."""
    return PersonalAccessToken.objects.filter(user=person, revoked=False).update(revoked=True)


@transaction.atomic
def do_change_password(
    person: User, *, acting_user: Any, password: str, by_reset: bool = False
) -> User:
    """Set ``person``'s password (checked by the password validators) and revoke every personal
    access token they had: whoever holds the old password may have made tokens with it.

    ``acting_user`` is the person themselves: signed in (the form checked the old password) or,
    ``by_reset``, proven by the emailed link.
    """
    if acting_user.pk != person.pk:
        raise Forbidden(_("People change only their own password."))
    try:
        validate_password(password, person)
    except ValidationError as exc:
        raise ValidationFailed(
            _("Password too weak: %(problems)s") % {"problems": " ".join(exc.messages)},
            fields={"password": exc.messages},
        ) from exc
    person.set_password(password)
    person.save(update_fields=["password"])
    revoked = _revoke_all_tokens(person)
    audit.record(
        actor=acting_user,
        action="person.password_reset" if by_reset else "person.password_changed",
        obj=person,
        changes={"tokens_revoked": [0, revoked]},
        organization_id=person.organization_id,
    )
    return person


@transaction.atomic
def do_create_organization(
    *,
    acting_user: Any,
    name: str,
    username: str,
    email: str,
    password: str,
    display_name: str = "",
    first_run: bool = False,
) -> User:
    """Create an organization and its first admin; returns the admin.

    Nobody's rights are checked: ``acting_user`` is None, the operator at the command line
    (``tandem init``) or whoever opens the first-run page. ``first_run`` limits the page to an
    installation with no organization at all, checked under a lock so that two visitors cannot
    both make one; afterwards it answers 404.
    """
    if first_run:
        _lock_organizations()
        if Organization.objects.exists():
            raise NotFound(_("Setup is done: an organization exists. Sign in instead."))
    name, email = name.strip(), email.strip()
    missing = {
        field: [message]
        for field, value, message in [
            ("name", name, _("An organization needs a name.")),
            ("email", email, _("The admin needs an email address (for password resets).")),
        ]
        if not value
    }
    if missing:
        raise ValidationFailed(
            _("Invalid input: %(problems)s")
            % {"problems": " ".join(m[0] for m in missing.values())},
            fields=missing,
        )
    org = Organization(name=name, slug=_free_slug(name))
    writes.clean(org)
    org.save(force_insert=True)
    audit.record(
        actor=acting_user,
        action="organization.created",
        obj=org,
        changes={"name": [None, org.name], "slug": [None, org.slug]},
        organization_id=org.pk,
    )
    admin = User(
        username=username,
        organization=org,
        is_org_admin=True,
        email=email,
        display_name=display_name.strip(),
    )
    try:
        validate_password(password, admin)
    except ValidationError as exc:
        raise ValidationFailed(
            _("Password too weak: %(problems)s") % {"problems": " ".join(exc.messages)},
            fields={"password": exc.messages},
        ) from exc
    admin.set_password(password)
    return writes.create(
        admin, actor=acting_user, action="person.created", exclude_from_clean=["password"]
    )


def _lock_organizations() -> None:
    """Hold the organization table until the transaction ends, so "none exists yet" stays true.

    SQLite needs nothing: Tandem's transactions there take the database's write lock at BEGIN.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"LOCK TABLE {Organization._meta.db_table} IN SHARE ROW EXCLUSIVE MODE"  # noqa: S608
            )


def _free_slug(name: str) -> str:
    base = slugify(name)[:70].strip("-") or "organization"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
