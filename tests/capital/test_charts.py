"""The accessible SVG helper (scic.core.charts) used by the capital dashboard."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from scic.core.charts import bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_line_chart_is_an_image_with_title_and_description():
    svg = str(
        line_chart(
            [("1 janv.", 100), ("1 févr.", 300)], title="Capital <now>", desc="From 100 to 300"
        )
    )
    root = ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted data
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == "Capital <now>"  # escaped in the markup
    assert root.find(f"{SVG}desc").get("id") == desc_id
    points = root.find(f"{SVG}polyline").get("points").split()
    assert len(points) == 2
    (x1, y1), (x2, y2) = (tuple(map(float, p.split(","))) for p in points)
    assert x1 < x2
    assert y1 > y2
    assert " style=" not in svg  # the Content-Security-Policy forbids inline styles


def test_bar_chart_scales_and_draws_the_reference_line():
    svg = str(
        bar_chart(
            [("A", 1, "1"), ("B", 3, "3")],
            title="t",
            desc="d",
            maximum=4,
            reference=(2, "cap 50 %"),
        )
    )
    root = ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted data
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[1] == 3 * widths[0]
    line = root.find(f"{SVG}line")
    assert float(line.get("x1")) == 190 + 2 * widths[0]  # 2 on a scale where 1 = widths[0]
    assert "cap 50 %" in svg


def test_ids_are_unique_per_chart():
    first = str(line_chart([], title="a", desc="b"))
    second = str(line_chart([], title="a", desc="b"))
    ids = re.findall(r'id="([^"]+)"', first + second)
    assert len(ids) == len(set(ids)) == 4
