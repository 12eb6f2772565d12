"""The organization admin's people pages: everyone in the organization, invitations by email,
a person's name and admin right, deactivation and reactivation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.core.errors import TandemError

from . import actions, policies
from .forms import InviteForm, PersonAdminForm, add_action_errors
from .invitations import do_invite_person, do_resend_invitation, is_invitation
from .models import User

ADMIN_FIELDS = ["display_name", "job_title", "email", "is_org_admin"]


def _url(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _list_page(
    request: HttpRequest, form: InviteForm | None = None, status: int = 200
) -> HttpResponse:
    policies.require_org_admin(request.user)
    people = policies.people_manageable_by(request.user).order_by("-is_active", "username")
    context = {
        "people": [{"person": p, "invited": is_invitation(p)} for p in people],
        "form": form or InviteForm(),
        "teams_url": _url("org-teams"),
        "calendars_url": _url("calendar-list"),
    }
    return render(request, "accounts/people.html", context, status=status)


@login_required
def people(request: HttpRequest) -> HttpResponse:
    """``/organization/people/``: the list, and the invitation form (organization admins)."""
    if request.method != "POST":
        return _list_page(request)
    policies.require_org_admin(request.user)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            person = do_invite_person(acting_user=request.user, **form.cleaned_data)
        except TandemError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Invited %(person)s (%(email)s): they get an email with a link to set "
                    "their password, and can sign in once they have."
                )
                % {"person": person, "email": person.email},
            )
            return redirect("org-people")
    return _list_page(request, form, status=422)


def _person(request: HttpRequest, person_id: int) -> User:
    policies.require_org_admin(request.user)
    person: User = policies.access(policies.people_manageable_by(request.user), person_id, "person")
    return person


def _person_form(person: User, data: Any = None) -> PersonAdminForm:
    initial = {"version": person.version, **{f: getattr(person, f) for f in ADMIN_FIELDS}}
    return PersonAdminForm(data, initial=initial)


def _person_page(
    request: HttpRequest, person: User, form: PersonAdminForm, status: int = 200
) -> HttpResponse:
    context = {
        "person": person,
        "form": form,
        "invited": is_invitation(person),
        "is_self": person.pk == request.user.pk,
    }
    return render(request, "accounts/person_admin.html", context, status=status)


@login_required
def person_admin(request: HttpRequest, person_id: int) -> HttpResponse:
    """``/organization/people/<id>/``: a person's name, email and admin right."""
    person = _person(request, person_id)
    if request.method != "POST":
        return _person_page(request, person, _person_form(person))
    form = _person_form(person, request.POST)
    if form.is_valid():
        changes = {k: form.cleaned_data[k] for k in ADMIN_FIELDS if k in form.changed_data}
        try:
            actions.do_update_person(
                person,
                acting_user=request.user,
                version=form.cleaned_data["version"],
                changes=changes,
            )
        except TandemError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Saved %(person)s.") % {"person": person})
            return redirect("org-person", person.pk)
    return _person_page(request, person, form, status=422)


def _set_active(request: HttpRequest, person_id: int, active: bool) -> HttpResponse:
    person = _person(request, person_id)
    version = int(request.POST.get("version") or 0)
    try:
        actions.do_update_person(
            person, acting_user=request.user, version=version, changes={"is_active": active}
        )
    except TandemError as exc:
        form = _person_form(person)
        form.add_error(None, exc.message)
        return _person_page(request, person, form, status=exc.status)
    if active:
        messages.success(request, _("%(person)s can sign in again.") % {"person": person})
    else:
        messages.success(
            request,
            _("%(person)s is deactivated: they can no longer sign in; their tokens ended.")
            % {"person": person},
        )
    return redirect("org-person", person.pk)


@login_required
@require_POST
def person_deactivate(request: HttpRequest, person_id: int) -> HttpResponse:
    return _set_active(request, person_id, False)


@login_required
@require_POST
def person_reactivate(request: HttpRequest, person_id: int) -> HttpResponse:
    return _set_active(request, person_id, True)


@login_required
@require_POST
def person_reinvite(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    do_resend_invitation(person, acting_user=request.user)
    messages.success(
        request, _("Sent the invitation to %(email)s again.") % {"email": person.email}
    )
    return redirect("org-person", person.pk)
