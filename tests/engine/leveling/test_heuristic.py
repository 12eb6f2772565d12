import random
from pathlib import Path

import pytest

from tandem.engine.formats.psplib import read_psplib
from tandem.engine.leveling import heuristic
from tandem.engine.leveling.network import compile_problem


def _changed_span(before: list[int], after: list[int]) -> int:
    """Positions between the longest common prefix and the longest common suffix."""
    n = len(before)
    head = next((p for p in range(n) if before[p] != after[p]), n)
    tail = next((p for p in range(n - head) if before[n - 1 - p] != after[n - 1 - p]), n - head)
    return n - head - tail


@pytest.mark.benchdata
def test_local_search_redraws_one_window_of_the_best_list(benchdata: Path):
    rng = random.Random(3)
    paths = sorted((benchdata / "psplib").glob("j*/*.sm"))
    changed = 0
    for path in rng.sample(paths, 12):
        cp = compile_problem(read_psplib(path).problem)
        run = heuristic._Search(cp, "serial", seed=1)
        run.consider(run.decode(list(cp.topo_order)), "topological")
        best = run.just.order_by_start(run.best)
        width = max(2, int(heuristic.REDRAW_SHARE * cp.n))
        for _ in range(5):
            order = run.reshuffled_window(rng)
            assert sorted(order) == list(range(cp.n)), path.name
            position = {j: p for p, j in enumerate(order)}
            assert all(position[i] < position[j] for j in order for i, _ in cp.preds[j])
            # Only a window moves: the lists agree outside a span of at most two window widths.
            assert _changed_span(best, order) <= 2 * width, path.name
            changed += order != best
    assert changed > 40
