"""The scheduling benchmark runs end to end on small sizes (timings are not asserted)."""

from __future__ import annotations

import pytest

from tandem.bench.schedule import layered_project, main


def test_benchmark_runs_on_small_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "--sizes",
                "300",
                "--repeat",
                "1",
                "--incremental-size",
                "400",
                "--general-size",
                "300",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "full schedule" in out
    assert "general path" in out
    assert "critical duration" in out


def test_layered_network_has_about_three_links_per_task() -> None:
    project = layered_project(2000, seed=1)
    assert len(project.tasks) == 2000
    assert 2.5 * 2000 < len(project.links) < 3 * 2000
