"""The writer puts elements in the order MS Project itself writes them (MSPDI is a sequence
schema: MS Project rejects files whose elements are out of order)."""

from itertools import combinations

import pytest

from tandem.engine.formats import load_mspdi, load_project_file, write_mspdi
from tandem.engine.formats.xmltree import parse_xml
from tandem.engine.scheduling import schedule_project

pytestmark = pytest.mark.benchdata


def _orders(root):
    """(parent path, earlier tag, later tag) for every pair of distinct sibling tags, and
    (parent path, tag, tag) for every tag."""
    pairs = set()
    stack = [(root, "Project")]
    while stack:
        element, path = stack.pop()
        seen = []
        for child in element:
            if child.tag not in seen:
                seen.append(child.tag)
                pairs.add((path, child.tag, child.tag))
            stack.append((child, f"{path.split('/')[-1]}/{child.tag}"))
        pairs.update((path, a, b) for a, b in combinations(seen, 2))
    return pairs


def test_written_files_keep_ms_projects_element_order(benchdata):
    reference = set()
    for path in sorted((benchdata / "mspdi").rglob("*.xml")):
        reference |= _orders(parse_xml(path.read_bytes(), str(path)))
    written = set()
    for name in (
        "legacy/sample.xml",
        "mspdirelations.xml",
        "generated/calendar-recurring-exceptions/calendar-recurring-exceptions-project2016-mspdi.xml",
        "generated/task-baselines/task-baselines-project2013-mspdi.xml",
        "generated/assignment-assignments/assignment-assignments-project2003-mspdi.xml",
    ):
        project = load_mspdi(benchdata / "mspdi" / name).project
        data = write_mspdi(project, schedule_project(project))
        written |= _orders(parse_xml(data, name))
    # A P6 project: activity ids are not UIDs, so they travel in a custom field.
    project = load_project_file(benchdata / "p6/aspose/MultiprojectWithExternal.xer").project
    written |= _orders(parse_xml(write_mspdi(project, schedule_project(project)), "p6"))
    reversed_pairs = sorted(
        (path, a, b)
        for path, a, b in written
        if (path, b, a) in reference and (path, a, b) not in reference
    )
    assert reversed_pairs == []
    unknown = sorted(
        (path, a) for path, a, b in written if a == b and (path, a, a) not in reference
    )
    # No reference file has a status date; the schema puts it after AutoAddNewResourcesAndTasks.
    assert unknown == [("Project", "StatusDate")]
    assert len(written) > 300
