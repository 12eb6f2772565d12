from tandem.comms.actions import notify
from tandem.comms.models import Notification
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
        {
            "method": "POST",
            "url": "/notifications/read-all/",
            "model": Notification,
            "pk": note.pk,
            "expect": expect(302),
        },
    ]
