"""Baselines the product is measured against, on the same data in the same run.

``python -m bench.baselines register --slug S --at DATE --output F`` loads the register's rows
into memory first (untimed), then draws them with the bare reportlab canvas: one ``drawString``
per cell and a detail line per row, the product's page size (A4 landscape), font (DejaVu Sans,
embedded: any name must print) and row height, no layout, no formatting, no fitting. It prints
the drawing time as JSON.

The SQL baselines (``tally_sql``, ``holdings_sql``) are the one statement a hand-written report
would run: a ``GROUP BY`` and nothing else.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date

from sqlalchemy import func, select

#: Same geometry as scic.registers.pdf_base.FixedTableDocument and the member register.
WIDTHS = (34, 186, 78, 70, 70, 58, 50, 76, 76, 76)
MARGIN = 32.0
ROW_HEIGHT = 20.0
#: The product's embedded Unicode font (registered by importing scic.registers.fonts).
FONT = "DejaVuSans"
SIZE = 7.5
DETAIL_SIZE = 6.5


def draw_register(path: str, rows: list[tuple]) -> int:
    """Draw ``rows`` (tuples of 10 cell values and a detail) with drawString; return pages."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    import scic.registers.fonts  # noqa: F401 - registers FONT

    width, height = landscape(A4)
    table_top = height - MARGIN - 48
    table_bottom = MARGIN + 22
    per_page = int((table_top - 16 - table_bottom) // ROW_HEIGHT)
    xs = []
    x = MARGIN
    for w in WIDTHS:
        xs.append(x)
        x += w
    canvas = Canvas(path, pagesize=(width, height), invariant=False)
    draw, set_font = canvas.drawString, canvas.setFont
    pages = 1
    y = table_top - 14
    on_page = 0
    for row in rows:
        if on_page == per_page:
            canvas.showPage()
            pages += 1
            y = table_top - 14
            on_page = 0
        y -= 9.5
        set_font(FONT, SIZE)
        for x, value in zip(xs, row[:10], strict=True):
            draw(x, y, str(value))
        set_font(FONT, DETAIL_SIZE)
        draw(MARGIN + 30, y - 8, str(row[10]))
        y -= ROW_HEIGHT - 9.5
        on_page += 1
    canvas.showPage()
    canvas.save()
    return pages


def register_rows(cooperative, at: date) -> list[tuple]:
    """The register's rows at ``at`` (the product's own query), as plain tuples in memory."""
    from scic.registers.queries import iter_member_rows

    return [
        (
            r.number,
            f"{r.name} {r.first_name}",
            r.kind,
            r.category_id,
            r.college_id,
            r.admitted_on,
            r.shares,
            r.subscribed_cents,
            r.paid_cents,
            r.subscribed_cents - r.paid_cents,
            f"{r.address} {r.deliberation_ref or ''} {r.representative or ''}",
        )
        for r in iter_member_rows(cooperative, at)
    ]


def tally_sql(assembly_id: int) -> list[tuple]:
    """One GROUP BY over the assembly's ballots: resolution, college, choice, count."""
    from scic.core.db import db
    from scic.voting.models import Ballot, Resolution

    return db.session.execute(
        select(Ballot.resolution_id, Ballot.college_id, Ballot.choice, func.count())
        .join(Resolution, Resolution.id == Ballot.resolution_id)
        .where(Resolution.assembly_id == assembly_id)
        .group_by(Ballot.resolution_id, Ballot.college_id, Ballot.choice)
    ).all()


def holdings_sql(cooperative_id: int, at: date) -> list[tuple]:
    """One SUM … GROUP BY member over the movements effective by ``at``."""
    from scic.capital.models import ShareMovement
    from scic.core.db import db

    return db.session.execute(
        select(ShareMovement.member_id, func.sum(ShareMovement.shares_delta))
        .where(ShareMovement.cooperative_id == cooperative_id, ShareMovement.effective_on <= at)
        .group_by(ShareMovement.member_id)
    ).all()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.baselines")
    sub = parser.add_subparsers(dest="command", required=True)
    register = sub.add_parser("register", help="draw the register rows with the bare canvas")
    register.add_argument("--slug", required=True)
    register.add_argument("--at", required=True, type=date.fromisoformat)
    register.add_argument("--output", required=True)
    register.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)

    from bench.app import make_app
    from scic.cooperatives.models import Cooperative
    from scic.core.db import db

    app = make_app(args.database_url)
    with app.app_context():
        cooperative = db.session.scalar(select(Cooperative).where(Cooperative.slug == args.slug))
        rows = register_rows(cooperative, args.at)
        db.session.rollback()
    started = time.perf_counter()
    pages = draw_register(args.output, rows)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "pages": pages, "rows": len(rows)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
