"""Charts for the whole application: drawn on the server as SVG with matplotlib.

One way to draw every chart, chosen because the same code serves three places: a page (the SVG is
inlined, so it needs no script, no build step and nothing the content security policy forbids), a
PDF or an email report (the same figure saved as SVG or PNG, no browser involved), and tests (the
figure's data is plain Python). Every chart travels with its table (:class:`ChartTable`): pages
show it under the picture as the accessible alternative, exports write it as CSV.

Build a figure with :func:`new_figure`, draw on its axes with matplotlib's object API (never
``pyplot``: it keeps global state, unsafe in a threaded server), then :func:`render` it. Text in
the figure is never read as mathematics (``$`` in a task name stays a dollar sign).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import matplotlib

matplotlib.use("svg")

from cycler import cycler  # noqa: E402  (after choosing the backend)
from django.utils.safestring import mark_safe  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

# The application's palette (tandem.css): ink, muted, line, accent, green, amber, red.
INK = "#1d2430"
MUTED = "#5b6576"
GRID = "#d9dee7"
ACCENT = "#2957c4"
GREEN = "#1f8a4c"
AMBER = "#b7791f"
RED = "#c53030"
# Series colours in order: distinct for the colour-blind (Okabe-Ito, without yellow on white).
SERIES = ("#2957c4", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#5b6576", "#000000")

HOUSE_STYLE: dict[str, Any] = {
    "text.parse_math": False,
    "svg.fonttype": "none",  # text stays text: selectable, searchable, small
    "svg.hashsalt": "tandem",  # the same figure gives the same SVG
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "axes.titlesize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": GRID,
    "grid.linewidth": 0.6,
    "axes.prop_cycle": cycler(color=list(SERIES)),
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "legend.frameon": False,
    "legend.fontsize": 9,
}


@dataclass(frozen=True)
class ChartTable:
    """The chart's data as a table: ``rows`` hold display strings, one per column."""

    columns: Sequence[str]
    rows: Sequence[Sequence[str]]
    caption: str = ""


@dataclass(frozen=True)
class Chart:
    """A drawn chart: ``svg`` is markup safe to inline (made by matplotlib from our own data;
    text is escaped by its writer), ``description`` one sentence for screen readers."""

    title: str
    svg: str
    table: ChartTable
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # The drawn figure, for documents that embed the chart as PNG (see :func:`png_bytes`).
    figure: Figure | None = field(default=None, repr=False, compare=False)


@contextmanager
def house_style() -> Iterator[None]:
    """Matplotlib settings of every Tandem chart, for drawing code that builds its own figure."""
    with matplotlib.rc_context(HOUSE_STYLE):  # type: ignore[arg-type]  # keys are literal names
        yield


def new_figure(width: float = 8.0, height: float = 3.2) -> tuple[Figure, Axes]:
    """A figure of ``width`` x ``height`` inches (rendered responsive) and its one axes."""
    with house_style():
        figure = Figure(figsize=(width, height), layout="constrained")
        axes = figure.add_subplot()
    return figure, axes


_SIZE = re.compile(r'(<svg[^>]*?)\s(width|height)="[^"]*"')
# Matplotlib writes a <style> element (round line joins); the pages' CSP refuses <style>
# elements (style-src-elem 'self'), so the same default goes on the root as an inherited
# presentation attribute instead.
_STYLE_ELEMENT = re.compile(r"\s*<style[^>]*>.*?</style>", re.DOTALL)


def svg_markup(figure: Figure, *, title: str, description: str = "") -> str:
    """The figure as inline SVG that scales to its container, labelled for assistive technology."""
    buffer = io.StringIO()
    with house_style():
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    while _SIZE.search(svg):
        svg = _SIZE.sub(r"\1", svg, count=1)
    svg = _STYLE_ELEMENT.sub("", svg)
    label = _escape(title + (f": {description}" if description else ""))
    return svg.replace(
        "<svg",
        f'<svg role="img" aria-label="{label}" class="chart-svg" width="100%" '
        'stroke-linejoin="round"',
        1,
    )


def png_bytes(figure: Figure, *, dpi: int = 110) -> bytes:
    """The figure as PNG, for email and documents that cannot show SVG."""
    buffer = io.BytesIO()
    with house_style():
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def render(
    figure: Figure, *, title: str, table: ChartTable, description: str = "", **extra: Any
) -> Chart:
    """A :class:`Chart` from a drawn figure and the table of its data."""
    # The one place Tandem marks markup safe by hand: matplotlib's SVG writer escapes every text
    # it draws (labels, legends, tick names; see test_charts), and the label is escaped above.
    return Chart(
        title=title,
        svg=mark_safe(svg_markup(figure, title=title, description=description)),  # noqa: S308
        table=table,
        description=description,
        extra=extra,
        figure=figure,
    )


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
