"""Every response carries the Content-Security-Policy; a file download keeps its stricter one."""

import pytest
from django.test import Client

from tandem.core.middleware import CONTENT_SECURITY_POLICY
from tandem.testing.factories_records import make_document, make_version

pytestmark = pytest.mark.django_db


def test_policy_forbids_inline_scripts_and_eval_and_framing():
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["style-src-elem"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["base-uri"] == "'self'"


def test_pages_errors_and_api_answers_carry_the_policy(world):
    client = Client()
    client.force_login(world.manager)
    for url in ["/login/", f"/projects/{world.project.pk}/", "/no-such-page/", "/api/projects"]:
        assert client.get(url)["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url


def test_base_template_turns_htmx_eval_off(world):
    client = Client()
    client.force_login(world.manager)
    page = client.get(f"/projects/{world.project.pk}/").content.decode()
    assert (
        '<meta name="htmx-config" content=\'{"allowEval":false,"includeIndicatorStyles":false}\'>'
        in page
    )


def test_download_keeps_its_own_stricter_policy(world):
    version = make_version(world, make_document(world))
    client = Client()
    client.force_login(world.member)
    response = client.get(f"/document-versions/{version.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
