"""A risk's review date: set on the form and through the API, shown on the register."""

import datetime as dt

import pytest
from django.test import Client

from tandem.risks.models import Risk
from tandem.testing.factories_risks import make_risk

pytestmark = pytest.mark.django_db


def test_the_manager_sets_a_review_date_on_the_form_and_the_register_shows_it(world):
    risk = make_risk(world)
    client = Client()
    client.force_login(world.manager)
    saved = client.post(
        f"/risks/{risk.pk}/",
        {
            "version": "1", "title": risk.title, "probability": "3", "impact": "4",
            "schedule_impact_days": "0", "cost_impact": "0", "response_strategy": "mitigate",
            "status": "open", "review_on": "2026-03-02",
        },
    )  # fmt: skip
    assert saved.status_code == 302
    assert Risk.objects.get(pk=risk.pk).review_on == dt.date(2026, 3, 2)
    client.force_login(world.member)
    register = client.get(f"/projects/{world.project.pk}/risks/").content.decode()
    assert '<td class="review-on">2 Mar 2026</td>' in register
    detail = client.get(f"/risks/{risk.pk}/").content.decode()
    assert "Review on 2 Mar 2026" in detail


def test_the_api_reads_sets_and_clears_the_review_date(world, api_client):
    manager = api_client.as_user(world.manager)
    created = manager.post(
        f"/api/projects/{world.project.pk}/risks",
        {"title": "Late permit", "probability": 2, "impact": 3, "review_on": "2026-02-02"},
    )
    assert created.status_code == 201
    risk_id = created.json()["id"]
    assert created.json()["review_on"] == "2026-02-02"
    moved = manager.patch(f"/api/risks/{risk_id}", {"review_on": "2026-04-01"}, if_match=1)
    assert moved.json()["review_on"] == "2026-04-01"
    cleared = manager.patch(f"/api/risks/{risk_id}", {"review_on": None}, if_match=2)
    assert cleared.json()["review_on"] is None
    assert Risk.objects.get(pk=risk_id).review_on is None
    wrong = manager.patch(f"/api/risks/{risk_id}", {"review_on": "next week"}, if_match=3)
    assert wrong.status_code == 422
