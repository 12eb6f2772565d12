"""The search page: results grouped by kind, with project names, links and marked words."""

from __future__ import annotations

import pytest

from tandem.testing.factories_planning import make_task
from tandem.testing.factories_records import make_decision

pytestmark = pytest.mark.django_db


def test_results_are_grouped_by_kind_with_links_and_project_names(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = make_decision(world, title="Roof <b>colour</b>", decision="terracotta tiles")
        task = make_task(world.project, "Order terracotta")
    client.force_login(world.member)
    page = client.get("/search/", {"q": "terracotta"}).content.decode()
    assert page.index('id="results-task"') < page.index('id="results-decision"')
    assert f'href="/decisions/{decision.pk}/"' in page
    assert f'href="/tasks/{task.pk}/"' in page
    assert "Roof &lt;b&gt;colour&lt;/b&gt;" in page
    assert "<mark>terracotta</mark> tiles" in page
    assert "ACME · Acme launch" in page
    assert "2 results" in page


def test_the_kind_filter_and_a_bad_kind(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_decision(world, title="Gravel path", decision="gravel")
        make_task(world.project, "Spread gravel")
    client.force_login(world.member)
    page = client.get("/search/", {"q": "gravel", "kind": "task"}).content.decode()
    assert 'id="results-task"' in page
    assert 'id="results-decision"' not in page
    response = client.get("/search/", {"q": "gravel", "kind": "rocket"})
    assert response.status_code == 200
    assert "Choose one of task" in response.content.decode()


def test_punctuation_alone_says_to_type_a_word(world, client):
    client.force_login(world.member)
    for query in ['"', "(((", "* NEAR"]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200


def test_the_header_has_a_search_box(world, client):
    client.force_login(world.member)
    page = client.get("/my-work/").content.decode()
    assert 'action="/search/"' in page
