from django.utils import timezone

from tandem.projects import actions as project_actions
from tandem.projects.models import Project, ProjectMembership, Role
from tandem.testing.factories import make_project
from tandem.testing.roles import expect, project_api, project_page

IF1 = {"If-Match": '"1"'}


def _deleted_project(world):
    """A second project with the same team, deleted (restorable)."""
    old = make_project(world.admin, manager=world.manager, code="OLD", name="Old launch")
    for user, role in [
        (world.coordinator, Role.COORDINATOR),
        (world.member, Role.MEMBER),
        (world.stakeholder, Role.STAKEHOLDER),
    ]:
        project_actions.do_add_member(old, acting_user=world.manager, user=user, role=role)
    Project.objects.filter(pk=old.pk).update(deleted_at=timezone.now(), deleted_by=world.manager)
    return old


def rules(world):
    p = world.project.pk
    old = _deleted_project(world).pk
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
            "method": "POST",
            "url": f"/api/projects/{p}/archive",
            "model": Project,
            "pk": p,
            "headers": IF1,
            "expect": project_api(stakeholder=403, member=403, coordinator=403, manager=200),
        },
        {
            # Not archived: the manager hears so (409), nobody else may ask.
            "method": "POST",
            "url": f"/api/projects/{p}/unarchive",
            "model": Project,
            "pk": p,
            "headers": IF1,
            "expect": project_api(stakeholder=403, member=403, coordinator=403, manager=409),
        },
        {"method": "GET", "url": "/api/projects/deleted", "expect": expect(200, anonymous=401)},
        {
            # Only the deleted project's manager (or an organization admin) finds it at all.
            "method": "POST",
            "url": f"/api/projects/{old}/restore",
            "model": Project,
            "pk": old,
            "headers": IF1,
            "expect": project_api(stakeholder=404, member=404, coordinator=404, manager=200),
        },
        {"method": "GET", "url": "/projects/deleted/", "expect": expect(200, anonymous=302)},
        {
            "method": "POST",
            "url": f"/projects/{old}/restore/",
            "model": Project,
            "pk": old,
            "body": {"version": 1},
            "expect": project_page(stakeholder=404, member=404, coordinator=404, manager=302),
        },
        {
            "method": "POST",
            "url": f"/projects/{p}/archive/",
            "model": Project,
            "pk": p,
            "body": {"version": 1},
            "expect": project_page(stakeholder=403, member=403, coordinator=403, manager=302),
        },
        {
            "method": "POST",
            "url": f"/projects/{p}/unarchive/",
            "model": Project,
            "pk": p,
            "body": {"version": 1},
            "expect": project_page(stakeholder=403, member=403, coordinator=403, manager=409),
        },
        {
            "method": "GET",
            "url": f"/projects/{p}/delete/",
            "expect": project_page(stakeholder=403, member=403, coordinator=403, manager=200),
        },
        {
            "method": "POST",
            "url": f"/projects/{p}/delete/",
            "model": Project,
            "pk": p,
            "body": {"version": 1, "confirm_code": "ACME"},
            "expect": project_page(stakeholder=403, member=403, coordinator=403, manager=302),
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
