"""Small accessible SVG charts rendered on the server (no JavaScript, CSP-safe).

Each function returns an SVG string (``markupsafe.Markup``) with ``role="img"``, a ``<title>``
and a ``<desc>`` referenced by ``aria-labelledby``; pages should also show the same figures
in a data table. Values are plain numbers; labels are already formatted, translated strings.
Colours are SVG presentation attributes (allowed by the Content-Security-Policy, unlike
``style=``); classes (``chart-line``, ``chart-bar``...) let a stylesheet override them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

from markupsafe import Markup, escape

_ids = itertools.count(1)
#: Bar colours; values are written beside the bars, so colour never carries meaning alone.
PALETTE = ("#1d4e89", "#1e6b3a", "#8a5a00", "#6b3fa0", "#0f6e7a", "#a4161a")
_AXIS = 'stroke="#4a5361" stroke-width="1"'
_TEXT = 'fill="#1b1f24" font-size="12" font-family="sans-serif"'


def _number(value: float | Fraction | int) -> str:
    """Format a coordinate with two decimals at most (stable output for tests)."""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _frame(
    width: int, height: int, title: str, desc: str, body: list[str], css_class: str
) -> Markup:
    n = next(_ids)
    title_id, desc_id = f"chart-title-{n}", f"chart-desc-{n}"
    # Every interpolated text is escaped; the rest is numeric.
    return Markup(  # noqa: S704  # nosec B704
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {escape(css_class)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def line_chart(
    points: Sequence[tuple[str, float | int]],
    *,
    title: str,
    desc: str,
    width: int = 640,
    height: int = 240,
    y_label: str = "",
    max_label: str | None = None,
) -> Markup:
    """Draw a line (a step series) through ``points`` = [(x label, value), ...].

    The first and last x labels and the highest value are written on the chart; the rest is in
    the description and in the page's data table.
    """
    left, right, top, bottom = 56, 12, 16, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    body = [
        f'<line class="chart-axis" {_AXIS} x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
        f'y2="{top + plot_h}"/>',
        f'<line class="chart-axis" {_AXIS} x1="{left}" y1="{top}" x2="{left}" '
        f'y2="{top + plot_h}"/>',
    ]
    if points:
        highest = max(max(v for _, v in points), 1)
        count = len(points)

        def xy(index: int, value: float) -> tuple[str, str]:
            x = left + (plot_w * index / (count - 1) if count > 1 else plot_w / 2)
            y = top + plot_h - plot_h * float(value) / float(highest)
            return _number(x), _number(y)

        coordinates = [xy(i, v) for i, (_, v) in enumerate(points)]
        path = " ".join(f"{x},{y}" for x, y in coordinates)
        body.append(
            f'<polyline class="chart-line" fill="none" stroke="#1d4e89" stroke-width="2" '
            f'points="{path}"/>'
        )
        body += [
            f'<circle class="chart-dot" fill="#1d4e89" cx="{x}" cy="{y}" r="3"/>'
            for x, y in coordinates
        ]
        body.append(
            f'<text class="chart-label" {_TEXT} x="{left}" y="{height - 8}">'
            f"{escape(points[0][0])}</text>"
        )
        if count > 1:
            body.append(
                f'<text class="chart-label" {_TEXT} x="{left + plot_w}" y="{height - 8}" '
                f'text-anchor="end">{escape(points[-1][0])}</text>'
            )
        body.append(  # inside the plot, right of the axis: long amounts are not cut off
            f'<text class="chart-label" {_TEXT} x="{left + 6}" y="{top + 10}">'
            f"{escape(max_label if max_label is not None else _number(highest))}</text>"
        )
    if y_label:
        body.append(
            f'<text class="chart-label" {_TEXT} x="4" y="{top - 4}">{escape(y_label)}</text>'
        )
    return _frame(width, height, title, desc, body, "chart-line-chart")


def bar_chart(
    bars: Sequence[tuple[str, float | int, str]],
    *,
    title: str,
    desc: str,
    width: int = 640,
    bar_height: int = 26,
    reference: tuple[float, str] | None = None,
    maximum: float | None = None,
) -> Markup:
    """Draw horizontal bars: ``bars`` = [(label, value, value text), ...].

    ``reference`` = (value, label) draws a vertical line, e.g. the 50 % cap; ``maximum`` fixes
    the scale (e.g. 1 for shares of a whole).
    """
    # Room on the right for the longest value text (about 7 px a character at 12 px).
    label_w, gap = 190, 8
    right = max([90] + [len(str(text)) * 7 + 8 for _, _, text in bars])
    plot_w = width - label_w - right
    height = max(1, len(bars)) * (bar_height + gap) + (24 if reference else 8)
    scale = maximum or max([float(v) for _, v, _ in bars] + [reference[0] if reference else 0, 1])
    body: list[str] = []
    for index, (label, value, text) in enumerate(bars):
        y = 4 + index * (bar_height + gap)
        w = plot_w * float(value) / float(scale) if scale else 0
        body += [
            f'<text class="chart-label" {_TEXT} x="{label_w - 6}" '
            f'y="{_number(y + bar_height * 0.7)}" '
            f'text-anchor="end">{escape(label)}</text>',
            f'<rect class="chart-bar" fill="{PALETTE[index % len(PALETTE)]}" x="{label_w}" y="{y}" '
            f'width="{_number(max(w, 0))}" height="{bar_height}"/>',
            f'<text class="chart-value" {_TEXT} x="{_number(label_w + max(w, 0) + 4)}" '
            f'y="{_number(y + bar_height * 0.7)}">{escape(text)}</text>',
        ]
    if reference:
        x = _number(label_w + plot_w * float(reference[0]) / float(scale))
        body += [
            f'<line class="chart-reference" stroke="#a4161a" stroke-width="2" '
            f'stroke-dasharray="5 3" x1="{x}" y1="0" x2="{x}" y2="{height - 18}"/>',
            f'<text class="chart-label" {_TEXT} x="{x}" y="{height - 4}" text-anchor="middle">'
            f"{escape(reference[1])}</text>",
        ]
    return _frame(width, height, title, desc, body, "chart-bar-chart")
