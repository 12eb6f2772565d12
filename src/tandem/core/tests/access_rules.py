from tandem.testing.roles import expect


def rules(world):
    return [
        # The API root only points to the docs when DEBUG is on.
        {"method": "GET", "url": "/api/", "expect": expect(404)},
        {"method": "GET", "url": "/api/openapi.json", "expect": expect(200)},
        {"method": "GET", "url": "/api/docs", "expect": expect(200)},
        # The texts of the static scripts, for every reader.
        {"method": "GET", "url": "/jsi18n/", "expect": expect(200)},
    ]
