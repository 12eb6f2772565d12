"""Every webhooks and portfolio route, with the exact status per relation to the project.

A project's hooks are its manager's (and organization admins'); the organization's hooks are
its admins'. ``stranger`` is an admin of another organization: they configure their own
organization's hooks and see nothing of this one.
"""

from tandem.integrations import actions
from tandem.integrations.models import Webhook
from tandem.testing.roles import expect, project_api, project_page

IF1 = {"If-Match": '"1"'}
URL = "https://hooks.example.com/in"
BODY = {"name": "Chat", "url": URL, "events": ["task", "alert"]}
FORM = {"name": "Chat", "url": URL, "events": ["task", "alert"]}


def _manager_only_api(ok):
    return project_api(stakeholder=403, member=403, coordinator=403, manager=ok)


def _manager_only_page(ok):
    return project_page(stakeholder=403, member=403, coordinator=403, manager=ok)


def rules(world):
    p = world.project.pk
    hook, _ = actions.do_create_webhook(
        organization_id=world.org.pk, project=world.project, name="Build bot", url=URL,
        events=["task"], acting_user=world.manager,
    )  # fmt: skip
    org_hook, _ = actions.do_create_webhook(
        organization_id=world.org.pk, project=None, name="Org feed", url=URL,
        events=["alert"], acting_user=world.admin,
    )  # fmt: skip
    h, o = hook.pk, org_hook.pk
    in_org_403 = expect(403, anonymous=401, stranger=404)
    return [
        # API: lists and creation
        {"method": "GET", "url": "/api/webhooks", "expect": expect(200, anonymous=401)},
        {
            "method": "POST",
            "url": "/api/webhooks",
            "model": Webhook,
            "body": BODY,
            "expect": expect(403, anonymous=401, stranger=201),
        },
        {
            "method": "GET",
            "url": f"/api/projects/{p}/webhooks",
            "expect": _manager_only_api(200),
        },
        {
            "method": "POST",
            "url": f"/api/projects/{p}/webhooks",
            "model": Webhook,
            "body": BODY,
            "expect": _manager_only_api(201),
        },
        # API: one hook
        {"method": "GET", "url": f"/api/webhooks/{h}", "expect": _manager_only_api(200)},
        {"method": "GET", "url": f"/api/webhooks/{o}", "expect": in_org_403},
        {
            "method": "PATCH",
            "url": f"/api/webhooks/{h}",
            "model": Webhook,
            "pk": h,
            "headers": IF1,
            "body": {"active": False},
            "expect": _manager_only_api(200),
        },
        {
            "method": "PATCH",
            "url": f"/api/webhooks/{o}",
            "model": Webhook,
            "pk": o,
            "headers": IF1,
            "body": {"active": False},
            "expect": in_org_403,
        },
        {
            "method": "POST",
            "url": f"/api/webhooks/{h}/rotate-secret",
            "model": Webhook,
            "pk": h,
            "headers": IF1,
            "body": {},
            "expect": _manager_only_api(200),
        },
        {
            "method": "POST",
            "url": f"/api/webhooks/{h}/test",
            "model": Webhook,
            "pk": h,
            "body": {},
            "expect": _manager_only_api(202),
        },
        {
            "method": "GET",
            "url": f"/api/webhooks/{h}/deliveries",
            "expect": _manager_only_api(200),
        },
        {
            "method": "DELETE",
            "url": f"/api/webhooks/{h}",
            "model": Webhook,
            "pk": h,
            "headers": IF1,
            "expect": _manager_only_api(204),
        },
        # API: portfolio (each sees their own projects)
        {"method": "GET", "url": "/api/portfolio", "expect": expect(200, anonymous=401)},
        # Pages
        {"method": "GET", "url": "/webhooks/", "expect": expect(200, anonymous=302)},
        {
            "method": "POST",
            "url": "/webhooks/",
            "model": Webhook,
            "body": FORM,
            "expect": expect(403, anonymous=302, stranger=201),
        },
        {
            "method": "GET",
            "url": f"/projects/{p}/webhooks/",
            "expect": _manager_only_page(200),
        },
        {
            "method": "POST",
            "url": f"/projects/{p}/webhooks/",
            "model": Webhook,
            "body": FORM,
            "expect": _manager_only_page(201),
        },
        {"method": "GET", "url": f"/webhooks/{h}/", "expect": _manager_only_page(200)},
        {
            "method": "POST",
            "url": f"/webhooks/{h}/",
            "model": Webhook,
            "pk": h,
            "body": {**FORM, "version": "1"},
            "expect": _manager_only_page(302),
        },
        {
            "method": "POST",
            "url": f"/webhooks/{h}/pause/",
            "model": Webhook,
            "pk": h,
            "body": {"version": "1"},
            "expect": _manager_only_page(302),
        },
        {
            "method": "POST",
            "url": f"/webhooks/{h}/rotate/",
            "model": Webhook,
            "pk": h,
            "body": {"version": "1"},
            "expect": _manager_only_page(200),
        },
        {
            "method": "POST",
            "url": f"/webhooks/{h}/test/",
            "model": Webhook,
            "pk": h,
            "body": {},
            "expect": _manager_only_page(302),
        },
        {
            "method": "POST",
            "url": f"/webhooks/{h}/delete/",
            "model": Webhook,
            "pk": h,
            "body": {"version": "1"},
            "expect": _manager_only_page(302),
        },
        {"method": "GET", "url": "/portfolio/", "expect": expect(200, anonymous=302)},
    ]
