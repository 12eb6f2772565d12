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


def leaf_edges(
    edges: Iterable[tuple[int, int]], parent_of: Mapping[int, int | None]
) -> list[tuple[int, int]]:
    """The links as the scheduler applies them: a link into or out of a summary task stands for
    links into or out of each of its leaf tasks."""
    children: dict[int, list[int]] = defaultdict(list)
    for task, parent in parent_of.items():
        if parent is not None:
            children[parent].append(task)
    cache: dict[int, list[int]] = {}

    def leaves(node: int) -> list[int]:
        if node not in cache:
            found: list[int] = []
            stack = [node]
            while stack:
                current = stack.pop()
                below = children.get(current)
                if below:
                    stack.extend(below)
                else:
                    found.append(current)
            cache[node] = sorted(found)
        return cache[node]

    return [(a, b) for pred, succ in edges for a in leaves(pred) for b in leaves(succ)]


def find_cycle(edges: Iterable[tuple[int, int]]) -> list[int] | None:
    """One cycle of the directed graph, as its nodes in order (``[a, b, c]`` for a->b->c->a)."""
    successors: dict[int, list[int]] = defaultdict(list)
    nodes: set[int] = set()
    for pred, succ in edges:
        successors[pred].append(succ)
        nodes.update((pred, succ))
    state: dict[int, int] = {}  # 1 = on the current path, 2 = done
    for root in sorted(nodes):
        if root in state:
            continue
        path: list[int] = [root]
        iters = [iter(successors.get(root, []))]
        state[root] = 1
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iters.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt) :]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                iters.append(iter(successors.get(nxt, [])))
    return None
