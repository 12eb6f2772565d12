"""Inviting people by email: the organization admin names them, Tandem creates them inactive
with no usable password and emails a set-password link (Django's password-reset link: one use,
limited time); setting the password activates them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from tandem.core import audit, writes
from tandem.core.errors import Conflict, Forbidden, ValidationFailed

from .models import User
from .policies import require_org_admin


def set_password_link(person: User) -> str:
    """The absolute address where ``person`` sets a password (the password-reset page)."""
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.TANDEM_BASE_URL.rstrip('/')}{path}"


def _send_invitation(person_id: int, inviter: str, organization: str) -> None:
    person = User.objects.get(pk=person_id)
    body = render_to_string(
        "accounts/invitation_email.txt",
        {
            "person": person,
            "inviter": inviter,
            "organization": organization,
            "link": set_password_link(person),
        },
    )
    send_mail(
        _("[Tandem] %(inviter)s invites you to %(organization)s")
        % {"inviter": inviter, "organization": organization},
        body,
        settings.DEFAULT_FROM_EMAIL,
        [person.email],
    )


@transaction.atomic
def do_invite_person(
    *,
    acting_user: Any,
    email: str,
    username: str = "",
    display_name: str = "",
    job_title: str = "",
    is_org_admin: bool = False,
) -> User:
    """Create the person inactive, with no usable password, and email them the link (once the
    transaction commits)."""
    require_org_admin(acting_user)
    email = email.strip()
    username = (username or email).strip()
    if User.objects.filter(email__iexact=email, organization_id=acting_user.organization_id):
        message = _("%(email)s already belongs to someone in this organization.") % {"email": email}
        raise ValidationFailed(message, fields={"email": [message]})
    if User.objects.filter(username__iexact=username).exists():
        message = _("The user name %(username)s is taken: choose another.") % {"username": username}
        raise ValidationFailed(message, fields={"username": [message]})
    person = User(
        username=username,
        email=email,
        display_name=display_name.strip(),
        job_title=job_title.strip(),
        is_org_admin=is_org_admin,
        organization_id=acting_user.organization_id,
        is_active=False,
        invited_at=timezone.now(),
    )
    person.set_unusable_password()
    writes.create(
        person, actor=acting_user, action="person.invited", exclude_from_clean=["password"]
    )
    inviter, organization = str(acting_user), str(acting_user.organization)
    transaction.on_commit(lambda: _send_invitation(person.pk, inviter, organization))
    return person


@transaction.atomic
def do_resend_invitation(person: User, *, acting_user: Any) -> None:
    require_org_admin(acting_user)
    if person.organization_id != acting_user.organization_id:
        raise Forbidden(_("People of another organization are not yours to invite."))
    if person.invited_at is None or person.is_active:
        raise Conflict(_("%(person)s has no invitation waiting.") % {"person": person})
    audit.record(
        actor=acting_user,
        action="person.invitation_resent",
        obj=person,
        organization_id=person.organization_id,
    )
    inviter, organization = str(acting_user), str(acting_user.organization)
    transaction.on_commit(lambda: _send_invitation(person.pk, inviter, organization))


def is_invitation(person: Any) -> bool:
    return bool(getattr(person, "invited_at", None)) and not person.is_active


@transaction.atomic
def do_accept_invitation(person: User, *, password: str) -> User:
    """The invited person sets their password (proven by the emailed link): they become active."""
    if not is_invitation(person):
        raise Forbidden(_("This invitation is no longer valid; ask your organization admin."))
    try:
        validate_password(password, person)
    except ValidationError as exc:
        raise ValidationFailed(
            _("Password too weak: %(problems)s") % {"problems": " ".join(exc.messages)},
            fields={"password": exc.messages},
        ) from exc
    person.set_password(password)
    person.is_active = True
    person.invited_at = None
    person.version += 1
    person.save(update_fields=["password", "is_active", "invited_at", "version"])
    audit.record(
        actor=person,
        action="person.invitation_accepted",
        obj=person,
        changes={"is_active": [False, True]},
        organization_id=person.organization_id,
    )
    return person
