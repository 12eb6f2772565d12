"""Charts are inline SVG that scale, carry a label, run no script and keep text as typed."""

from defusedxml import ElementTree as ET
from django.template.loader import render_to_string

from tandem.core.charts import ChartTable, new_figure, png_bytes, render

SVG = "{http://www.w3.org/2000/svg}"


def _chart(title="Cost $ to date <so far>"):
    figure, axes = new_figure()
    axes.plot([1, 2, 3], [1, 4, 9], label="Planned $ value")
    axes.legend()
    table = ChartTable(columns=["Week", "Planned"], rows=[["W1", "1"], ["W2", "4"]])
    return render(figure, title=title, table=table, description="three points")


def test_svg_is_inline_responsive_and_labelled():
    chart = _chart()
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert root.get("viewBox")
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Cost $ to date <so far>: three points"
    assert list(root.iter(f"{SVG}script")) == []
    # the pages' Content-Security-Policy refuses <style> elements, inline SVG included
    assert list(root.iter(f"{SVG}style")) == []
    assert root.get("stroke-linejoin") == "round"


def test_text_is_text_and_dollar_signs_are_not_mathematics():
    chart = _chart()
    texts = ["".join(t.itertext()) for t in ET.fromstring(chart.svg).iter(f"{SVG}text")]
    assert "Planned $ value" in texts


def test_same_data_gives_the_same_svg():
    assert _chart().svg == _chart().svg


def test_png_for_reports():
    figure, axes = new_figure(4, 2)
    axes.bar(["a", "b"], [1, 2])
    assert png_bytes(figure).startswith(b"\x89PNG")


def test_template_shows_the_picture_and_its_table():
    html = render_to_string("tandem/chart.html", {"chart": _chart("Burn")})
    assert "<svg" in html
    assert "Show as table" in html
    assert '<th scope="row">W2</th><td>4</td>' in html


def test_text_drawn_in_a_chart_is_escaped_markup_never_runs():
    figure, axes = new_figure()
    name = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    axes.barh([name], [3], label=name)
    axes.legend()
    axes.set_title(name)
    chart = render(figure, title=name, table=ChartTable(columns=["Task"], rows=[[name]]))
    assert "<script" not in chart.svg
    assert "<img" not in chart.svg
    texts = ["".join(t.itertext()) for t in ET.fromstring(chart.svg).iter(f"{SVG}text")]
    assert name in texts
