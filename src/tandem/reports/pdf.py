"""A status report as a PDF: fpdf2 (pure Python, nothing to install on the system), the charts
embedded as PNG (``tandem.core.charts.png_bytes``) and text in DejaVu Sans, the font matplotlib
ships, so every name prints whatever its script."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import matplotlib
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from tandem.core.charts import Chart, png_bytes

FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
WIDTH = 180.0  # mm between the margins of an A4 page


def _document(title: str) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("Tandem")
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    return pdf


def _heading(pdf: FPDF, text: str, size: float = 13) -> None:
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(WIDTH, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _paragraph(pdf: FPDF, text: str) -> None:
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(WIDTH, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _table(pdf: FPDF, columns: list[str], rows: list[list[str]]) -> None:
    pdf.set_font(FONT, "", 9)
    with pdf.table(width=WIDTH, line_height=5, first_row_as_headings=True) as table:
        table.row(columns)
        for cells in rows:
            table.row([str(c) for c in cells])
    pdf.ln(3)


def _chart(pdf: FPDF, chart: Chart) -> None:
    if chart.figure is None:
        return
    _heading(pdf, chart.title, 11)
    if chart.description:
        _paragraph(pdf, chart.description)
    pdf.image(io.BytesIO(png_bytes(chart.figure, dpi=120)), w=WIDTH)
    pdf.ln(3)


def report_pdf(view: dict[str, Any], charts: list[Chart]) -> bytes:
    """The report of :func:`tandem.reports.presenters.report_view` with its charts."""
    pdf = _document(view["title"])
    _heading(pdf, view["title"], 15)
    state = _("Published") if view["published"] else _("Draft")
    _paragraph(pdf, _("Status: %(rag)s · %(state)s") % {"rag": view["rag"], "state": state})
    _paragraph(pdf, view["summary"])
    for label, key in (
        (_("Achievements"), "achievements"),
        (_("Next steps"), "next_steps"),
        (_("Blockers"), "blockers"),
    ):
        if view[key].strip():
            _heading(pdf, label)
            _paragraph(pdf, view[key])
    for section in view["sections"]:
        _heading(pdf, section["title"])
        if section["rows"]:
            _table(pdf, section["columns"], section["rows"])
        else:
            _paragraph(pdf, _("None."))
    for chart in charts:
        _chart(pdf, chart)
    return bytes(pdf.output())
