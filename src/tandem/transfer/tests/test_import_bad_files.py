"""Bad files: a clear message naming the file (and the line or element where there is one), a
422 from the API, and nothing created - no upload kept, no project, no task."""

from __future__ import annotations

import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from tandem.planning.models import Task
from tandem.projects.models import Project
from tandem.transfer.models import PlanImport
from tandem.transfer.tests.import_files import CSV_PLAN, mspdi_plan

pytestmark = pytest.mark.django_db

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&secret;</Name></Project>"""
ENTITY_EXPANSION = b"""<?xml version="1.0"?>
<!DOCTYPE Project [
 <!ENTITY a "aaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&d;</Name></Project>"""


def _refused(world, data: bytes, name: str) -> str:
    client = Client()
    client.force_login(world.admin)
    projects, tasks = Project.objects.count(), Task.objects.count()
    response = client.post("/api/imports", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 422, response.content[:300]
    error = response.json()["error"]
    assert "file" in error["fields"]
    assert (Project.objects.count(), Task.objects.count()) == (projects, tasks)
    assert PlanImport.objects.count() == 0
    return error["message"]


def test_truncated_xml_names_the_file_and_line(world):
    data = mspdi_plan()
    message = _refused(world, data[: len(data) // 2], "house.xml")
    assert message.startswith("house.xml:")
    assert "not well-formed XML" in message
    line = int(message.split(":")[1])
    assert line > 1


def test_an_external_entity_is_refused(world):
    message = _refused(world, EXTERNAL_ENTITY, "evil.xml")
    assert message.startswith("evil.xml")
    assert "refused XML construct" in message
    assert "root:" not in message


def test_nested_entity_expansion_is_refused(world):
    message = _refused(world, ENTITY_EXPANSION, "laughs.xml")
    assert message.startswith("laughs.xml")
    assert "refused XML construct" in message


def test_a_file_named_mpp_that_is_not_one(world):
    message = _refused(world, b"just some text, not a project", "plan.mpp")
    assert message.startswith("plan.mpp: not an MS Project .mpp file")
    assert "save the plan as XML" in message


def test_a_csv_with_an_unknown_predecessor_names_the_line(world):
    data = CSV_PLAN.replace(b"2FS+1d", b"9FS")
    message = _refused(world, data, "launch.csv")
    assert message == "launch.csv:4: predecessor 9 is not the ID of a row"


def test_a_cycle_names_its_tasks(world):
    data = b"ID,Name,Duration,Predecessors\n1,Dig,2d,3\n2,Pour,1d,1\n3,Cure,4d,2\n"
    message = _refused(world, data, "loop.csv")
    assert message.startswith("loop.csv: the links form a cycle: ")
    for task in ("Dig (1)", "Pour (2)", "Cure (3)"):
        assert task in message


def test_ten_megabytes_of_garbage(world):
    data = b"\x01" + random.Random(7).randbytes(10 * 1024 * 1024)
    message = _refused(world, data, "plan.xml")
    assert message.startswith("plan.xml:1: not a plan file Tandem reads")


@override_settings(TANDEM_IMPORT_MAX_BYTES=4096)
def test_a_file_over_the_size_limit_is_refused_before_parsing(world):
    message = _refused(world, b"<" * 5000, "big.xml")
    assert "the most Tandem imports is" in message


@override_settings(TANDEM_IMPORT_MAX_TASKS=3)
def test_a_file_over_the_task_limit_is_refused_before_parsing(world):
    message = _refused(world, mspdi_plan(), "house.xml")
    assert message.startswith("house.xml: the file holds about")
