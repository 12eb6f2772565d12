from tandem.accounts import actions
from tandem.accounts.models import Department, Organization, PersonalAccessToken, Team, User
from tandem.testing.roles import expect

IF1 = {"If-Match": '"1"'}


def rules(world):
    dept = actions.do_create_department(acting_user=world.admin, name="Engineering")
    team = actions.do_create_team(acting_user=world.admin, name="Web", department=dept)
    token, _ = actions.do_create_token(acting_user=world.manager, name="cli")
    member = world.member.pk
    in_org_403 = {"anonymous": 401, "stranger": 404}
    return [
        {"method": "GET", "url": "/login/", "expect": expect(302, anonymous=200)},
        # The first-run page exists only while there is no organization at all.
        {"method": "GET", "url": "/setup/", "expect": expect(404)},
        {
            "method": "POST",
            "url": "/setup/",
            "model": Organization,
            "body": {
                "organization": "Second",
                "username": "intruder",
                "email": "intruder@example.org",
                "password1": "a-long-Passphrase-7",
                "password2": "a-long-Passphrase-7",
            },
            "expect": expect(404),
        },
        {"method": "POST", "url": "/logout/", "model": None, "expect": expect(302)},
        *password_rules(world),
        *profile_rules(world),
        *people_admin_rules(world),
        {"method": "GET", "url": "/api/me", "expect": expect(200, anonymous=401)},
        {"method": "GET", "url": "/api/people", "expect": expect(200, anonymous=401)},
        {
            "method": "POST",
            "url": "/api/people",
            "model": User,
            "body": {"username": "newperson", "password": "a-long-Passphrase-7"},
            # the stranger is an admin of another organization and creates people there
            "expect": expect(403, anonymous=401, stranger=201),
        },
        {
            "method": "GET",
            "url": f"/api/people/{member}",
            "expect": expect(200, anonymous=401, stranger=404),
        },
        {
            "method": "PATCH",
            "url": f"/api/people/{member}",
            "model": User,
            "pk": member,
            "body": {"job_title": "Lead"},
            "headers": IF1,
            "expect": expect(403, member=200, **in_org_403),
        },
        {"method": "GET", "url": "/api/departments", "expect": expect(200, anonymous=401)},
        {
            "method": "POST",
            "url": "/api/departments",
            "model": Department,
            "body": {"name": "Ops"},
            "expect": expect(403, anonymous=401, stranger=201),
        },
        {
            "method": "PATCH",
            "url": f"/api/departments/{dept.pk}",
            "model": Department,
            "pk": dept.pk,
            "body": {"name": "Eng"},
            "headers": IF1,
            "expect": expect(403, **in_org_403),
        },
        {
            "method": "DELETE",
            "url": f"/api/departments/{dept.pk}",
            "model": Department,
            "pk": dept.pk,
            "headers": IF1,
            "expect": expect(403, **in_org_403),
        },
        {"method": "GET", "url": "/api/teams", "expect": expect(200, anonymous=401)},
        {
            "method": "POST",
            "url": "/api/teams",
            "model": Team,
            "body": {"name": "Data"},
            "expect": expect(403, anonymous=401, stranger=201),
        },
        {
            "method": "GET",
            "url": f"/api/teams/{team.pk}",
            "expect": expect(200, anonymous=401, stranger=404),
        },
        {
            "method": "PATCH",
            "url": f"/api/teams/{team.pk}",
            "model": Team,
            "pk": team.pk,
            "body": {"name": "Frontend"},
            "headers": IF1,
            "expect": expect(403, **in_org_403),
        },
        {
            "method": "DELETE",
            "url": f"/api/teams/{team.pk}",
            "model": Team,
            "pk": team.pk,
            "headers": IF1,
            "expect": expect(403, **in_org_403),
        },
        {"method": "GET", "url": "/api/tokens", "expect": expect(200, anonymous=401)},
        {
            "method": "POST",
            "url": "/api/tokens",
            "model": PersonalAccessToken,
            "body": {"name": "x"},
            "expect": expect(201, anonymous=401),
        },
        {
            "method": "DELETE",
            "url": f"/api/tokens/{token.pk}",
            "model": PersonalAccessToken,
            "pk": token.pk,
            "expect": expect(404, anonymous=401, manager=204),
        },
    ]


def password_rules(world):
    """Changing one's own password needs a session; resetting it is open to anyone."""
    member = world.member.pk
    wrong = {
        "old_password": "not-it",
        "new_password1": "x-Y-z-12345",
        "new_password2": "x-Y-z-12345",
    }
    return [
        {"method": "GET", "url": "/password/change/", "expect": expect(200, anonymous=302)},
        {
            "method": "POST",
            "url": "/password/change/",
            "model": User,
            "pk": member,
            "body": wrong,
            "expect": expect(422, anonymous=302),
        },
        {"method": "GET", "url": "/password/change/done/", "expect": expect(200, anonymous=302)},
        {"method": "GET", "url": "/password/reset/", "expect": expect(200)},
        {
            "method": "POST",
            "url": "/password/reset/",
            "model": User,
            "body": {"email": "nobody@example.org"},
            "expect": expect(302),
        },
        {"method": "GET", "url": "/password/reset/sent/", "expect": expect(200)},
        {"method": "GET", "url": "/password/reset/done/", "expect": expect(200)},
        {"method": "GET", "url": f"/password/reset/{member}/forged/", "expect": expect(200)},
        {
            "method": "POST",
            "url": f"/password/reset/{member}/forged/",
            "model": User,
            "pk": member,
            "body": {"new_password1": "x-Y-z-12345", "new_password2": "x-Y-z-12345"},
            "expect": expect(200),
        },
    ]


def profile_rules(world):
    """Everyone signed in has a profile of their own; the anonymous visitor is sent to sign in."""
    token, _ = actions.do_create_token(acting_user=world.member, name="laptop")
    return [
        {"method": "GET", "url": "/me/profile/", "expect": expect(200, anonymous=302)},
        {
            "method": "POST",
            "url": "/me/profile/",
            "model": User,
            "body": {"version": "1", "time_zone": "Europe/Paris", "job_title": "Planner"},
            "expect": expect(302),
        },
        {
            "method": "POST",
            "url": "/me/tokens/",
            "model": PersonalAccessToken,
            "body": {"name": "script", "days": "30", "scope": "read"},
            "expect": expect(200, anonymous=302),
        },
        {
            "method": "POST",
            "url": f"/me/tokens/{token.pk}/revoke/",
            "model": PersonalAccessToken,
            "pk": token.pk,
            "expect": expect(404, anonymous=302, member=302),
        },
    ]


def people_admin_rules(world):
    """The people pages are the organization admin's: in the matrix only the stranger is an
    admin, of another organization, where they invite people; this organization's people stay
    out of their sight (404)."""
    member = world.member.pk
    not_admin = expect(403, anonymous=302, stranger=404)
    person_write = {"model": User, "pk": member, "body": {"version": "1"}, "expect": not_admin}
    return [
        {"method": "GET", "url": "/organization/people/", "expect": expect(403, anonymous=302,
                                                                           stranger=200)},
        {
            "method": "POST", "url": "/organization/people/", "model": User,
            "body": {"email": "new.person@example.org"},
            "expect": expect(403, anonymous=302, stranger=302),
        },
        {"method": "GET", "url": f"/organization/people/{member}/", "expect": not_admin},
        {"method": "POST", "url": f"/organization/people/{member}/", **person_write,
         "body": {"version": "1", "is_org_admin": "on"}},
        {"method": "POST", "url": f"/organization/people/{member}/deactivate/", **person_write},
        {"method": "POST", "url": f"/organization/people/{member}/reactivate/", **person_write},
        {"method": "POST", "url": f"/organization/people/{member}/invite-again/", **person_write},
    ]  # fmt: skip
