from tandem.comms.actions import notify
from tandem.comms.models import EmailPreference, Notification
from tandem.testing.roles import expect


def rules(world):
    (note,) = notify([world.member], project=world.project, kind="test", subject="Hello")
    return [
        {"method": "GET", "url": "/api/notifications", "expect": expect(200, anonymous=401)},
        {
            "method": "POST",
            "url": f"/api/notifications/{note.pk}/read",
            "model": Notification,
            "pk": note.pk,
            "expect": expect(404, anonymous=401, member=200),
        },
        {
            "method": "POST",
            "url": "/api/notifications/read-all",
            "model": Notification,
            "pk": note.pk,
            "expect": expect(200, anonymous=401),
        },
        {"method": "GET", "url": "/notifications/", "expect": expect(200, anonymous=302)},
        # One's own email preference: every signed-in person reads and changes only theirs.
        {"method": "GET", "url": "/api/me/email-preferences", "expect": expect(200, anonymous=401)},
        {
            "method": "PATCH",
            "url": "/api/me/email-preferences",
            "model": EmailPreference,
            "body": {"alert_emails": "digest", "digest_hour": 7},
            "headers": {"If-Match": '"1"'},
            "expect": expect(200, anonymous=401),
        },
        {"method": "GET", "url": "/me/email-preferences/", "expect": expect(200, anonymous=302)},
        {
            "method": "POST",
            "url": "/me/email-preferences/",
            "model": EmailPreference,
            "body": {"version": "1", "alert_emails": "digest", "digest_hour": "7"},
            "expect": expect(302),
        },
        {
            "method": "POST",
            "url": "/notifications/read-all/",
            "model": Notification,
            "pk": note.pk,
            "expect": expect(302),
        },
    ]
