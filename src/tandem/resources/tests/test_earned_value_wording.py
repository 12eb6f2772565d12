"""Why an earned value figure is undefined reaches the reader in their language: the engine says
why with a stable reason, the app words it."""

import pytest
from django.test import Client

from tandem.resources.earned_value_wording import reason_text
from tandem.testing.pseudo_catalog import pseudo_language

pytestmark = pytest.mark.django_db

TEXTS = {
    "%(figure)s undefined: %(reason)s": "[%(figure)s ũñđêƒîñêđ: %(reason)s]",
    "AC is zero: no cost has been recorded, so CPI is undefined": "[ÅÇ îš źêŗø]",
}


def _undefined(world, language):
    client = Client()
    client.force_login(world.member)
    response = client.get(
        f"/api/projects/{world.project.pk}/earned-value?status_date=2026-01-02",
        headers={"accept-language": language},
    )
    assert response.status_code == 200, response.content
    return response.json()["project"]["undefined"]


def test_an_undefined_figure_says_why_in_the_readers_language(world, plan, tmp_path):
    with pseudo_language(tmp_path, TEXTS):
        translated = _undefined(world, "xx")
        english = _undefined(world, "en")

    assert translated["cpi"] == "[CPI ũñđêƒîñêđ: [ÅÇ îš źêŗø]]"
    assert english["cpi"] == (
        "CPI undefined: AC is zero: no cost has been recorded, so CPI is undefined"
    )


def test_an_unknown_reason_keeps_the_engines_english():
    assert reason_text("a reason from a newer engine") == "a reason from a newer engine"
