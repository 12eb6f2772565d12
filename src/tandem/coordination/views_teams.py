"""Teams pages: the organization's departments and teams (admins edit, everyone reads), and a
project seen team by team with its handoffs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import actions as account_actions
from tandem.accounts import policies as account_policies
from tandem.accounts.models import Department, User
from tandem.core.errors import NotFound, TandemError, ValidationFailed
from tandem.planning.forms import add_action_errors
from tandem.projects.navigation import project_context
from tandem.projects.policies import access_project

from . import handoffs

# ---------------------------------------------------------------- a project's teams


class ThresholdForm(forms.Form):
    float_threshold = forms.DecimalField(
        label=gettext_lazy("At risk below (working days of float)"),
        min_value=Decimal(0),
        max_value=Decimal(1000),
        decimal_places=1,
        initial=handoffs.DEFAULT_THRESHOLD,
    )


@login_required
@require_GET
def project_teams(request: HttpRequest, project_id: int) -> HttpResponse:
    project = access_project(request.user, project_id, handoffs.VIEW)
    form = ThresholdForm(request.GET if "float_threshold" in request.GET else None)
    threshold = handoffs.DEFAULT_THRESHOLD
    if form.is_bound and form.is_valid():
        threshold = form.cleaned_data["float_threshold"]
    view = handoffs.teams_view(request.user, project, threshold)
    context = project_context(request.user, project, "project-teams", view=view, form=form)
    status = 422 if form.is_bound and not form.is_valid() else 200
    return render(request, "coordination/project_teams.html", context, status=status)


# ---------------------------------------------------------------- the organization's teams


class DepartmentForm(forms.Form):
    name = forms.CharField(max_length=200, label=gettext_lazy("Name"))
    parent = forms.ModelChoiceField(
        queryset=Department.objects.none(), required=False, label=gettext_lazy("Inside department")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["parent"]
        field.queryset = account_policies.departments_visible_to(user).order_by("name")  # type: ignore[attr-defined]


class TeamForm(forms.Form):
    name = forms.CharField(max_length=200, label=gettext_lazy("Name"))
    department = forms.ModelChoiceField(
        queryset=Department.objects.none(), required=False, label=gettext_lazy("Department")
    )
    lead = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=gettext_lazy("Lead")
    )
    members = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Members"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = account_policies.people_visible_to(user).order_by("username")
        departments = account_policies.departments_visible_to(user).order_by("name")
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
        self.fields["lead"].queryset = people  # type: ignore[attr-defined]
        self.fields["members"].queryset = people  # type: ignore[attr-defined]


def _team_changes(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": data["name"],
        "department": data["department"],
        "lead": data["lead"],
        "member_ids": [p.pk for p in data["members"]],
    }


def _org_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    user = request.user
    teams = (
        account_policies.teams_visible_to(user)
        .select_related("department", "lead")
        .prefetch_related(Prefetch("members", queryset=User.objects.order_by("username")))
        .order_by("name")
    )
    departments = account_policies.departments_visible_to(user).select_related("parent")
    return {
        "departments": departments.order_by("name"),
        "teams": teams,
        "is_admin": account_policies.is_org_admin(user),
        **extra,
    }


def _require_admin(request: HttpRequest) -> None:
    account_policies.require_org_admin(request.user)


@login_required
def organization_teams(request: HttpRequest) -> HttpResponse:
    """Departments and teams of the viewer's organization; admins add teams here (POST)."""
    if getattr(request.user, "organization_id", None) is None:
        raise NotFound(_("Teams belong to an organization; this account has none."))
    team_form = TeamForm(request.POST or None, user=request.user, prefix="team")
    status = 200
    if request.method == "POST":
        _require_admin(request)
        status = 422
        if team_form.is_valid():
            data = _team_changes(team_form.cleaned_data)
            try:
                team = account_actions.do_create_team(
                    acting_user=request.user,
                    name=data["name"],
                    department=data["department"],
                    lead=data["lead"],
                    member_ids=data["member_ids"],
                )
            except TandemError as exc:
                add_action_errors(team_form, exc)
            else:
                messages.success(request, _("Team “%(name)s” added.") % {"name": team.name})
                return redirect("org-teams")
    context = _org_context(
        request,
        team_form=team_form,
        department_form=DepartmentForm(user=request.user, prefix="dept"),
    )
    return render(request, "coordination/org_teams.html", context, status=status)


@login_required
@require_POST
def department_add(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = DepartmentForm(request.POST, user=request.user, prefix="dept")
    if form.is_valid():
        try:
            dept = account_actions.do_create_department(
                acting_user=request.user,
                name=form.cleaned_data["name"],
                parent=form.cleaned_data["parent"],
            )
        except TandemError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Department “%(name)s” added.") % {"name": dept.name})
            return redirect("org-teams")
    context = _org_context(
        request, team_form=TeamForm(user=request.user, prefix="team"), department_form=form
    )
    return render(request, "coordination/org_teams.html", context, status=422)


@login_required
def team_edit(request: HttpRequest, team_id: int) -> HttpResponse:
    team = account_policies.access(account_policies.teams_visible_to(request.user), team_id, "team")
    initial = {
        "name": team.name,
        "department": team.department_id,
        "lead": team.lead_id,
        "members": list(team.members.values_list("pk", flat=True)),
    }
    form = TeamForm(request.POST or None, user=request.user, initial=initial)
    status = 200
    if request.method == "POST":
        _require_admin(request)
        status = 422
        version = request.POST.get("version", "")
        if form.is_valid() and version.isdigit():
            try:
                account_actions.do_update_team(
                    team,
                    acting_user=request.user,
                    version=int(version),
                    changes=_team_changes(form.cleaned_data),
                )
            except TandemError as exc:
                add_action_errors(form, exc)
                status = exc.status
            else:
                messages.success(
                    request, _("Team “%(name)s” saved.") % {"name": form.cleaned_data["name"]}
                )
                return redirect("org-teams")
        elif not version.isdigit():
            form.add_error(None, _("The form lacks the version it was read at; reload it."))
    context = {"team": team, "form": form, "is_admin": account_policies.is_org_admin(request.user)}
    return render(request, "coordination/team_edit.html", context, status=status)


@login_required
@require_POST
def team_delete(request: HttpRequest, team_id: int) -> HttpResponse:
    team = account_policies.access(account_policies.teams_visible_to(request.user), team_id, "team")
    _require_admin(request)
    version = request.POST.get("version", "")
    if not version.isdigit():
        raise ValidationFailed(_("Send the version read."), fields={"version": [_("required")]})
    account_actions.do_delete_team(team, acting_user=request.user, version=int(version))
    messages.success(
        request, _("Team “%(name)s” deleted; its tasks keep no team.") % {"name": team.name}
    )
    return redirect("org-teams")


@login_required
@require_POST
def department_delete(request: HttpRequest, dept_id: int) -> HttpResponse:
    visible = account_policies.departments_visible_to(request.user)
    dept = account_policies.access(visible, dept_id, "department")
    _require_admin(request)
    version = request.POST.get("version", "")
    if not version.isdigit():
        raise ValidationFailed(_("Send the version read."), fields={"version": [_("required")]})
    if dept.children.exists():
        messages.error(
            request,
            _("“%(name)s” holds other departments: move or delete them first.")
            % {"name": dept.name},
        )
        return redirect("org-teams")
    account_actions.do_delete_department(dept, acting_user=request.user, version=int(version))
    messages.success(
        request,
        _("Department “%(name)s” deleted; its teams keep no department.") % {"name": dept.name},
    )
    return redirect("org-teams")
