"""Search: everybody signed in may search; what they find is narrowed by each record's policy
(tested in test_search_api.py). A project the person is not in is a 404."""

from tandem.testing.roles import expect, project_api, project_page


def rules(world):
    p = world.project.pk
    return [
        {"method": "GET", "url": "/api/search?q=plan", "expect": expect(200, anonymous=401)},
        {
            "method": "GET", "url": f"/api/search?q=plan&project={p}",
            "expect": project_api(stakeholder=200, member=200, coordinator=200, manager=200),
        },
        {"method": "GET", "url": "/search/?q=plan", "expect": expect(200, anonymous=302)},
        {
            "method": "GET", "url": f"/search/?q=plan&project={p}",
            "expect": project_page(stakeholder=200, member=200, coordinator=200, manager=200),
        },
    ]  # fmt: skip
