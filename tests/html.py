"""Read a page the way a user reads a table: the cells of the row a heading names.

Asserting a whole cell is exact where a fragment (``"20" in html``) could match anywhere.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> list[list[str]]:
    """Every table row of the page as the texts of its cells (white space folded)."""
    parser = _Rows()
    parser.feed(html)
    return parser.rows


def row(html: str, heading: str) -> list[str]:
    """The cells after the first one of the only row whose first cell reads ``heading``."""
    (found,) = [cells[1:] for cells in table_rows(html) if cells and cells[0] == heading]
    return found


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def page_text(html: str) -> str:
    """The text of the page, tags removed and white space folded (a sentence reads whole)."""
    parser = _Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())
