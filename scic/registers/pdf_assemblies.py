"""A flowing document on the reportlab canvas for assembly papers (minutes, attendance, letters).

Like :mod:`scic.registers.pdf_base`, every line has a fixed height and the whole document is
paginated before anything is drawn, so "page N / M" is written in one pass, also across the
minutes of several assemblies (the register of minutes). Lines are plain data: headings, wrapped
text, label/value pairs and table rows whose header is repeated on each new page. The builders
here know neither the database nor the request.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from scic.core.i18n import _
from scic.registers.pdf_base import (
    BOLD,
    FONT,
    MARGIN,
    Column,
    CooperativeHeader,
    FixedTableDocument,
    _safe,
)

PORTRAIT = A4
LANDSCAPE = landscape(A4)

#: Height in points of each line style.
HEIGHTS = {
    "h1": 22.0,
    "h": 18.0,
    "t": 11.5,
    "b": 11.5,
    "small": 9.5,
    "kv": 11.5,
    "thead": 14.0,
    "row": 11.5,
    "gap": 7.0,
    "sign": 30.0,
}
SIZES = {"h1": 11.0, "h": 9.5, "t": 8.5, "b": 8.5, "small": 7.0, "kv": 8.5, "row": 7.5}


@dataclass(frozen=True)
class Table:
    """The columns of a table; rows refer to it so its header repeats after a page break."""

    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Line:
    """One line of a page. ``style``: h1, h (headings), t, b (bold), small, kv, thead, row,
    gap, sign (a signature line)."""

    style: str
    text: str = ""
    value: str = ""
    cells: tuple[str, ...] = ()
    table: Table | None = None
    indent: float = 0.0


@dataclass
class Section:
    """A part that starts on a new page, with the title printed at the top of its pages."""

    title: str
    lines: list[Line] = field(default_factory=list)


Page = tuple[str, list[Line]]


class FlowDocument:
    """Paginate sections of fixed-height lines, then draw them with the cooperative header."""

    KV_COLUMN = 190.0

    def __init__(
        self,
        *,
        header: CooperativeHeader,
        footer: str,
        pagesize: tuple[float, float] = PORTRAIT,
        title: str = "",
        footnote: str = "",
    ) -> None:
        self.header = header
        self.footer = _safe(footer)
        #: A second footer line (the minutes: chain heads at printing).
        self.footnote = _safe(footnote)
        self.width, self.height = pagesize
        self.pagesize = pagesize
        self.title = title
        self.top = self.height - MARGIN - 48
        self.bottom = MARGIN + 22
        self.text_width = self.width - 2 * MARGIN - 10

    # Building lines ----------------------------------------------------------------------------

    def wrap(self, text: str, width: float, *, style: str = "t") -> list[str]:
        """Split a text into lines that fit ``width`` (newlines kept)."""
        font = BOLD if style in ("b", "h", "h1") else FONT
        out: list[str] = []
        for paragraph in _safe(text or "").splitlines() or [""]:
            out.extend(simpleSplit(paragraph, font, SIZES.get(style, 8.5), width) or [""])
        return out

    def paragraph(self, text: str, *, style: str = "t", indent: float = 0.0) -> list[Line]:
        """A text wrapped to the page width."""
        width = self.text_width - indent
        return [Line(style, part, indent=indent) for part in self.wrap(text, width, style=style)]

    def kv(self, label: str, value: str) -> list[Line]:
        """A label and its value; a long value continues on the next lines."""
        parts = self.wrap(value, self.text_width - self.KV_COLUMN)
        lines = [Line("kv", label, parts[0])]
        lines += [Line("kv", "", part) for part in parts[1:]]
        return lines

    # Pagination --------------------------------------------------------------------------------

    def paginate(self, sections: Iterable[Section]) -> list[Page]:
        """Cut the sections into pages; table headers repeat, headings are not left orphaned."""
        pages: list[Page] = []
        available = self.top - self.bottom
        for section in sections:
            current: list[Line] = []
            used = 0.0
            lines = section.lines
            for index, line in enumerate(lines):
                height = HEIGHTS[line.style]
                keep = height
                if line.style in ("h1", "h", "thead") and index + 1 < len(lines):
                    keep += HEIGHTS[lines[index + 1].style]
                if current and used + keep > available:
                    pages.append((section.title, current))
                    current, used = [], 0.0
                    if line.style == "gap":
                        continue
                    if line.style == "row" and line.table is not None:
                        current.append(Line("thead", table=line.table, indent=line.indent))
                        used += HEIGHTS["thead"]
                current.append(line)
                used += height
            pages.append((section.title, current))
        return pages

    # Drawing -----------------------------------------------------------------------------------

    def _frame(self, canvas: Canvas, title: str, page: int, pages: int) -> None:
        top = self.height - MARGIN
        canvas.setFont(BOLD, 9.5)
        canvas.drawString(MARGIN, top - 10, _safe(self.header.first_line))
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN, top - 22, _safe(self.header.second_line))
        canvas.setFont(BOLD, 11)
        canvas.drawString(MARGIN, top - 38, _fit(_safe(title), self.width - 2 * MARGIN, BOLD, 11))
        canvas.setFont(FONT, 6.5)
        canvas.drawString(
            MARGIN, MARGIN - 4, _fit(self.footer, self.width - 2 * MARGIN - 80, FONT, 6.5)
        )
        if self.footnote:
            canvas.drawString(
                MARGIN, MARGIN - 12, _fit(self.footnote, self.width - 2 * MARGIN, FONT, 6.5)
            )
        canvas.setFont(FONT, 8)
        canvas.drawRightString(
            self.width - MARGIN, MARGIN - 4, _("page %(page)s / %(pages)s", page=page, pages=pages)
        )

    def _row(self, canvas: Canvas, y: float, line: Line, *, bold: bool) -> None:
        font = BOLD if bold else FONT
        size = SIZES["row"]
        canvas.setFont(font, size)
        x = MARGIN + line.indent
        table = line.table
        cells = (c.label for c in table.columns) if bold else line.cells
        for column, text in zip(table.columns, cells, strict=False):
            if text:
                text = _fit(_safe(text), column.width - 4, font, size)
                if column.align == "right":
                    canvas.drawRightString(x + column.width - 3, y, text)
                else:
                    canvas.drawString(x, y, text)
            x += column.width
        if bold:
            width = sum(c.width for c in table.columns)
            canvas.line(MARGIN + line.indent, y - 3, MARGIN + line.indent + width, y - 3)

    def _line(self, canvas: Canvas, y: float, line: Line) -> None:
        style = line.style
        x = MARGIN + line.indent
        if style in ("h1", "h"):
            canvas.setFont(BOLD, SIZES[style])
            canvas.drawString(x, y, _safe(line.text))
        elif style == "kv":
            canvas.setFont(FONT, SIZES["kv"])
            canvas.drawString(x + 10, y, _fit(_safe(line.text), self.KV_COLUMN - 14, FONT, 8.5))
            canvas.drawString(x + 10 + self.KV_COLUMN, y, _safe(line.value))
        elif style == "thead":
            self._row(canvas, y, line, bold=True)
        elif style == "row":
            self._row(canvas, y, line, bold=False)
        elif style == "sign":
            canvas.setFont(FONT, SIZES["t"])
            canvas.drawString(x + 10, y - 8, _safe(line.text))
            canvas.line(x + 10 + self.KV_COLUMN, y - 10, x + 10 + self.KV_COLUMN + 180, y - 10)
            if line.value:
                canvas.setFont(FONT, SIZES["small"])
                canvas.drawString(x + 10 + self.KV_COLUMN, y - 6, _safe(line.value))
        elif style in ("t", "b", "small"):
            canvas.setFont(BOLD if style == "b" else FONT, SIZES[style])
            canvas.drawString(x + 10, y, _safe(line.text))

    def draw_pages(self, target: str | BinaryIO, pages: Sequence[Page]) -> int:
        """Draw paginated pages; return the page count."""
        canvas = Canvas(target, pagesize=self.pagesize, invariant=False)
        canvas.setTitle(_safe(self.title or (pages[0][0] if pages else "")))
        canvas.setAuthor(self.header.name)
        canvas.setCreator("scic")
        total = len(pages)
        for number, (title, lines) in enumerate(pages, start=1):
            self._frame(canvas, title, number, total)
            y = self.top
            for line in lines:
                y -= HEIGHTS[line.style]
                self._line(canvas, y + 3, line)
            canvas.showPage()
        canvas.save()
        return total

    def draw(self, target: str | BinaryIO, sections: Iterable[Section]) -> int:
        return self.draw_pages(target, self.paginate(sections))


def _fit(text: str, width: float, font: str, size: float) -> str:
    return FixedTableDocument._fit(text, width, font, size)


def table_lines(table: Table, rows: Iterable[Sequence[str]], *, indent: float = 0.0) -> list[Line]:
    """A header line then one line per row (the header repeats after a page break)."""
    lines = [Line("thead", table=table, indent=indent)]
    lines += [Line("row", cells=tuple(row), table=table, indent=indent) for row in rows]
    return lines
