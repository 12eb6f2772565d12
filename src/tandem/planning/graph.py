"""Reachability in the dependency graph, for refusing links that would close a cycle."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping


def find_path(edges: Iterable[tuple[int, int]], *, start: int, goal: int) -> list[int] | None:
    """A path ``[start, ..., goal]`` following the edges (predecessor -> successor), or None.

    Breadth-first, so the path is one of the shortest; ``start == goal`` gives ``[start]``.
    """
    successors: dict[int, list[int]] = defaultdict(list)
    for pred, succ in edges:
        successors[pred].append(succ)
    came_from: dict[int, int | None] = {start: None}
    frontier = [start]
    while frontier:
        following: list[int] = []
        for node in frontier:
            if node == goal:
                path = [node]
                while came_from[path[-1]] is not None:
                    path.append(came_from[path[-1]])  # type: ignore[arg-type]
                return path[::-1]
            for nxt in successors.get(node, []):
                if nxt not in came_from:
                    came_from[nxt] = node
                    following.append(nxt)
        frontier = following
    return None


def format_cycle(cycle: list[int], labels: Mapping[int, str]) -> str:
    """``"1.1 Design -> 1.2 Build -> 1.1 Design"``: the cycle's tasks, closed on the first one."""
    names = [labels.get(node, f"task {node}") for node in cycle]
    return " -> ".join([*names, names[0]])
