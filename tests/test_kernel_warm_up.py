"""The leveler's compiled kernels are loaded at server start, in the background."""

from __future__ import annotations

import time

from tandem.core.server import start_kernel_warm_up
from tandem.engine.leveling import compiled


def test_workers_warm_the_leveling_kernels_in_a_background_thread() -> None:
    # When a worker starts, the warm-up runs on a thread of its own and ends
    began = time.perf_counter()
    thread = start_kernel_warm_up()
    returned = time.perf_counter() - began
    thread.join(300)

    assert thread.daemon
    assert not thread.is_alive()
    assert returned < 0.5  # the worker does not wait for it
    # Then the kernels are in the process: using them again costs no compilation
    assert compiled.warm_up() < 0.5
