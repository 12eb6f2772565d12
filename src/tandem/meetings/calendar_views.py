"""Pages of a person's calendars: "My calendars" (connect an address, upload a file) and
"Calendar feeds" (subscribe elsewhere to Tandem); the feeds themselves; and the page an
invitation's answer link opens. The last two need no sign-in: a secret in the address stands
for the person."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.core.errors import TandemError
from tandem.projects.policies import has_right, projects_visible_to

from . import actions, feeds
from . import external_calendars as calendars
from .calendar_reading import MAX_CALENDAR_BYTES, refresh_calendar
from .invitations import ANSWERS, local_when, participant_of_token
from .models import MeetingStatus, ResponseStatus
from .policies import VIEW


class ConnectForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=120, initial=gettext_lazy("Work calendar")
    )
    url = forms.CharField(
        label=gettext_lazy("Private iCalendar address"),
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://…/calendar.ics"}),
    )


class UploadForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=120, initial=gettext_lazy("Calendar file")
    )
    file = forms.FileField(label=gettext_lazy(".ics file"))


class FeedForm(forms.Form):
    project = forms.TypedChoiceField(
        label=gettext_lazy("Calendar"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, projects: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["project"]).choices = [
            ("", _("My meetings, tasks and milestones")),
            *projects,
        ]


def _projects(user: Any) -> list[tuple[int, str]]:
    return [(p.pk, f"{p.code} · {p.name}") for p in projects_visible_to(user).order_by("code")]


def _page(request: HttpRequest, status: int = 200, **bound: Any) -> HttpResponse:
    user = request.user
    context = {
        "calendars": calendars.calendars_of(user),
        "feeds": feeds.feeds_of(user),
        "connect_form": ConnectForm(prefix="connect"),
        "upload_form": UploadForm(prefix="upload"),
        "feed_form": FeedForm(prefix="feed", projects=_projects(user)),
        "max_mb": MAX_CALENDAR_BYTES // (1024 * 1024),
        **bound,
    }
    return render(request, "meetings/my_calendars.html", context, status=status)


def _back(request: HttpRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("my-calendar-feeds"))


@login_required
@require_GET
def my_calendars(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def calendar_connect(request: HttpRequest) -> HttpResponse:
    form = ConnectForm(request.POST, prefix="connect")
    if not form.is_valid():
        return _page(request, 422, connect_form=form)
    try:
        calendar = calendars.do_connect_calendar_url(request.user, **form.cleaned_data)
    except TandemError as exc:
        form.add_error("url" if "url" in exc.fields else None, exc.fields.get("url", exc.message))
        return _page(request, exc.status, connect_form=form)
    calendar.refresh_from_db()
    if calendar.last_error:
        return _back(
            request,
            _("“%(calendar)s” is connected, but could not be read yet.")
            % {"calendar": calendar.name},
        )
    return _back(
        request,
        _("“%(name)s” is connected: %(count)s busy times.")
        % {"name": calendar.name, "count": calendar.event_count},
    )


@login_required
@require_POST
def calendar_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES, prefix="upload")
    if not form.is_valid():
        return _page(request, 422, upload_form=form)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_CALENDAR_BYTES:
        form.add_error(
            "file", _("The file is larger than %(mb)s MB.") % {"mb": MAX_CALENDAR_BYTES // 2**20}
        )
        return _page(request, 422, upload_form=form)
    try:
        calendar = calendars.do_upload_calendar(
            request.user, name=form.cleaned_data["name"], data=upload.read()
        )
    except TandemError as exc:
        form.add_error("file" if "file" in exc.fields else None, exc.message)
        return _page(request, exc.status, upload_form=form)
    return _back(
        request,
        _("“%(name)s” is read: %(count)s busy times.")
        % {"name": calendar.name, "count": calendar.event_count},
    )


@login_required
@require_POST
def calendar_refresh(request: HttpRequest, calendar_id: int) -> HttpResponse:
    calendar = calendars.access_calendar(request.user, calendar_id)
    calendar = refresh_calendar(calendar.pk, acting_user=request.user)
    if calendar.last_error:
        return _back(
            request,
            _("“%(name)s” could not be read: %(error)s")
            % {"name": calendar.name, "error": calendar.last_error},
        )
    return _back(
        request,
        _("“%(name)s” is read: %(count)s busy times.")
        % {"name": calendar.name, "count": calendar.event_count},
    )


@login_required
@require_POST
def calendar_remove(request: HttpRequest, calendar_id: int) -> HttpResponse:
    calendar = calendars.access_calendar(request.user, calendar_id)
    calendars.do_remove_calendar(calendar, acting_user=request.user, version=calendar.version)
    return _back(
        request,
        _("“%(name)s” is disconnected and its busy times are gone.") % {"name": calendar.name},
    )


@login_required
@require_POST
def feed_create(request: HttpRequest) -> HttpResponse:
    """A new feed address, shown on this answer only (only its hash is kept)."""
    form = FeedForm(request.POST, prefix="feed", projects=_projects(request.user))
    if not form.is_valid():
        return _page(request, 422, feed_form=form)
    project_id = form.cleaned_data["project"]
    project = projects_visible_to(request.user).filter(pk=project_id).first()
    feed, raw = feeds.do_create_feed(request.user, project=project)
    url = request.build_absolute_uri(reverse("calendar-feed", args=[raw]))
    return _page(request, new_feed=feed, new_feed_url=url)


@login_required
@require_POST
def feed_revoke(request: HttpRequest, feed_id: int) -> HttpResponse:
    feed = feeds.access_feed(request.user, feed_id)
    feeds.do_revoke_feed(feed, acting_user=request.user)
    return _back(
        request, _("The address of “%(name)s” no longer works.") % {"name": feeds.feed_name(feed)}
    )


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself, for calendar apps: no sign-in, the token stands for its owner."""
    feed = feeds.feed_by_token(token)
    if feed is None:
        raise Http404(_("No such calendar feed."))
    now = timezone.now()
    body = feeds.build_feed(feed, now)
    feeds.record_read(feed, now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tandem.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def meeting_rsvp(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation's answer link: GET shows the meeting and the answer buttons (a link
    follower never answers), POST records the answer."""
    participant = participant_of_token(token)
    if (
        participant is None
        or not participant.user.is_active
        or not has_right(participant.user, participant.meeting.project, VIEW)
    ):
        raise Http404(_("This answer link is not valid (any more)."))
    meeting = participant.meeting
    status = 200
    saved = False
    if request.method == "POST":
        try:
            participant = actions.do_answer_by_link(token, request.POST.get("answer", ""))
            saved = True
        except TandemError as exc:
            if exc.status == 404:
                raise Http404(exc.message) from exc
            messages.error(request, exc.message)
            status = exc.status
    names = dict(ResponseStatus.choices)
    context = {
        "meeting": meeting,
        "participant": participant,
        "when": local_when(meeting, participant.user),
        "answers": [(a, names[a]) for a in ANSWERS],
        "chosen": request.GET.get("answer", ""),
        "saved": saved,
        "cancelled": meeting.status == MeetingStatus.CANCELLED,
    }
    return render(request, "meetings/rsvp.html", context, status=status)
