"""A lean fixed-row PDF table on the reportlab canvas (registers of thousands of pages).

Every row has the same height, so the page count is known before drawing and "page N / M" is
written in one pass. Each cell is one ``canvas.drawString``; no platypus layout. The builders
know neither the database nor the request: they take header data, precomputed figures and an
iterator of rows, and format with the given locale.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import BinaryIO

from babel import numbers
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from scic.core.i18n import _, clock_time, in_paris, ngettext
from scic.registers.fonts import BOLD, FONT, printable

MARGIN = 32.0
#: Legal mention required on every document (Code de commerce L231-2; loi 1947 art. 22). It is
#: French law text, so it stays in French whatever the reader's language.
SCIC_MENTION = "société coopérative d'intérêt collectif"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CooperativeHeader:
    """The mandatory mentions shown at the top of every page."""

    name: str
    legal_form: str
    registered_office: str = ""
    rcs: str = ""
    siren: str = ""

    @property
    def first_line(self) -> str:
        return f"{self.name} — {SCIC_MENTION} — SCIC {self.legal_form} à capital variable"

    @property
    def second_line(self) -> str:
        parts = []
        if self.registered_office:
            parts.append(_("Registered office: %(office)s", office=self.registered_office))
        if self.rcs:
            parts.append(self.rcs)
        elif self.siren:
            parts.append(f"SIREN {self.siren}")
        return " — ".join(parts)


def header_of(cooperative) -> CooperativeHeader:
    """Build the header from a cooperative (any object with these attributes)."""
    return CooperativeHeader(
        name=cooperative.name,
        legal_form=cooperative.legal_form,
        registered_office=cooperative.registered_office or "",
        rcs=cooperative.rcs or "",
        siren=cooperative.siren or "",
    )


@dataclass(frozen=True)
class Column:
    """One column: header label, width in points, alignment ("left" or "right")."""

    label: str
    width: float
    align: str = "left"


# --- Formatting (fast: called for every cell of 100 000 rows) -----------------------------------


def _safe(text: str) -> str:
    """The text as the embedded Unicode font shows it (:func:`scic.registers.fonts.printable`)."""
    return printable(text)


class Formatter:
    """Locale-aware formatting of money, numbers, dates and percentages for the PDF fonts."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        # Babel's French group separator is a narrow no-break space: a plain space reads the same
        # on paper and keeps the cells ASCII (the fast path of the drawing).
        self.group = numbers.get_group_symbol(locale).replace("\u202f", " ").replace("\xa0", " ")
        self.decimal = numbers.get_decimal_symbol(locale)
        self.french = locale.startswith("fr")

    def number(self, value: int) -> str:
        text = f"{abs(value):,}".replace(",", self.group)
        return f"-{text}" if value < 0 else text

    def members(self, count: int) -> str:
        """ "1 member", "12 members": the count agrees with its noun."""
        return ngettext("%(count)s member", "%(count)s members", count, count=self.number(count))

    def shares(self, count: int) -> str:
        """ "1 share", "12 shares"."""
        return ngettext("%(count)s share", "%(count)s shares", count, count=self.number(count))

    def money(self, cents: int) -> str:
        units, rest = divmod(abs(cents), 100)
        body = f"{units:,}".replace(",", self.group) + f"{self.decimal}{rest:02d}"
        sign = "-" if cents < 0 else ""
        return f"{sign}{body} €" if self.french else f"{sign}€{body}"

    def day(self, value: date | None) -> str:
        if value is None:
            return ""
        if self.french:
            return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
        return value.isoformat()

    def clock(self, value: datetime) -> str:
        """A day and time in Paris, to the minute ("20/06/2026 14 h 00")."""
        local = in_paris(value)
        return f"{self.day(local.date())} {clock_time(local, self.locale)}"

    def moment(self, value: datetime) -> str:
        """A day and time in Paris that says it is Paris time (a signature, a generation)."""
        return _("%(when)s (Paris time)", when=self.clock(value))

    def percent(self, value: Fraction | None) -> str:
        if value is None:
            return "—"
        exact = Decimal(value.numerator * 100) / Decimal(value.denominator)
        text = str(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
        return text.replace(".", self.decimal) + (" %" if self.french else "%")


# --- The document -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntroLine:
    """A line of the summary pages: ``style`` is "h" (heading), "t" (text) or "kv" (label/value)."""

    text: str
    style: str = "t"
    value: str = ""


@dataclass
class Section:
    """A further table after the main one, from a new page: its own columns and rows (e.g. the
    members who left during the period, under the register of members)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[tuple[Sequence[str], str | None]]
    row_count: int
    empty_text: str = ""


HEADER_LINE = 8.5


def wrap_label(text: str, width: float, font: str, size: float, max_lines: int = 3) -> list[str]:
    """Split a column label into lines that fit ``width`` (words kept whole when they fit);
    a header is wrapped, never cut, so "Parts sociales" reads whole in a narrow column."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if stringWidth(candidate, font, size) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return lines or [""]


class _Table:
    """Column geometry of one table: x positions, widths and wrapped header lines."""

    def __init__(self, columns: Sequence[Column], size: float) -> None:
        self.columns = list(columns)
        x = MARGIN
        self.cells: list[tuple[float, bool, float]] = []
        for column in self.columns:
            right = column.align == "right"
            self.cells.append((x + column.width - 3 if right else x, right, column.width - 4))
            x += column.width
        self.width = x - MARGIN
        self.labels = [
            wrap_label(_safe(c.label), w, BOLD, size)
            for c, (_x, _r, w) in zip(self.columns, self.cells, strict=True)
        ]
        lines = max((len(label) for label in self.labels), default=1)
        #: Height above the first row: 16 points for one line of labels, more when they wrap.
        self.header_height = 16 + HEADER_LINE * (lines - 1)


class FixedTableDocument:
    """Summary lines, then a table whose rows all have the same height.

    Each row is ``(cells, detail)``: ``cells`` one string per column, ``detail`` an optional
    second line in a smaller font under the row (address, decision, figures).
    """

    ROW_HEIGHT = 20.0
    INTRO_LINE = 14.0
    MAIN_SIZE = 7.5
    DETAIL_SIZE = 6.5

    def __init__(
        self,
        *,
        header: CooperativeHeader,
        title: str,
        columns: Sequence[Column],
        footer: str,
        intro: Sequence[IntroLine] = (),
        pagesize: tuple[float, float] = landscape(A4),
        empty_text: str = "",
    ) -> None:
        self.header = header
        self.title = _safe(title)
        self.columns = list(columns)
        self.footer = _safe(footer)
        self.intro = list(intro)
        self.width, self.height = pagesize
        self.pagesize = pagesize
        self.empty_text = empty_text
        self.table_top = self.height - MARGIN - 48
        self.table_bottom = MARGIN + 22
        self.intro_per_page = int((self.table_top - self.table_bottom) // self.INTRO_LINE)
        self._table = _Table(self.columns, self.MAIN_SIZE)
        self.rows_per_page = self._rows_per_page(self._table)
        self._cells = self._table.cells
        self.table_width = self._table.width

    def _rows_per_page(self, table: _Table) -> int:
        return int((self.table_top - table.header_height - self.table_bottom) // self.ROW_HEIGHT)

    def page_count(self, row_count: int, sections: Sequence[Section] = ()) -> int:
        """Pages needed: known before drawing (fixed heights)."""
        intro_pages = math.ceil(len(self.intro) / self.intro_per_page) if self.intro else 0
        table_pages = max(1, math.ceil(row_count / self.rows_per_page)) if self.columns else 0
        for section in sections:
            per_page = self._rows_per_page(_Table(section.columns, self.MAIN_SIZE))
            table_pages += max(1, math.ceil(section.row_count / per_page))
        return max(1, intro_pages + table_pages)

    # Drawing helpers ---------------------------------------------------------------------------

    @staticmethod
    def _fit(text: str, width: float, font: str, size: float) -> str:
        # Cheap test first: most cells are short enough without measuring.
        if len(text) * size * 0.62 <= width:
            return text
        if stringWidth(text, font, size) <= width:
            return text
        while text and stringWidth(text + "…", font, size) > width:
            text = text[:-1]
        return text + "…"

    def _page_frame(self, canvas: Canvas, page: int, pages: int, title: str = "") -> None:
        top = self.height - MARGIN
        canvas.setFont(BOLD, 9.5)
        canvas.drawString(MARGIN, top - 10, _safe(self.header.first_line))
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN, top - 22, _safe(self.header.second_line))
        canvas.setFont(BOLD, 11)
        canvas.drawString(
            MARGIN, top - 38, self._fit(title or self.title, self.width - 2 * MARGIN, BOLD, 11)
        )
        canvas.setFont(FONT, 6.5)
        canvas.drawString(
            MARGIN, MARGIN - 4, self._fit(self.footer, self.width - 2 * MARGIN - 80, FONT, 6.5)
        )
        canvas.setFont(FONT, 8)
        canvas.drawRightString(
            self.width - MARGIN, MARGIN - 4, _("page %(page)s / %(pages)s", page=page, pages=pages)
        )

    def _table_header(self, canvas: Canvas, table: _Table | None = None) -> float:
        table = table or self._table
        top = self.table_top - 10
        canvas.setFont(BOLD, self.MAIN_SIZE)
        for (x, right, _width), lines in zip(table.cells, table.labels, strict=True):
            for index, label in enumerate(lines):
                y = top - HEADER_LINE * index
                if right:
                    canvas.drawRightString(x, y, label)
                else:
                    canvas.drawString(x, y, label)
        y = self.table_top - table.header_height + 2
        canvas.line(MARGIN, y, MARGIN + table.width, y)
        return y

    def draw(
        self,
        target: str | BinaryIO,
        rows: Iterable[tuple[Sequence[str], str | None]],
        row_count: int,
        *,
        progress: Progress | None = None,
        sections: Sequence[Section] = (),
    ) -> int:
        """Draw the document to a path or binary file; return the number of pages.

        ``row_count`` must be the number of rows the iterator yields (it sets "page N / M");
        each of ``sections`` follows from a new page, under its own title.
        """
        pages = self.page_count(row_count, sections)
        canvas = Canvas(target, pagesize=self.pagesize, invariant=False)
        canvas.setTitle(self.title)
        canvas.setAuthor(self.header.name)
        canvas.setCreator("scic")
        page = 1
        self._page_frame(canvas, page, pages)
        # Summary pages.
        y = self.table_top
        for index, line in enumerate(self.intro):
            if index and index % self.intro_per_page == 0:
                canvas.showPage()
                page += 1
                self._page_frame(canvas, page, pages)
                y = self.table_top
            y -= self.INTRO_LINE
            if line.style == "h":
                canvas.setFont(BOLD, 9.5)
                canvas.drawString(MARGIN, y, _safe(line.text))
            elif line.style == "kv":
                canvas.setFont(FONT, 8.5)
                canvas.drawString(MARGIN + 10, y, _safe(line.text))
                canvas.drawString(MARGIN + 300, y, _safe(line.value))
            else:
                canvas.setFont(FONT, 8.5)
                canvas.drawString(MARGIN + 10, y, _safe(line.text))
        if self.columns:
            if self.intro:
                canvas.showPage()
                page += 1
                self._page_frame(canvas, page, pages)
            page = self._draw_rows(canvas, rows, page, pages, progress)
        for section in sections:
            canvas.showPage()
            page += 1
            title = f"{self.title} — {_safe(section.title)}"
            self._page_frame(canvas, page, pages, title)
            page = self._draw_rows(
                canvas,
                section.rows,
                page,
                pages,
                progress,
                table=_Table(section.columns, self.MAIN_SIZE),
                title=title,
                empty_text=section.empty_text,
            )
        canvas.showPage()
        canvas.save()
        if progress:
            progress(pages, pages)
        return pages

    def _draw_rows(
        self,
        canvas: Canvas,
        rows,
        page: int,
        pages: int,
        progress: Progress | None,
        *,
        table: _Table | None = None,
        title: str = "",
        empty_text: str | None = None,
    ) -> int:
        table = table or self._table
        cells = table.cells
        fit = self._fit
        main_size, detail_size, row_height = self.MAIN_SIZE, self.DETAIL_SIZE, self.ROW_HEIGHT
        detail_width = table.width - 40
        per_page = self._rows_per_page(table)
        draw, draw_right, set_font = canvas.drawString, canvas.drawRightString, canvas.setFont
        y = self._table_header(canvas, table)
        on_page = 0
        drawn = 0
        for values, detail in rows:
            if on_page == per_page:
                canvas.showPage()
                page += 1
                self._page_frame(canvas, page, pages, title)
                y = self._table_header(canvas, table)
                on_page = 0
                if progress:
                    progress(page, pages)
            y -= 9.5
            set_font(FONT, main_size)
            for (x, right, width), text in zip(cells, values, strict=False):
                if not text:
                    continue
                text = fit(_safe(text), width, FONT, main_size)
                if right:
                    draw_right(x, y, text)
                else:
                    draw(x, y, text)
            if detail:
                set_font(FONT, detail_size)
                draw(MARGIN + 30, y - 8, fit(_safe(detail), detail_width, FONT, detail_size))
            y -= row_height - 9.5
            on_page += 1
            drawn += 1
        empty_text = self.empty_text if empty_text is None else empty_text
        if not drawn and empty_text:
            canvas.setFont(FONT, 9)
            canvas.drawString(MARGIN, y - 14, _safe(empty_text))
        return page
