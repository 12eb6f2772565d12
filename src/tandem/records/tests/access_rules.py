"""Every records route, with the exact status per relation to the project."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.records.models import Comment, Decision, Document, DocumentVersion, StatusUpdate
from tandem.testing.factories_records import (
    make_comment,
    make_decision,
    make_document,
    make_status_update,
    make_version,
)
from tandem.testing.factories_risks import make_risk
from tandem.testing.roles import project_api, project_page

IF1 = {"If-Match": '"1"'}


def _api(*, stakeholder: int, member: int, leads: int) -> dict[str, int]:
    return project_api(stakeholder=stakeholder, member=member, coordinator=leads, manager=leads)


def _page(*, stakeholder: int, member: int, leads: int) -> dict[str, int]:
    return project_page(stakeholder=stakeholder, member=member, coordinator=leads, manager=leads)


def _file():
    return {"file": SimpleUploadedFile("notes.txt", b"minutes"), "comment": "v2"}


def rules(world):
    p = world.project.pk
    shared = make_document(world, title="Shared plan", visibility="stakeholders")
    team = make_document(world, title="Internal memo")
    sv = make_version(world, shared)
    tv = make_version(world, team)
    decision = make_decision(world)
    published = make_status_update(world, publish=True)
    draft = make_status_update(world, summary="Draft")
    risk = make_risk(world)
    comment = make_comment(world, risk)
    s, t, d, pub, dr, c = shared.pk, team.pk, decision.pk, published.pk, draft.pk, comment.pk
    return [
        # API: documents and versions
        {"method": "GET", "url": f"/api/projects/{p}/documents", "expect": _api(stakeholder=200, member=200, leads=200)},
        {
            "method": "POST", "url": f"/api/projects/{p}/documents", "model": Document,
            "body": {"title": "New"}, "expect": _api(stakeholder=403, member=201, leads=201),
        },
        {"method": "GET", "url": f"/api/documents/{s}", "expect": _api(stakeholder=200, member=200, leads=200)},
        {"method": "GET", "url": f"/api/documents/{t}", "expect": _api(stakeholder=404, member=200, leads=200)},
        {
            "method": "PATCH", "url": f"/api/documents/{s}", "model": Document, "pk": s,
            "body": {"title": "Renamed"}, "headers": IF1,
            "expect": _api(stakeholder=403, member=403, leads=200),
        },
        {
            "method": "DELETE", "url": f"/api/documents/{t}", "model": Document, "pk": t,
            "headers": IF1, "expect": _api(stakeholder=404, member=403, leads=204),
        },
        {"method": "GET", "url": f"/api/documents/{s}/versions", "expect": _api(stakeholder=200, member=200, leads=200)},
        {
            "method": "POST", "url": f"/api/documents/{s}/versions", "model": DocumentVersion,
            "format": "multipart", "body": _file,
            "expect": _api(stakeholder=403, member=201, leads=201),
        },
        {"method": "GET", "url": f"/api/document-versions/{sv.pk}", "expect": _api(stakeholder=200, member=200, leads=200)},
        {"method": "GET", "url": f"/api/document-versions/{tv.pk}/download", "expect": _api(stakeholder=404, member=200, leads=200)},
        {"method": "GET", "url": f"/api/document-versions/{sv.pk}/download", "expect": _api(stakeholder=200, member=200, leads=200)},
        # API: decisions
        {"method": "GET", "url": f"/api/projects/{p}/decisions", "expect": _api(stakeholder=403, member=200, leads=200)},
        {
            "method": "POST", "url": f"/api/projects/{p}/decisions", "model": Decision,
            "body": {"title": "Go"}, "expect": _api(stakeholder=403, member=403, leads=201),
        },
        {"method": "GET", "url": f"/api/decisions/{d}", "expect": _api(stakeholder=404, member=200, leads=200)},
        {
            "method": "PATCH", "url": f"/api/decisions/{d}", "model": Decision, "pk": d,
            "body": {"status": "accepted"}, "headers": IF1,
            "expect": _api(stakeholder=404, member=403, leads=200),
        },
        {
            "method": "DELETE", "url": f"/api/decisions/{d}", "model": Decision, "pk": d,
            "headers": IF1, "expect": _api(stakeholder=404, member=403, leads=204),
        },
        # API: status updates
        {"method": "GET", "url": f"/api/projects/{p}/status-updates", "expect": _api(stakeholder=200, member=200, leads=200)},
        {
            "method": "POST", "url": f"/api/projects/{p}/status-updates", "model": StatusUpdate,
            "body": {"period_start": "2026-03-02", "period_end": "2026-03-13", "summary": "ok"},
            "expect": _api(stakeholder=403, member=403, leads=201),
        },
        {"method": "GET", "url": f"/api/status-updates/{pub}", "expect": _api(stakeholder=200, member=200, leads=200)},
        {"method": "GET", "url": f"/api/status-updates/{dr}", "expect": _api(stakeholder=404, member=200, leads=200)},
        {
            "method": "PATCH", "url": f"/api/status-updates/{pub}", "model": StatusUpdate,
            "pk": pub, "body": {"rag": "red"}, "headers": {"If-Match": '"2"'},
            "expect": _api(stakeholder=403, member=403, leads=200),
        },
        {
            "method": "POST", "url": f"/api/status-updates/{dr}/publish", "model": StatusUpdate,
            "pk": dr, "body": {"version": 1}, "expect": _api(stakeholder=404, member=403, leads=200),
        },
        {
            "method": "DELETE", "url": f"/api/status-updates/{pub}", "model": StatusUpdate,
            "pk": pub, "headers": {"If-Match": '"2"'},
            "expect": _api(stakeholder=403, member=403, leads=204),
        },
        # API: comments (the member wrote the comment on a risk)
        {
            "method": "GET", "url": f"/api/comments?target_type=risks.risk&target_id={risk.pk}",
            "expect": _api(stakeholder=404, member=200, leads=200),
        },
        {
            "method": "POST", "url": "/api/comments", "model": Comment,
            "body": {"target_type": "risks.risk", "target_id": risk.pk, "body": "Agreed"},
            "expect": _api(stakeholder=404, member=201, leads=201),
        },
        {"method": "GET", "url": f"/api/comments/{c}", "expect": _api(stakeholder=404, member=200, leads=200)},
        {
            "method": "PATCH", "url": f"/api/comments/{c}", "model": Comment, "pk": c,
            "body": {"body": "Edited"}, "headers": IF1,
            "expect": _api(stakeholder=404, member=200, leads=403),
        },
        {
            "method": "DELETE", "url": f"/api/comments/{c}", "model": Comment, "pk": c,
            "headers": IF1, "expect": _api(stakeholder=404, member=204, leads=204),
        },
        # API: history
        {"method": "GET", "url": f"/api/projects/{p}/audit", "expect": _api(stakeholder=403, member=200, leads=200)},
        # Pages
        {"method": "GET", "url": f"/projects/{p}/documents/", "expect": _page(stakeholder=200, member=200, leads=200)},
        {
            "method": "POST", "url": f"/projects/{p}/documents/", "model": Document,
            "body": {"title": "From page", "category": "other", "visibility": "team"},
            "expect": _page(stakeholder=403, member=302, leads=302),
        },
        {"method": "GET", "url": f"/documents/{s}/", "expect": _page(stakeholder=200, member=200, leads=200)},
        {
            "method": "POST", "url": f"/documents/{s}/", "model": Document, "pk": s,
            "body": {"version": "1", "title": "Edited", "category": "plan", "visibility": "team"},
            "expect": _page(stakeholder=403, member=403, leads=302),
        },
        {
            "method": "POST", "url": f"/documents/{s}/upload/", "model": DocumentVersion,
            "format": "multipart", "body": _file,
            "expect": _page(stakeholder=403, member=302, leads=302),
        },
        {"method": "GET", "url": f"/document-versions/{sv.pk}/download/", "expect": _page(stakeholder=200, member=200, leads=200)},
        {"method": "GET", "url": f"/projects/{p}/decisions/", "expect": _page(stakeholder=403, member=200, leads=200)},
        {
            "method": "POST", "url": f"/projects/{p}/decisions/", "model": Decision,
            "body": {"title": "From page", "status": "proposed"},
            "expect": _page(stakeholder=403, member=403, leads=302),
        },
        {"method": "GET", "url": f"/decisions/{d}/", "expect": _page(stakeholder=404, member=200, leads=200)},
        {
            "method": "POST", "url": f"/decisions/{d}/", "model": Decision, "pk": d,
            "body": {"version": "1", "title": "Edited", "status": "accepted"},
            "expect": _page(stakeholder=404, member=403, leads=302),
        },
        {"method": "GET", "url": f"/projects/{p}/status/", "expect": _page(stakeholder=200, member=200, leads=200)},
        {
            "method": "POST", "url": f"/projects/{p}/status/", "model": StatusUpdate,
            "body": {"period_start": "2026-03-02", "period_end": "2026-03-13", "rag": "green",
                     "summary": "Fine", "audience": "team"},
            "expect": _page(stakeholder=403, member=403, leads=302),
        },
        {
            "method": "POST", "url": f"/status/{dr}/publish/", "model": StatusUpdate, "pk": dr,
            "body": {"version": "1"}, "expect": _page(stakeholder=404, member=403, leads=302),
        },
        {
            "method": "POST", "url": "/comments/add/", "model": Comment,
            "body": {"target_type": "risks.risk", "target_id": str(risk.pk), "body": "Noted"},
            "expect": _page(stakeholder=404, member=302, leads=302),
        },
        {
            "method": "POST", "url": f"/comments/{c}/edit/", "model": Comment, "pk": c,
            "body": {"version": "1", "body": "Edited"},
            "expect": _page(stakeholder=404, member=302, leads=403),
        },
        {
            "method": "POST", "url": f"/comments/{c}/delete/", "model": Comment, "pk": c,
            "body": {"version": "1"}, "expect": _page(stakeholder=404, member=302, leads=302),
        },
        {"method": "GET", "url": f"/projects/{p}/history/", "expect": _page(stakeholder=403, member=200, leads=200)},
        {
            "method": "GET", "url": f"/projects/{p}/history/risks.risk/{risk.pk}/",
            "expect": _page(stakeholder=403, member=200, leads=200),
        },
    ]  # fmt: skip
