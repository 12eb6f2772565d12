from tandem.projects.models import Project, ProjectMembership
from tandem.testing.roles import expect, project_api, project_page

IF1 = {"If-Match": '"1"'}


def rules(world):
    p = world.project.pk
    membership = ProjectMembership.objects.get(project=world.project, user=world.member)
    return [
        {"method": "GET", "url": "/", "expect": expect(200, anonymous=302)},
        {
            "method": "GET",
            "url": "/projects/new/",
            "expect": expect(403, anonymous=302, stranger=200),
        },
        {
            "method": "POST",
            "url": "/projects/new/",
            "model": Project,
            "body": {
                "code": "NEWP",
                "name": "New",
                "start_date": "2026-01-01",
                "target_date": "2026-02-01",
                "time_zone": "UTC",
                "budget": "0",
                "currency": "EUR",
            },
            "expect": expect(403, anonymous=302, stranger=302),
        },
        {
            "method": "GET",
            "url": f"/projects/{p}/",
            "expect": project_page(stakeholder=200, member=200, coordinator=200, manager=200),
        },
        {
            "method": "POST",
            "url": f"/projects/{p}/",
            "model": Project,
            "pk": p,
            "body": {"version": 1, "health": "red", "health_reason": "late", "status": "active"},
            "expect": project_page(stakeholder=403, member=403, coordinator=403, manager=302),
        },
        {"method": "GET", "url": "/api/projects", "expect": expect(200, anonymous=401)},
        {
            "method": "POST",
            "url": "/api/projects",
            "model": Project,
            "body": {
                "code": "NEW",
                "name": "New",
                "start_date": "2026-01-01",
                "target_date": "2026-03-01",
            },
            "expect": expect(403, anonymous=401, stranger=201),
        },
        {
            "method": "GET",
            "url": f"/api/projects/{p}",
            "expect": project_api(stakeholder=200, member=200, coordinator=200, manager=200),
        },
        {
            "method": "PATCH",
            "url": f"/api/projects/{p}",
            "model": Project,
            "pk": p,
            "body": {"name": "Renamed"},
            "headers": IF1,
            "expect": project_api(stakeholder=403, member=403, coordinator=403, manager=200),
        },
        {
            "method": "DELETE",
            "url": f"/api/projects/{p}",
            "model": Project,
            "pk": p,
            "headers": IF1,
            "expect": project_api(stakeholder=403, member=403, coordinator=403, manager=204),
        },
        {
            "method": "GET",
            "url": f"/api/projects/{p}/members",
            "expect": project_api(stakeholder=200, member=200, coordinator=200, manager=200),
        },
        {
            "method": "POST",
            "url": f"/api/projects/{p}/members",
            "model": ProjectMembership,
            "body": {"user_id": world.outsider.pk, "role": "member"},
            "expect": project_api(stakeholder=403, member=403, coordinator=403, manager=201),
        },
        {
            "method": "PATCH",
            "url": f"/api/memberships/{membership.pk}",
            "model": ProjectMembership,
            "pk": membership.pk,
            "body": {"role": "coordinator"},
            "headers": IF1,
            "expect": project_api(stakeholder=403, member=403, coordinator=403, manager=200),
        },
        {
            "method": "DELETE",
            "url": f"/api/memberships/{membership.pk}",
            "model": ProjectMembership,
            "pk": membership.pk,
            "headers": IF1,
            "expect": project_api(stakeholder=403, member=403, coordinator=403, manager=204),
        },
    ]
