"""The profile page: one's name, zone, notification preference and personal access tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tandem.core import l10n
from tandem.core.errors import TandemError

from . import actions, policies
from .forms import ProfileForm, TokenForm, add_action_errors
from .models import User
from .tokens import token_ends_at

WEEKDAYS = [
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
]
PROFILE_FIELDS = [
    "display_name",
    "job_title",
    "email",
    "time_zone",
    "email_notifications",
    "locale",
    "language",
]


def working_week(hours: dict[str, list[list[str]]]) -> list[tuple[str, str]]:
    """Each weekday with its working spans in words ("09:00-12:00, 13:00-17:00" or "Off")."""
    return [
        (str(name), ", ".join(f"{a}-{b}" for a, b in hours.get(str(n), [])) or _("Off"))
        for n, name in enumerate(WEEKDAYS, start=1)
    ]


def _own_id(request: HttpRequest) -> int:
    return int(request.user.pk or 0)


def _profile_form(request: HttpRequest, person: User, data: Any = None) -> ProfileForm:
    initial = {"version": person.version, **{f: getattr(person, f) for f in PROFILE_FIELDS}}
    browser = l10n.locale_from_accept_language(request.headers.get("Accept-Language", ""))
    return ProfileForm(
        data, initial=initial, browser_locale=l10n.locale_tag(browser) if browser else ""
    )


def _first_url(*names: str) -> str | None:
    """The address of the first page of ``names`` that exists (pages other apps may add)."""
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _page(
    request: HttpRequest,
    *,
    form: ProfileForm | None = None,
    token_form: TokenForm | None = None,
    new_token: str | None = None,
    status: int = 200,
) -> HttpResponse:
    person = User.objects.get(pk=_own_id(request))
    now = timezone.now()
    tokens = [
        {
            "token": t,
            "ends": token_ends_at(t),
            "live": not t.revoked and token_ends_at(t) > now,
        }
        for t in policies.tokens_visible_to(request.user).order_by("-created_at")
    ]
    context = {
        "person": person,
        "form": form or _profile_form(request, person),
        "token_form": token_form or TokenForm(),
        "tokens": tokens,
        "new_token": new_token,
        "week": working_week(person.working_hours),
        "calendar_feeds_url": _first_url("my-calendar-feeds", "calendar-feeds", "my-feeds"),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """``/me/profile/``: change one's name, email, zone and whether notifications are emailed."""
    if request.method != "POST":
        return _page(request)
    person = User.objects.get(pk=_own_id(request))
    form = _profile_form(request, person, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        changes = {k: v for k, v in data.items() if k in form.changed_data}
        if not changes:
            messages.info(request, _("Nothing to save: your profile is as it was."))
            return redirect("profile")
        try:
            actions.do_update_person(
                person, acting_user=request.user, version=version, changes=changes
            )
        except TandemError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("profile")
    return _page(request, form=form, status=422)


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """A new token, shown once on the page that answers (it is never stored in clear)."""
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, raw = actions.do_create_token(acting_user=request.user, **form.cleaned_data)
        except TandemError as exc:
            add_action_errors(form, exc)
        else:
            return _page(request, new_token=raw)
    return _page(request, token_form=form, status=422)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = policies.access(policies.tokens_visible_to(request.user), token_id, "token")
    actions.do_revoke_token(token, acting_user=request.user)
    messages.success(
        request, _("Token “%(name)s” is revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("profile")
