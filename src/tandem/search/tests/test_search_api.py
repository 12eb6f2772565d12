"""GET /api/search: finds by the words of each record, and only what the person may see."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tandem.records import actions as records
from tandem.search.models import SearchEntry
from tandem.testing.factories import make_org, make_project, make_user
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_records import make_decision, make_document, make_status_update
from tandem.testing.factories_risks import make_issue, make_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what actions defer to after the commit (the index follows), as in production."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def _search(api_client, user, query: str, **params):
    return api_client.as_user(user).get("/api/search?" + urlencode({"q": query, **params}))


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_finds_a_decision_by_a_word_in_its_text(world, api_client, committed):
    # Given a decision whose text, not its title, holds the word
    with committed():
        decision = make_decision(
            world, title="Hosting", decision="We run on the Zeppelin cluster from March."
        )
        make_decision(world, title="Unrelated", decision="Nothing to see.")
    # When a member searches for it
    response = _search(api_client, world.member, "zeppelin")
    # Then exactly that decision is found, with its project, its page and the word marked
    body = response.json()
    assert body["count"] == 1
    (hit,) = body["items"]
    assert (hit["kind"], hit["id"], hit["title"]) == ("decision", decision.pk, "Hosting")
    assert (hit["project_code"], hit["project_name"]) == ("ACME", "Acme launch")
    assert hit["url"] == f"/decisions/{decision.pk}/"
    assert "<mark>Zeppelin</mark>" in hit["snippet_html"]


def test_finds_each_kind_and_filters_by_kind(world, api_client, committed):
    with committed():
        make_task(world.project, "Pour the foundation", description="kestrel checks")
        make_risk(world, title="Kestrel nesting on site")
        make_issue(world, title="Crane late", description="Kestrel delays the crane")
        make_decision(world, title="Kestrel plan", decision="wait")
        make_status_update(world, summary="Kestrel season slowed us")
    response = _search(api_client, world.manager, "kestrel")
    kinds = sorted(item["kind"] for item in response.json()["items"])
    assert kinds == ["decision", "issue", "risk", "status", "task"]
    only_risks = _search(api_client, world.manager, "kestrel", kind="risk")
    assert _titles(only_risks) == ["Kestrel nesting on site"]


def test_a_snippet_escapes_markup(world, api_client, committed):
    with committed():
        make_decision(world, title="Markup", decision="<script>x()</script> walrus & <b>tea</b>")
    (hit,) = _search(api_client, world.member, "walrus").json()["items"]
    snippet = hit["snippet_html"]
    # PostgreSQL's headline drops what it reads as tags, SQLite's snippet keeps them as text:
    # either way nothing but the marks is markup.
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    assert "walrus</mark> &amp;" in snippet


def test_hides_a_project_the_person_is_not_in_and_another_organization(
    world, api_client, committed
):
    # Given the same word in the person's project, in another project of the organization,
    # and in a project of another organization
    other_project = make_project(world.admin, manager=world.outsider, code="OTHER", name="Other")
    elsewhere_admin = make_user(make_org("Far away"), "faradmin", is_org_admin=True)
    far_project = make_project(elsewhere_admin, manager=elsewhere_admin, code="FAR", name="Far")
    with committed():
        make_decision(world, title="Mine", decision="platypus")
        records.do_create_decision(
            other_project, acting_user=world.outsider, title="Theirs", decision="platypus"
        )
        records.do_create_decision(
            far_project, acting_user=elsewhere_admin, title="Far", decision="platypus"
        )
    # Then each person finds only their own project's decision
    assert _titles(_search(api_client, world.member, "platypus")) == ["Mine"]
    assert _titles(_search(api_client, world.outsider, "platypus")) == ["Theirs"]
    assert _titles(_search(api_client, elsewhere_admin, "platypus")) == ["Far"]
    assert _titles(_search(api_client, world.stranger, "platypus")) == []
    # and naming a project they are not in is a 404, not an empty list that confirms it
    response = _search(api_client, world.member, "platypus", project=other_project.pk)
    assert response.status_code == 404
    response = _search(api_client, world.member, "platypus", project=world.project.pk)
    assert _titles(response) == ["Mine"]


def test_a_stakeholder_finds_only_what_stakeholders_may_see(world, api_client, committed):
    with committed():
        make_document(world, title="Shared brief", description="narwhal", visibility="stakeholders")
        make_document(world, title="Team notes", description="narwhal")
        make_decision(world, title="Internal", decision="narwhal")
        make_task(world.project, "Narwhal task")
        make_status_update(world, publish=True, summary="narwhal progress", audience="stakeholders")
        make_status_update(world, publish=True, summary="narwhal team", audience="team")
        make_status_update(world, publish=False, summary="narwhal draft", audience="stakeholders")
    found = _search(api_client, world.stakeholder, "narwhal").json()["items"]
    assert sorted((h["kind"], h["title"]) for h in found) == [
        ("document", "Shared brief"),
        ("status", "Status 02 Feb 2026 to 13 Feb 2026"),
    ]
    assert _search(api_client, world.member, "narwhal").json()["count"] == 7


def test_a_deleted_object_disappears(world, api_client, committed):
    with committed():
        decision = make_decision(world, title="Short-lived", decision="axolotl")
    assert _titles(_search(api_client, world.member, "axolotl")) == ["Short-lived"]
    with committed():
        records.do_delete_decision(decision, acting_user=world.coordinator, version=1)
    assert _titles(_search(api_client, world.member, "axolotl")) == []
    assert not SearchEntry.objects.filter(kind="decision", object_id=decision.pk).exists()


def test_a_change_is_found_by_its_new_words(world, api_client, committed):
    with committed():
        decision = make_decision(world, title="Colour", decision="magenta")
        records.do_update_decision(
            decision, acting_user=world.coordinator, version=1, changes={"decision": "turquoise"}
        )
    assert _titles(_search(api_client, world.member, "turquoise")) == ["Colour"]
    assert _titles(_search(api_client, world.member, "magenta")) == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unbalanced phrase',
        "*",
        "wom*",
        "NEAR(a b)",
        "a NEAR b",
        "(((",
        "a) OR (b",
        "AND",
        "OR OR",
        "NOT",
        "-",
        "title:x",
        "^x",
        "'",
        "%",
        "\\",
        "ü",
        "{x}",
        "a" * 200,
    ],
)
def test_query_syntax_characters_never_fail(world, api_client, committed, query):
    with committed():
        make_decision(world, title="Syntax", decision="a b x wombat")
    response = _search(api_client, world.member, query)
    assert response.status_code == 200, response.content


def test_a_quoted_phrase_needs_the_words_together(world, api_client, committed):
    with committed():
        make_decision(world, title="Together", decision="the blue whale swims")
        make_decision(world, title="Apart", decision="a whale, and blue paint")
    assert _titles(_search(api_client, world.member, '"blue whale"')) == ["Together"]
    assert sorted(_titles(_search(api_client, world.member, "blue whale"))) == [
        "Apart",
        "Together",
    ]


def test_bad_parameters_are_a_422_naming_them(world, api_client):
    client = api_client.as_user(world.member)
    response = client.get("/api/search?q=x&kind=spaceship")
    assert response.status_code == 422
    assert "kind" in response.json()["error"]["fields"]
    response = client.get("/api/search?q=" + "x" * 201)
    assert response.status_code == 422
    assert "q" in response.json()["error"]["fields"]
    response = client.get("/api/search")
    assert response.status_code == 422
    assert "q" in response.json()["error"]["fields"]
    response = client.get("/api/search?q=x&limit=0")
    assert response.status_code == 422


def test_results_are_paginated(world, api_client, committed):
    with committed():
        for n in range(5):
            make_decision(world, title=f"Pelican {n}", decision="pelican")
    first = _search(api_client, world.member, "pelican", limit=2).json()
    rest = _search(api_client, world.member, "pelican", limit=10, offset=2).json()
    assert (first["count"], len(first["items"]), len(rest["items"])) == (5, 2, 3)
    titles = {i["title"] for i in first["items"]} | {i["title"] for i in rest["items"]}
    assert len(titles) == 5
