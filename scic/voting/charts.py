"""Accessible SVG charts of a result: one stacked bar per college and the weighted total.

No inline style (the Content-Security-Policy forbids it): colours come from classes in
``static/css/voting.css`` with ``fill`` attributes as a fallback. The chart has a title and a
description, and the page always shows the same figures in a table.
"""

from __future__ import annotations

from fractions import Fraction

from markupsafe import Markup, escape

from scic.core.i18n import format_percent

WIDTH = 640
LABEL = 150
BAR = 22
GAP = 14
PLOT = WIDTH - LABEL - 70

_SEGMENTS = (("for", "#1a7f37"), ("against", "#b42318"), ("abstain", "#8a94a3"))


def _percent(value: Fraction) -> str:
    return format_percent(value)


def result_chart(snapshot, *, labels: dict[str, str], hide_colleges: bool = False) -> Markup:
    """Return the SVG for a snapshot (``services.Snapshot``); ``labels`` are translated words:
    title, for, against, abstain, total, threshold."""
    rows: list[tuple[str, list[tuple[str, str, Fraction]]]] = []
    if not hide_colleges:
        for college in snapshot.colleges:
            voted = college.for_ + college.against + college.abstain
            if voted == 0:
                parts = []
            else:
                parts = [
                    ("for", _SEGMENTS[0][1], Fraction(college.for_, voted)),
                    ("against", _SEGMENTS[1][1], Fraction(college.against, voted)),
                    ("abstain", _SEGMENTS[2][1], Fraction(college.abstain, voted)),
                ]
            rows.append((college.code or labels["total"], parts))
    if snapshot.share_for is not None:
        total = [
            ("for", _SEGMENTS[0][1], snapshot.share_for),
            ("against", _SEGMENTS[1][1], 1 - snapshot.share_for),
        ]
    else:
        total = []
    rows.append((labels["total"], total))
    height = GAP + len(rows) * (BAR + GAP) + 24
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart vote-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">{escape(labels["title"])}</title>',
    ]
    desc = []
    y = GAP
    for name, parts in rows:
        out.append(
            f'<text x="{LABEL - 8}" y="{y + BAR - 6}" text-anchor="end" class="chart-label">'
            f"{escape(name)}</text>"
        )
        x = Fraction(LABEL)
        pieces = []
        for kind, colour, share in parts:
            width = share * PLOT
            if width > 0:
                out.append(
                    f'<rect x="{float(x):.2f}" y="{y}" width="{float(width):.2f}" height="{BAR}" '
                    f'class="seg-{kind}" fill="{colour}"/>'
                )
            x += width
            pieces.append(f"{labels[kind]} {_percent(share)}")
        if not parts:
            out.append(
                f'<rect x="{LABEL}" y="{y}" width="{PLOT}" height="{BAR}" class="seg-none" '
                f'fill="#eef1f5"/>'
            )
        desc.append(f"{name}: {', '.join(pieces) if pieces else '—'}")
        y += BAR + GAP
    line_x = float(LABEL + snapshot.majority.threshold * PLOT)
    out.append(
        f'<line x1="{line_x:.2f}" y1="4" x2="{line_x:.2f}" y2="{y}" class="threshold" '
        f'stroke="#1f2937" stroke-width="2" stroke-dasharray="6 4"/>'
    )
    out.append(
        f'<text x="{line_x:.2f}" y="{y + 16}" text-anchor="middle" class="chart-label">'
        f"{escape(labels['threshold'])} {_percent(snapshot.majority.threshold)}</text>"
    )
    desc.append(f"{labels['threshold']} {_percent(snapshot.majority.threshold)}")
    out.insert(2, f'<desc id="chart-desc">{escape("; ".join(desc))}</desc>')
    out.append("</svg>")
    # Every text above went through escape().
    return Markup("".join(out))  # noqa: S704  # nosec B704
