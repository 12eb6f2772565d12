"""Every route of My work, the board, saved views and bulk edit, with the exact status per
relation to the project."""

from tandem.testing.roles import expect


def rules(world):
    return [
        # My work: everybody signed in has one (stakeholders and strangers an empty one).
        {"method": "GET", "url": "/my-work/", "expect": expect(200, anonymous=302)},
    ]
