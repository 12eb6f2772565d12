"""Incompatibility graph and clique cover behind the CP-SAT no-overlap constraints."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from tandem.engine.leveling import (
    LevelingActivity,
    LevelingLinkType,
    LevelingPrecedence,
    LevelingProblem,
    LevelingResource,
)
from tandem.engine.leveling.cpsat import build_model
from tandem.engine.leveling.network import compile_problem
from tandem.engine.leveling.redundant import clique_cover, incompatible_pairs, longest_distances

A = LevelingActivity
L = LevelingPrecedence


def test_pairs_come_from_overloads_and_from_links_that_separate():
    problem = LevelingProblem(
        activities=(
            A("a", 2, {"r": 3}),
            A("b", 2, {"r": 2}),
            A("c", 2, {"r": 1}),
            A("d", 3, {"r": 1}),
            A("e", 3, {"r": 1}),
            A("m", 0),
        ),
        resources=(LevelingResource("r", 4),),
        precedences=(L("c", "d"), L("d", "e", lag=-3, type=LevelingLinkType.FS), L("a", "m")),
    )
    cp = compile_problem(problem)
    idx = {name: cp.ids.index(name) for name in "abcdem"}
    adj = incompatible_pairs(cp, [4])
    names = {frozenset((cp.ids[i], cp.ids[j])) for i in range(cp.n) for j in adj[i]}
    # a+b = 5 > 4; c finishes before d starts and so before e (which may start with d, lead
    # of 3, so d and e are not separated).
    assert names == {frozenset("ab"), frozenset("cd"), frozenset("ce")}
    assert not adj[idx["m"]]
    assert longest_distances(cp)[idx["c"]][idx["e"]] == 2


@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=30))
def test_clique_cover_covers_every_edge_with_true_cliques(edges):
    adj: list[set[int]] = [set() for _ in range(8)]
    for a, b in edges:
        if a != b:
            adj[a].add(b)
            adj[b].add(a)
    cliques = clique_cover(adj)
    covered = set()
    for clique in cliques:
        assert len(clique) == len(set(clique)) >= 2
        for a, b in itertools.combinations(clique, 2):
            assert b in adj[a]
            covered.add(frozenset((a, b)))
    assert covered == {frozenset((a, b)) for a in range(8) for b in adj[a]}


def test_the_model_carries_the_cliques_only_when_asked():
    problem = LevelingProblem(
        activities=(A("a", 2, {"r": 3}), A("b", 2, {"r": 2}), A("c", 1, {"r": 3})),
        resources=(LevelingResource("r", 4),),
        precedences=(),
    )
    cp = compile_problem(problem)

    def count(model, kind: str) -> int:
        return sum(getattr(c, f"has_{kind}")() for c in model.proto.constraints)

    with_cliques, _, _ = build_model(cp, 5, 2)
    lean, _, _ = build_model(cp, 5, 2, cliques=False)
    # a, b and c pairwise overload r: one no-overlap over the three.
    assert count(with_cliques, "no_overlap") == 1
    assert count(lean, "no_overlap") == 0
    assert count(lean, "cumulative") == count(with_cliques, "cumulative") == 1
