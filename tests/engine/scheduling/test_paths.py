"""Longest path and multiple float paths."""

from __future__ import annotations

from tandem.engine.scheduling import float_paths, longest_path

from .helpers import DAY, at, fs, project, task


def test_float_paths_in_order_of_float() -> None:
    tasks = [task("A", 3 * DAY), task("B", 2 * DAY), task("C"), task("D"), task("E", 4 * DAY)]
    p = project(tasks, [fs("A", "B"), fs("C", "D")])
    assert float_paths(p) == (("A", "B"), ("E",), ("C", "D"))
    assert float_paths(p, max_paths=2) == (("A", "B"), ("E",))
    assert longest_path(p) == ("A", "B")


def test_non_driving_predecessor_starts_a_later_path() -> None:
    tasks = [task("A", 3 * DAY), task("X"), task("B")]
    p = project(tasks, [fs("A", "B"), fs("X", "B")])
    assert float_paths(p) == (("A", "B"), ("X",))


def test_longest_path_follows_a_constraint_driven_chain() -> None:
    tasks = [task("A"), task("B", constraint="SNET", constraint_date=at(15)), task("C", 3 * DAY)]
    p = project(tasks, [fs("A", "B")])
    # B is held by its constraint, not by A: the longest path is B alone.
    assert longest_path(p) == ("B",)
    assert longest_path(project([])) == ()
