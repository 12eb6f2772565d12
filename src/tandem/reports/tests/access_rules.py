"""Every reports route, with the exact status per relation to the project."""

import datetime as dt

from tandem.reports.actions import do_draft_report, do_publish_report
from tandem.reports.models import Report, ReportSchedule
from tandem.testing.roles import project_api, project_page

IF1 = {"If-Match": '"1"'}
PERIOD = {"period_start": "2026-01-05", "period_end": "2026-01-11"}


def _leads_api(ok, *, stakeholder=403, member=403):
    return project_api(stakeholder=stakeholder, member=member, coordinator=ok, manager=ok)


def _leads_page(ok, *, stakeholder=403, member=403):
    return project_page(stakeholder=stakeholder, member=member, coordinator=ok, manager=ok)


def _everyone(status, page=False):
    shape = project_page if page else project_api
    return shape(stakeholder=status, member=status, coordinator=status, manager=status)


def _manager(ok, page=False):
    shape = project_page if page else project_api
    return shape(stakeholder=403, member=403, coordinator=403, manager=ok)


def rules(world):
    p = world.project.pk
    start, end = dt.date(2026, 1, 5), dt.date(2026, 1, 11)
    draft = do_draft_report(
        world.project, acting_user=world.manager, period_start=start, period_end=end
    )
    shared = do_draft_report(
        world.project, acting_user=world.manager, period_start=start, period_end=end
    )
    do_publish_report(shared, acting_user=world.manager, version=1)
    ReportSchedule.objects.create(project=world.project, time=dt.time(16), owner=world.manager)
    d, s = draft.pk, shared.pk
    text = {"version": 1, "rag": "amber", "audience": "stakeholders", "summary": "Edited"}
    return [
        # API
        {"method": "GET", "url": f"/api/projects/{p}/reports", "expect": _everyone(200)},
        {
            "method": "POST", "url": f"/api/projects/{p}/reports", "model": Report,
            "body": PERIOD, "expect": _leads_api(201),
        },
        {"method": "GET", "url": f"/api/reports/{d}", "expect": _leads_api(200, stakeholder=404, member=200)},
        {"method": "GET", "url": f"/api/reports/{s}", "expect": _everyone(200)},
        {
            "method": "PATCH", "url": f"/api/reports/{d}", "model": Report, "pk": d,
            "body": {"summary": "Edited"}, "headers": IF1,
            "expect": _leads_api(200, stakeholder=404),
        },
        {
            "method": "POST", "url": f"/api/reports/{d}/publish", "model": Report, "pk": d,
            "body": {}, "headers": IF1, "expect": _leads_api(200, stakeholder=404),
        },
        {"method": "GET", "url": f"/api/reports/{s}/pdf", "expect": _everyone(200)},
        {"method": "GET", "url": f"/api/reports/{d}/pdf", "expect": _leads_api(200, stakeholder=404, member=200)},
        {"method": "GET", "url": f"/api/projects/{p}/report-schedule", "expect": _manager(200)},
        {
            "method": "PUT", "url": f"/api/projects/{p}/report-schedule", "model": ReportSchedule,
            "body": {"weekday": 3, "time": "09:30", "mode": "send"}, "expect": _manager(200),
        },
        # Pages
        {"method": "GET", "url": f"/projects/{p}/reports/", "expect": _everyone(200, page=True)},
        {
            "method": "POST", "url": f"/projects/{p}/reports/", "model": Report,
            "body": {**PERIOD, "audience": "team"}, "expect": _leads_page(302),
        },
        {"method": "GET", "url": f"/reports/{d}/", "expect": _leads_page(200, stakeholder=404, member=200)},
        {
            "method": "POST", "url": f"/reports/{d}/", "model": Report, "pk": d,
            "body": text, "expect": _leads_page(302, stakeholder=404),
        },
        {
            "method": "POST", "url": f"/reports/{d}/publish/", "model": Report, "pk": d,
            "body": {"version": 1}, "expect": _leads_page(302, stakeholder=404),
        },
        {"method": "GET", "url": f"/reports/{s}/pdf/", "expect": _everyone(200, page=True)},
        {"method": "GET", "url": f"/projects/{p}/reports/schedule/", "expect": _manager(200, page=True)},
        {
            "method": "POST", "url": f"/projects/{p}/reports/schedule/", "model": ReportSchedule,
            "body": {"weekday": 4, "time": "16:00", "audience": "team", "mode": "approve"},
            "expect": _manager(302, page=True),
        },
    ]  # fmt: skip
