from django.template.loader import render_to_string

from tandem.planning.panels import overview_panels
from tandem.testing.factories_planning import make_goal, make_key_result, make_task


def test_stakeholder_gets_milestones_only(world):
    make_task(world.project, "Go live", is_milestone=True)
    make_key_result(make_goal(world.project, "Grow"), baseline=0, target=10, current=5)
    stakeholder = overview_panels(world.stakeholder, world.project)
    member = overview_panels(world.member, world.project)
    assert [p["template"] for p in stakeholder] == ["planning/_overview_milestones.html"]
    assert [m.name for m in stakeholder[0]["milestones"]] == ["Go live"]
    assert member[1]["goals"][0]["percent"] == 50
    html = render_to_string(member[1]["template"], {"panel": member[1], "project": world.project})
    assert "Grow: 50%" in html


def test_outsider_gets_no_panels(world):
    make_task(world.project, "Go live", is_milestone=True)
    assert overview_panels(world.outsider, world.project) == []
