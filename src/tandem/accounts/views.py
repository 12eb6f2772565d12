"""Pages: changing one's password (with the old one) and resetting it through an emailed link;
the first-run page that creates the first organization.

Django's own views and forms do the checking (old password, validators, one-time reset links);
the password itself is set through ``do_change_password``, which also revokes every token.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from tandem.core.errors import NotFound, TandemError

from .actions import do_change_password, do_create_organization
from .invitations import do_accept_invitation, is_invitation
from .models import Organization


class _InvalidIs422:
    """A refused form answers 422, as every other page of Tandem does."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response: HttpResponse = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 422
        return response


def _set_password(form: Any, user: Any, *, by_reset: bool) -> bool:
    try:
        do_change_password(
            user, acting_user=user, password=form.cleaned_data["new_password1"], by_reset=by_reset
        )
    except TandemError as exc:
        form.add_error("new_password1", exc.message)
        return False
    return True


class PasswordChangeView(_InvalidIs422, auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        if not _set_password(form, form.user, by_reset=False):
            return self.form_invalid(form)
        # The other sessions of this person end with the old password; this one goes on.
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetView(_InvalidIs422, auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def get_extra_email_context(self) -> dict[str, Any]:
        # Links point at the configured address, never at whatever Host header came in.
        return {"base_url": settings.TANDEM_BASE_URL.rstrip("/")}

    def form_valid(self, form: Any) -> HttpResponse:
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)


class PasswordResetConfirmView(_InvalidIs422, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        if is_invitation(form.user):
            try:
                do_accept_invitation(form.user, password=form.cleaned_data["new_password1"])
            except TandemError as exc:
                form.add_error("new_password1", exc.message)
                return self.form_invalid(form)
        elif not _set_password(form, form.user, by_reset=True):
            return self.form_invalid(form)
        # The link is spent: Django keeps its token in the session until the password is set.
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class SetupForm(forms.Form):
    organization = forms.CharField(max_length=200, label=_("Organization name"))
    display_name = forms.CharField(max_length=150, required=False, label=_("Your name"))
    username = forms.CharField(max_length=150, label=_("Username"))
    email = forms.EmailField(max_length=254, label=_("Email"))
    password1 = forms.CharField(widget=forms.PasswordInput, label=_("Password"))
    password2 = forms.CharField(widget=forms.PasswordInput, label=_("Password again"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


# Form fields named differently from the action's arguments.
_SETUP_FIELDS = {"name": "organization", "password": "password1"}


def first_run_setup(request: HttpRequest) -> HttpResponse:
    """``/setup/``: the first organization and its admin, while the installation has none.

    Afterwards the page does not exist (404), for everyone. The new admin is signed in.
    """
    if Organization.objects.exists():
        raise Http404(_("Setup is done."))
    form = SetupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            admin = do_create_organization(
                acting_user=None,
                name=data["organization"],
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                display_name=data["display_name"],
                first_run=True,
            )
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except TandemError as exc:
            for field, messages in (exc.fields or {"__all__": [exc.message]}).items():
                name = _SETUP_FIELDS.get(field, field)
                form.add_error(name if name in form.fields else None, messages)
        else:
            login(request, admin, backend="django.contrib.auth.backends.ModelBackend")
            return HttpResponseRedirect("/")
    status = 422 if request.method == "POST" else 200
    return render(request, "accounts/setup.html", {"form": form}, status=status)


class SignInView(auth_views.LoginView):
    """The sign-in page; on an installation with no organization yet, nobody can sign in, so it
    sends the visitor to the first-run page instead."""

    redirect_authenticated_user = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated and not Organization.objects.exists():
            return HttpResponseRedirect(reverse("setup"))
        return super().get(request, *args, **kwargs)
