"""Flowing documents with reportlab platypus: minutes, attendance sheets, letters, certificates.

Text is laid out by platypus: a paragraph wraps where the embedded font says it no longer fits
the width (never after a number of characters), a label/value pair wraps its value in its column,
and a table that runs over a page repeats its header row (``Table(repeatRows=1)``). Every page
carries the cooperative's mandatory mentions and the title of the part it belongs to at the top,
and the footer (generation time, document, optional chain heads) with "page N / M" at the bottom.

The large registers (100 000 rows) do not come here: :mod:`scic.registers.pdf_base` draws them
row by row with fixed heights. The builders here know neither the database nor the request.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from html import escape
from typing import BinaryIO

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    LongTable,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from scic.core.i18n import _
from scic.registers.fonts import BOLD, FONT, printable
from scic.registers.pdf_base import MARGIN, Column, CooperativeHeader, FixedTableDocument

PORTRAIT = A4
LANDSCAPE = landscape(A4)

#: Width of the label column of label/value pairs (the values line up after it).
KV_COLUMN = 190.0
#: Room above the frame for the mandatory mentions and the title, and below it for the footer.
TOP_BAND, BOTTOM_BAND = 48.0, 22.0


def _style(name: str, *, bold: bool = False, size: float = 8.5, **extra) -> ParagraphStyle:
    extra.setdefault("leading", size + 3)
    return ParagraphStyle(name, fontName=BOLD if bold else FONT, fontSize=size, **extra)


STYLES = {
    "h1": _style("h1", bold=True, size=11, spaceAfter=5),
    "h": _style("h", bold=True, size=9.5, spaceBefore=7, spaceAfter=3, keepWithNext=1),
    "t": _style("t", leftIndent=10, spaceAfter=1),
    "b": _style("b", bold=True, leftIndent=10, spaceBefore=2, spaceAfter=1),
    "small": _style("small", size=7, leftIndent=10, spaceBefore=1, spaceAfter=1),
    "cell": _style("cell", size=7.5, leading=9),
    "cell-right": _style("cell-right", size=7.5, leading=9, alignment=TA_RIGHT),
    "head": _style("head", bold=True, size=7.5, leading=9),
    "head-right": _style("head-right", bold=True, size=7.5, leading=9, alignment=TA_RIGHT),
    "cell-kv": _style("cell-kv", size=8.5),
}


def markup(text: str) -> str:
    """``text`` as paragraph markup: printable in the embedded font, escaped, newlines kept."""
    return escape(printable(text or ""), quote=False).replace("\n", "<br/>")


def _fits(text: str, width: float, font: str, size: float) -> bool:
    if "\n" in text:
        return False
    return stringWidth(text, font, size) <= width


# --- Flowables of our own ------------------------------------------------------------------------


class SectionStart(Flowable):
    """Marks where a part begins: its title is printed at the top of the pages that follow,
    and the document records its page under ``anchor`` when one is given."""

    def __init__(self, title: str, anchor: object = None) -> None:
        super().__init__()
        self.title = printable(title)
        self.anchor = anchor
        self.width = self.height = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self) -> None:
        pass


class SignatureLine(Flowable):
    """ "Chair: Claire Martin" then a line to sign on, with a small hint above it; a long
    label wraps in the label column."""

    def __init__(self, label: str, hint: str = "") -> None:
        super().__init__()
        size = STYLES["t"].fontSize
        self.lines = simpleSplit(printable(label), FONT, size, KV_COLUMN - 14) or [""]
        self.hint = printable(hint)
        self.height = 30.0 + STYLES["t"].leading * (len(self.lines) - 1)

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        x = 10 + KV_COLUMN
        canvas.setFont(FONT, STYLES["t"].fontSize)
        y = self.height - 22
        for line in self.lines:
            canvas.drawString(10, y, line)
            y -= STYLES["t"].leading
        canvas.line(x, self.height - 24, x + 180, self.height - 24)
        if self.hint:
            canvas.setFont(FONT, STYLES["small"].fontSize)
            canvas.drawString(x, self.height - 20, self.hint)


# --- Building a story ----------------------------------------------------------------------------


class Story:
    """The flowables of a document, added in reading order.

    Consecutive label/value pairs form one two-column table (the values wrap in their column);
    anything else added closes it.
    """

    def __init__(self, width: float) -> None:
        #: Width of the text frame, in points.
        self.width = width
        self.flowables: list[Flowable] = []
        self._pairs: list[tuple[object, object]] = []
        self._started = False
        #: Paragraphs already measured and parsed, by text and style: the letters of an
        #: assembly repeat the same sentences a thousand times.
        self._made: dict[tuple[str, str, float], Flowable] = {}

    def _text(self, text: str, style: ParagraphStyle, width: float) -> Flowable:
        key = (text, style.name, width)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = _paragraph(text, style, width)
        # A paragraph keeps its layout while it is drawn: each place gets its own copy (which
        # shares the parsed text).
        return copy.copy(made) if isinstance(made, Paragraph) else made

    def _kv_cell(self, text: str, width: float) -> object:
        key = (text, "cell-kv", width)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = _cell(text, width, STYLES["cell-kv"])
        return copy.copy(made) if isinstance(made, Paragraph) else made

    def _flush(self) -> None:
        if not self._pairs:
            return
        table = Table(
            self._pairs, colWidths=[KV_COLUMN + 10, self.width - KV_COLUMN - 10], hAlign="LEFT"
        )
        table.setStyle(_PAIR_STYLE)
        self.flowables.append(table)
        self._pairs = []

    def add(self, flowable: Flowable) -> None:
        """Any flowable (an image such as a QR code, a spacer...)."""
        self._flush()
        self.flowables.append(flowable)

    def section(self, title: str, *, anchor: object = None) -> None:
        """Start a part on a new page; ``title`` heads its pages."""
        if self._started:
            self.add(PageBreak())
        self._started = True
        self.add(SectionStart(title, anchor))

    def paragraph(self, text: str, *, style: str = "t", indent: float = 0.0) -> None:
        """A text wrapped to the frame width; newlines start new lines."""
        paragraph_style = STYLES[style]
        if indent:
            paragraph_style = ParagraphStyle(
                f"{style}+{indent}",
                parent=paragraph_style,
                leftIndent=paragraph_style.leftIndent + indent,
            )
        self.add(self._text(text, paragraph_style, self.width))

    def heading(self, text: str, *, level: str = "h") -> None:
        self.paragraph(text, style=level)

    def gap(self, height: float = 4.0) -> None:
        self.add(Spacer(1, height))

    def kv(self, label: str, value: str) -> None:
        """A label and its value; a long value wraps in the value column."""
        label_width = KV_COLUMN - 4
        value_width = self.width - KV_COLUMN - 14
        self._pairs.append(
            (
                self._kv_cell(label, label_width),
                self._kv_cell(value, value_width),
            )
        )

    def sign(self, label: str, hint: str = "") -> None:
        self.add(SignatureLine(label, hint))

    def table(
        self, columns: Sequence[Column], rows: Iterable[Sequence[str]], *, bold_last: bool = False
    ) -> None:
        """A table whose header row repeats on every page it runs over; a cell too long for its
        column wraps inside it."""
        widths = [c.width for c in columns]
        right = [c.align == "right" for c in columns]
        head = [
            _cell(c.label, c.width - 4, STYLES["head-right" if r else "head"])
            for c, r in zip(columns, right, strict=True)
        ]
        body = [
            [
                _cell(text or "", width - 4, STYLES["cell-right" if r else "cell"])
                for text, width, r in zip(row, widths, right, strict=False)
            ]
            for row in rows
        ]
        # LongTable: the same table, split page by page without measuring every row again.
        table = LongTable([head, *body], colWidths=widths, repeatRows=1, hAlign="LEFT")
        commands = list(_TABLE_COMMANDS)
        commands += [("ALIGN", (i, 0), (i, -1), "RIGHT") for i, r in enumerate(right) if r]
        if bold_last and body:
            commands.append(("FONTNAME", (0, -1), (-1, -1), BOLD))
        table.setStyle(TableStyle(commands))
        self.add(table)

    def done(self) -> list[Flowable]:
        self._flush()
        return self.flowables


class _OneLine(Flowable):
    """A paragraph that fits on one line: drawn as one string, without parsing markup."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style

    def wrap(self, available_width, available_height):
        return available_width, self.style.leading

    def getSpaceBefore(self) -> float:  # noqa: N802 (reportlab's name)
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:  # noqa: N802 (reportlab's name)
        return self.style.spaceAfter

    def draw(self) -> None:
        # The baseline of a paragraph's first line: its font size below the top.
        self.canv.setFont(self.style.fontName, self.style.fontSize)
        self.canv.drawString(
            self.style.leftIndent, self.style.leading - self.style.fontSize, self.text
        )


def _paragraph(text: str, style: ParagraphStyle, width: float) -> Flowable:
    """A paragraph wrapped to ``width``; a text that fits on one line skips the markup parser
    (most lines of a letter: 1 200 letters are then built in a few seconds)."""
    text = printable(text or "")
    if _fits(text, width - style.leftIndent - style.rightIndent, style.fontName, style.fontSize):
        return _OneLine(text, style)
    return Paragraph(markup(text), style)


def _cell(text: str, width: float, style: ParagraphStyle):
    """A table cell: the plain string when it fits on one line (fast), else a paragraph."""
    text = printable(text)
    if _fits(text, width, style.fontName, style.fontSize):
        return text
    return Paragraph(markup(text), style)


_PAIR_STYLE = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 11.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, -1), 10),
        ("LEFTPADDING", (1, 0), (1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
)
_TABLE_COMMANDS = (
    ("FONTNAME", (0, 0), (-1, 0), BOLD),
    ("FONTNAME", (0, 1), (-1, -1), FONT),
    ("FONTSIZE", (0, 0), (-1, -1), 7.5),
    ("LEADING", (0, 0), (-1, -1), 9),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ("TOPPADDING", (0, 0), (-1, -1), 1),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ("LINEBELOW", (0, 0), (-1, 0), 0.5, "black"),
)


# --- The document --------------------------------------------------------------------------------


def _numbered_canvas(label: Callable[[int, int], str], counted: list[int]):
    """A canvas that holds its pages until the end, then writes "page N / M" on each: the
    total is known without laying the story out twice."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            counted.append(total)
            width = self._pagesize[0]
            for state in self._held:
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.drawRightString(width - MARGIN, MARGIN - 4, label(self._pageNumber, total))
                super().showPage()
            super().save()

    return NumberedCanvas


class PaperDocument(BaseDocTemplate):
    """A flowing document with the cooperative's header, the part's title and the footer."""

    def __init__(
        self,
        target: str | BinaryIO,
        *,
        header: CooperativeHeader,
        footer: str,
        footnote: str = "",
        pagesize: tuple[float, float] = PORTRAIT,
        title: str = "",
        invariant: bool = False,
    ) -> None:
        width, height = pagesize
        super().__init__(
            target,
            pagesize=pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + TOP_BAND,
            bottomMargin=MARGIN + BOTTOM_BAND,
            title=printable(title),
            author=printable(header.name),
            creator="scic",
            invariant=invariant,
        )
        self.header = header
        self.footer = printable(footer)
        #: A second footer line (the minutes: chain heads at printing).
        self.footnote = printable(footnote)
        self.part_title = printable(title)
        #: Page on which each part given an anchor began, by anchor.
        self.anchors: dict[object, int] = {}
        frame = Frame(
            MARGIN,
            MARGIN + BOTTOM_BAND,
            width - 2 * MARGIN,
            height - 2 * MARGIN - TOP_BAND - BOTTOM_BAND,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="text",
        )
        self.addPageTemplates([PageTemplate("page", [frame], onPageEnd=self._frame)])

    @property
    def text_width(self) -> float:
        return self.width

    def afterFlowable(self, flowable) -> None:  # noqa: N802 (reportlab's name)
        if isinstance(flowable, SectionStart):
            self.part_title = flowable.title
            if flowable.anchor is not None:
                self.anchors[flowable.anchor] = self.page

    def _frame(self, canvas: Canvas, _document) -> None:
        # Drawn when the page ends, so the title is that of the part the page belongs to.
        width, height = self.pagesize
        top = height - MARGIN
        canvas.saveState()
        canvas.setFont(BOLD, 9.5)
        canvas.drawString(MARGIN, top - 10, printable(self.header.first_line))
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN, top - 22, printable(self.header.second_line))
        # A long title is set smaller rather than cut, down to 8 points.
        size = 11.0
        while size > 8 and stringWidth(self.part_title, BOLD, size) > width - 2 * MARGIN:
            size -= 0.5
        canvas.setFont(BOLD, size)
        canvas.drawString(
            MARGIN,
            top - 38,
            FixedTableDocument._fit(self.part_title, width - 2 * MARGIN, BOLD, size),
        )
        canvas.setFont(FONT, 6.5)
        canvas.drawString(
            MARGIN,
            MARGIN - 4,
            FixedTableDocument._fit(self.footer, width - 2 * MARGIN - 80, FONT, 6.5),
        )
        if self.footnote:
            canvas.drawString(
                MARGIN,
                MARGIN - 12,
                FixedTableDocument._fit(self.footnote, width - 2 * MARGIN, FONT, 6.5),
            )
        canvas.restoreState()

    def story(self) -> Story:
        return Story(self.width)

    def render(self, flowables: list[Flowable]) -> int:
        """Lay out and draw the story; return the number of pages."""
        counted: list[int] = []

        def label(page: int, pages: int) -> str:
            return _("page %(page)s / %(pages)s", page=page, pages=pages)

        self.build(flowables, canvasmaker=_numbered_canvas(label, counted))
        return counted[0]
