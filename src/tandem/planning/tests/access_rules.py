"""Every planning route (API and pages), with the exact status per relation to the project."""

from django.urls import resolve

from tandem.planning.actions import do_assign, do_save_baseline
from tandem.planning.leveling_actions import do_preview_leveling
from tandem.planning.models import (
    Assignment,
    Baseline,
    Dependency,
    LevelingRun,
    PlanSettings,
    Task,
)
from tandem.resources.models import WorkCalendar
from tandem.testing.factories_planning import make_link, make_task
from tandem.testing.roles import expect, project_api, project_page

IF1 = {"If-Match": '"1"'}


def _api(*, stakeholder: int, member: int, leads: int, manager: int | None = None) -> dict:
    return project_api(
        stakeholder=stakeholder,
        member=member,
        coordinator=leads,
        manager=leads if manager is None else manager,
    )


def _page(*, stakeholder: int, member: int, leads: int, manager: int | None = None) -> dict:
    return project_page(
        stakeholder=stakeholder,
        member=member,
        coordinator=leads,
        manager=leads if manager is None else manager,
    )


WORK_LIST = _api(stakeholder=403, member=200, leads=200)
WORK_ITEM = _api(stakeholder=404, member=200, leads=200)
TASK_FORM = {
    "version": "1",
    "name": "Edited",
    "estimate_mode": "single",
    "duration_unit": "days",
    "constraint_type": "ASAP",
    "priority": "500",
    "status": "not_started",
    "percent_complete": "0",
}


def rules(world):
    return _with_url_names(_rules(world))


def _with_url_names(found: list[dict]) -> list[dict]:
    for rule in found:
        match = resolve(rule["url"].split("?", 1)[0])
        rule["url_name"] = match.view_name or match.route
    return found


def _rules(world):  # noqa: PLR0915
    p = world.project.pk
    phase = make_task(world.project, "Phase", estimate=3)
    work = make_task(world.project, "Work", estimate=2, assignee_ids=[world.member.pk])
    spare = make_task(world.project, "Spare", estimate=1)
    gate = make_task(world.project, "Gate", is_milestone=True)
    dep = make_link(phase, work)
    assignment = Assignment.objects.get(task=work, person=world.member)
    other = do_assign(spare, acting_user=world.manager, person=world.coordinator)
    baseline = do_save_baseline(world.project, acting_user=world.manager, name="Plan v1")
    t, w, s, d, b = phase.pk, work.pk, spare.pk, dep.pk, baseline.pk
    # Leveling: the member is on Work and Overlap at once; one finished preview, one queued
    # CP-SAT run, and a delay left on Spare to clear.
    make_task(world.project, "Overlap", estimate=5, assignee_ids=[world.member.pk])
    run = do_preview_leveling(world.project, acting_user=world.manager).pk
    queued = LevelingRun.objects.create(
        project=world.project, method="cpsat", time_limit_seconds=5, plan_fingerprint="-"
    ).pk
    Task.objects.filter(pk=s).update(leveling_delay_days=1)
    manager_only = _api(stakeholder=403, member=403, leads=403, manager=200)
    run_only = _api(stakeholder=404, member=404, leads=404, manager=200)
    page_manager = _page(stakeholder=403, member=403, leads=403, manager=302)
    # The link moved Work after Phase (automatic scheduling): one version up.
    if_work = {"If-Match": f'"{Task.objects.get(pk=w).version}"'}
    return [
        # --- API: tasks
        {"method": "GET", "url": f"/api/projects/{p}/tasks?status=not_started", "expect": WORK_LIST},
        {
            "method": "POST", "url": f"/api/projects/{p}/tasks", "model": Task,
            "body": {"name": "New", "parent_id": t, "estimate": "1"},
            "expect": _api(stakeholder=403, member=403, leads=201),
        },
        {"method": "GET", "url": f"/api/projects/{p}/milestones",
         "expect": _api(stakeholder=200, member=200, leads=200)},
        {"method": "GET", "url": f"/api/tasks/{t}", "expect": WORK_ITEM},
        {
            "method": "PATCH", "url": f"/api/tasks/{t}", "model": Task, "pk": t,
            "body": {"name": "Renamed"}, "headers": IF1,
            "expect": _api(stakeholder=404, member=403, leads=200),
        },
        {
            # progress on a task assigned to the member
            "method": "PATCH", "url": f"/api/tasks/{w}", "model": Task, "pk": w,
            "body": {"percent_complete": 50, "status": "in_progress"}, "headers": if_work,
            "expect": _api(stakeholder=404, member=200, leads=200),
        },
        {
            "method": "DELETE", "url": f"/api/tasks/{s}", "model": Task, "pk": s,
            "headers": IF1, "expect": _api(stakeholder=404, member=403, leads=200),
        },
        # --- API: dependencies
        {"method": "GET", "url": f"/api/projects/{p}/dependencies", "expect": WORK_LIST},
        {
            "method": "POST", "url": f"/api/projects/{p}/dependencies", "model": Dependency,
            "body": {"predecessor_id": w, "successor_id": s, "type": "SS", "lag": "-1"},
            "expect": _api(stakeholder=403, member=403, leads=201),
        },
        {"method": "GET", "url": f"/api/dependencies/{d}", "expect": WORK_ITEM},
        {
            "method": "PATCH", "url": f"/api/dependencies/{d}", "model": Dependency, "pk": d,
            "body": {"lag": "2"}, "headers": IF1,
            "expect": _api(stakeholder=404, member=403, leads=200),
        },
        {
            "method": "DELETE", "url": f"/api/dependencies/{d}", "model": Dependency, "pk": d,
            "headers": IF1, "expect": _api(stakeholder=404, member=403, leads=200),
        },
        # --- API: assignments
        {"method": "GET", "url": f"/api/tasks/{w}/assignments", "expect": WORK_ITEM},
        {
            "method": "POST", "url": f"/api/tasks/{w}/assignments", "model": Assignment,
            "body": {"person_id": world.coordinator.pk, "units": "50"},
            "expect": _api(stakeholder=404, member=403, leads=201),
        },
        {"method": "GET", "url": f"/api/assignments/{assignment.pk}", "expect": WORK_ITEM},
        {
            "method": "PATCH", "url": f"/api/assignments/{assignment.pk}", "model": Assignment,
            "pk": assignment.pk, "body": {"units": "50"}, "headers": IF1,
            "expect": _api(stakeholder=404, member=403, leads=200),
        },
        {
            "method": "DELETE", "url": f"/api/assignments/{other.pk}", "model": Assignment,
            "pk": other.pk, "headers": IF1,
            "expect": _api(stakeholder=404, member=403, leads=200),
        },
        # --- API: baselines
        {"method": "GET", "url": f"/api/projects/{p}/baselines", "expect": WORK_LIST},
        {
            "method": "POST", "url": f"/api/projects/{p}/baselines", "model": Baseline,
            "body": {"name": "Plan v2"},
            "expect": _api(stakeholder=403, member=403, leads=403, manager=201),
        },
        {"method": "GET", "url": f"/api/baselines/{b}", "expect": WORK_ITEM},
        {"method": "GET", "url": f"/api/baselines/{b}/compare", "expect": WORK_ITEM},
        {"method": "GET", "url": f"/api/baselines/{b}/variance", "expect": WORK_ITEM},
        {
            "method": "PATCH", "url": f"/api/baselines/{b}", "model": Baseline, "pk": b,
            "body": {"name": "Renamed"}, "headers": IF1,
            "expect": _api(stakeholder=404, member=403, leads=403, manager=200),
        },
        {
            "method": "DELETE", "url": f"/api/baselines/{b}", "model": Baseline, "pk": b,
            "headers": IF1, "expect": _api(stakeholder=404, member=403, leads=403, manager=204),
        },
        # --- API: schedule
        {"method": "GET", "url": f"/api/projects/{p}/schedule", "expect": WORK_LIST},
        {"method": "GET", "url": f"/api/projects/{p}/schedule/preview", "expect": WORK_LIST},
        {"method": "GET", "url": f"/api/projects/{p}/gantt",
         "expect": _api(stakeholder=200, member=200, leads=200)},
        {"method": "GET", "url": f"/api/projects/{p}/gantt?baseline={b}",
         "expect": _api(stakeholder=200, member=200, leads=200)},
        {
            "method": "POST", "url": f"/api/projects/{p}/schedule/apply", "model": Task, "pk": t,
            "expect": _api(stakeholder=403, member=403, leads=200),
        },
        # --- API: plan settings
        {"method": "GET", "url": f"/api/projects/{p}/plan-settings", "expect": WORK_LIST},
        {
            "method": "PATCH", "url": f"/api/projects/{p}/plan-settings", "model": PlanSettings,
            "body": {"hours_per_day": "7.5"}, "headers": IF1,
            "expect": _api(stakeholder=403, member=403, leads=403, manager=200),
        },
        # --- pages
        {"method": "GET", "url": f"/projects/{p}/plan/",
         "expect": _page(stakeholder=403, member=200, leads=200)},
        {
            "method": "POST", "url": f"/projects/{p}/plan/", "model": Task, "body": TASK_FORM,
            "expect": _page(stakeholder=403, member=403, leads=302),
        },
        {"method": "GET", "url": f"/tasks/{t}/",
         "expect": _page(stakeholder=404, member=200, leads=200)},
        {
            "method": "POST", "url": f"/tasks/{t}/", "model": Task, "pk": t, "body": TASK_FORM,
            "expect": _page(stakeholder=404, member=403, leads=302),
        },
        {
            "method": "POST", "url": f"/tasks/{s}/predecessors/", "model": Dependency,
            "body": {"predecessor": t, "type": "FS", "lag": "0", "lag_unit": "days"},
            "expect": _page(stakeholder=404, member=403, leads=302),
        },
        {
            "method": "POST", "url": f"/dependencies/{d}/remove/", "model": Dependency, "pk": d,
            "body": {"version": "1"}, "expect": _page(stakeholder=404, member=403, leads=302),
        },
        {
            "method": "POST", "url": f"/tasks/{s}/assignees/", "model": Assignment,
            "body": {"person": world.member.pk, "units": "40"},
            "expect": _page(stakeholder=404, member=403, leads=302),
        },
        {
            "method": "POST", "url": f"/assignments/{other.pk}/remove/", "model": Assignment,
            "pk": other.pk, "body": {"version": "1"},
            "expect": _page(stakeholder=404, member=403, leads=302),
        },
        {"method": "GET", "url": f"/projects/{p}/milestones/",
         "expect": _page(stakeholder=200, member=200, leads=200)},
        {"method": "GET", "url": f"/projects/{p}/gantt/",
         "expect": _page(stakeholder=200, member=200, leads=200)},
        {"method": "GET", "url": f"/projects/{p}/schedule/",
         "expect": _page(stakeholder=403, member=200, leads=200)},
        {
            "method": "POST", "url": f"/projects/{p}/schedule/", "model": Task, "pk": t,
            "expect": _page(stakeholder=403, member=403, leads=200),
        },
        {
            "method": "POST", "url": f"/projects/{p}/schedule/settings/", "model": PlanSettings,
            "body": {"version": "1", "auto_schedule": "", "status_date": "2026-01-12"},
            "expect": _page(stakeholder=403, member=403, leads=403, manager=302),
        },
        {"method": "GET", "url": f"/projects/{p}/baselines/",
         "expect": _page(stakeholder=403, member=200, leads=200)},
        {
            "method": "POST", "url": f"/projects/{p}/baselines/", "model": Baseline,
            "body": {"name": "Plan v2"},
            "expect": _page(stakeholder=403, member=403, leads=403, manager=302),
        },
        {"method": "GET", "url": f"/baselines/{b}/",
         "expect": _page(stakeholder=404, member=200, leads=200)},
        {
            "method": "POST", "url": f"/baselines/{b}/rename/", "model": Baseline, "pk": b,
            "body": {f"b{b}-version": "1", f"b{b}-name": "Plan v1b"},
            "expect": _page(stakeholder=404, member=403, leads=403, manager=302),
        },
        {
            "method": "POST", "url": f"/baselines/{b}/remove/", "model": Baseline, "pk": b,
            "body": {"version": "1"},
            "expect": _page(stakeholder=404, member=403, leads=403, manager=302),
        },
        {
            "method": "POST", "url": f"/baselines/{b}/compare-against/", "model": PlanSettings,
            "body": {"version": "1"},
            "expect": _page(stakeholder=404, member=403, leads=403, manager=302),
        },
        {"method": "GET", "url": f"/projects/{p}/plan-settings/",
         "expect": _page(stakeholder=403, member=200, leads=200)},
        {
            "method": "POST", "url": f"/projects/{p}/plan-settings/", "model": PlanSettings,
            "body": {"version": "1", "hours_per_day": "7.5"},
            "expect": _page(stakeholder=403, member=403, leads=403, manager=302),
        },
        {
            "method": "POST", "url": f"/projects/{p}/plan-settings/own-calendar/",
            "model": WorkCalendar, "body": {"name": "Site hours"},
            "expect": _page(stakeholder=403, member=403, leads=403, manager=302),
        },
        # --- workload and leveling
        {"method": "GET", "url": f"/api/projects/{p}/workload?scale=day", "expect": WORK_LIST},
        {"method": "GET", "url": "/api/workload?scale=month", "expect": expect(200, anonymous=401)},
        {
            "method": "POST", "url": f"/api/projects/{p}/leveling/preview", "model": LevelingRun,
            "body": {"method": "heuristic"},
            "expect": _api(stakeholder=403, member=403, leads=403, manager=201),
        },
        {"method": "GET", "url": f"/api/leveling-runs/{run}", "expect": run_only},
        {
            "method": "POST", "url": f"/api/leveling-runs/{run}/apply", "model": LevelingRun,
            "pk": run, "headers": IF1, "expect": run_only,
        },
        {
            "method": "POST", "url": f"/api/leveling-runs/{queued}/cancel", "model": LevelingRun,
            "pk": queued, "expect": run_only,
        },
        {
            "method": "POST", "url": f"/api/projects/{p}/leveling/clear", "model": Task, "pk": s,
            "expect": manager_only,
        },
        {"method": "GET", "url": f"/projects/{p}/workload/?scale=day&person=x&period=1",
         "expect": _page(stakeholder=403, member=200, leads=200)},
        {"method": "GET", "url": "/workload/?scale=month", "expect": expect(200, anonymous=302)},
        {"method": "GET", "url": f"/projects/{p}/workload/chart/?scale=week&person=x",
         "expect": _page(stakeholder=403, member=200, leads=200)},
        {"method": "GET", "url": "/workload/chart/?scale=week",
         "expect": expect(200, anonymous=302)},
        {"method": "GET", "url": f"/projects/{p}/leveling/?run={run}",
         "expect": _page(stakeholder=403, member=403, leads=403, manager=200)},
        {
            "method": "POST", "url": f"/projects/{p}/leveling/preview/", "model": LevelingRun,
            "body": {"method": "heuristic"}, "expect": page_manager,
        },
        {
            "method": "POST", "url": f"/projects/{p}/leveling/apply/", "model": LevelingRun,
            "pk": run, "body": {"run": run, "version": "1"}, "expect": page_manager,
        },
        {
            "method": "POST", "url": f"/projects/{p}/leveling/cancel/", "model": LevelingRun,
            "pk": queued, "body": {"run": queued}, "expect": page_manager,
        },
        {
            "method": "POST", "url": f"/projects/{p}/leveling/clear/", "model": Task, "pk": s,
            "expect": page_manager,
        },
        {"method": "GET", "url": f"/api/tasks/{gate.pk}", "expect": WORK_ITEM},
        {"method": "GET", "url": "/api/projects/999999/tasks", "expect": expect(404, anonymous=401)},
    ]  # fmt: skip
