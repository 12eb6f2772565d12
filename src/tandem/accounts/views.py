"""Pages: changing one's password (with the old one) and resetting it through an emailed link.

Django's own views and forms do the checking (old password, validators, one-time reset links);
the password itself is set through ``do_change_password``, which also revokes every token.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy

from tandem.core.errors import TandemError

from .actions import do_change_password


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
        if not _set_password(form, form.user, by_reset=True):
            return self.form_invalid(form)
        # The link is spent: Django keeps its token in the session until the password is set.
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())
