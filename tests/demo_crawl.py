"""Walk the demo as a user would: every in-app link and GET form, as one account, in one language.

Used by ``tests/test_demo_pages.py`` (dead links, raw codes) and usable from a shell. The crawl
follows ``<a href>`` and GET forms (submitted with their default values) inside the app, and
visits at most ``per_shape`` URLs of each shape (the path with its numbers replaced, and the
query's keys): the 120 member pages share one template, two of them say what the others say.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

#: Links that change state or leave the session (POST-only routes are never links anyway).
SKIPPED = ("/logout", "/static/")


@dataclass
class Visit:
    url: str
    status: int
    content_type: str
    referrer: str | None
    #: What a reader sees: the visible text of a page (and its labels), or a PDF's text.
    text: str = ""


@dataclass
class Crawl:
    visits: list[Visit] = field(default_factory=list)

    @property
    def dead(self) -> list[Visit]:
        return [v for v in self.visits if v.status >= 400]


class _Page(HTMLParser):
    """The links, GET forms and visible text of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self.text: list[str] = []
        self._hidden = 0
        #: Inside an element marked translate="no" (technical evidence, not prose): its tag and
        #: how many of that tag are open.
        self._technical: list = []
        self._form: dict | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if self._technical and tag == self._technical[0]:
            self._technical[1] += 1
        elif not self._technical and a.get("translate") == "no":
            self._technical = [tag, 1]
        if tag in ("script", "style", "template"):
            self._hidden += 1
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            method = a.get("method", "get").lower()
            self._form = {
                "action": a.get("action", ""),
                "fields": [],
                "buttons": [],
                "get": method == "get",
                "incomplete": False,
            }
            self.forms.append(self._form)
        elif tag == "input":
            self._input(a)
        elif tag == "button" and self._form is not None and a.get("type", "submit") == "submit":
            if a.get("name"):
                self._form["buttons"].append((a["name"], a.get("value", "")))
        elif tag == "select" and self._form is not None and a.get("name"):
            self._select = {"name": a["name"], "first": None, "selected": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["selected"] = value
        for name in ("title", "aria-label", "placeholder", "alt"):
            if a.get(name):
                self.text.append(a[name])

    def _input(self, a: dict) -> None:
        kind = a.get("type", "text")
        if kind in ("submit", "button", "reset") and a.get("value"):
            self.text.append(a["value"])
        if self._form is None or not a.get("name") or kind in ("button", "file", "reset"):
            return
        if kind == "submit":
            self._form["buttons"].append((a["name"], a.get("value", "")))
            return
        if "required" in a and not a.get("value"):
            self._form["incomplete"] = True  # a user must type something first
        if kind in ("checkbox", "radio") and "checked" not in a:
            return
        self._form["fields"].append((a["name"], a.get("value", "")))

    def handle_endtag(self, tag):
        if self._technical and tag == self._technical[0]:
            self._technical[1] -= 1
            if not self._technical[1]:
                self._technical = []
        if tag in ("script", "style", "template"):
            self._hidden -= 1
        elif tag == "select" and self._select is not None:
            chosen = self._select["selected"]
            value = chosen if chosen is not None else self._select["first"]
            if self._form is not None and value is not None:
                self._form["fields"].append((self._select["name"], value))
            self._select = None
        elif tag == "form":
            self._form = None

    def handle_data(self, data):
        if not self._hidden and not self._technical and data.strip():
            self.text.append(data.strip())


def page_text(html: str) -> str:
    parser = _Page()
    parser.feed(html)
    return "\n".join(parser.text)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def shape(url: str) -> str:
    """The path with numbers as N, and the query's keys (with their value when it is a word,
    such as ``kind=members_pdf``: each kind of document is its own page)."""
    parts = urlsplit(url)
    query = sorted(
        k + (f"={v}" if re.fullmatch(r"[a-z_]+", v) else "")
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k != "page"
    )
    return re.sub(r"/\d+", "/N", parts.path) + "?" + "&".join(query)


def _in_app(base: str, href: str) -> str | None:
    target = urlsplit(urljoin(base, href))
    if target.scheme not in ("", "http", "https") or target.netloc not in ("", "localhost"):
        return None
    if any(part in target.path for part in SKIPPED):
        return None
    return target.path + (f"?{target.query}" if target.query else "")


def crawl(client, start: str = "/", *, per_shape: int = 2, pdf_texts: dict | None = None) -> Crawl:
    """Visit what ``client`` (signed in, locale set) can reach from ``start``.

    ``pdf_texts`` (URL: text), shared by the crawls in one language, reads each PDF once: other
    roles download it again (their access is checked) but its text is already known.
    """
    pdf_texts = {} if pdf_texts is None else pdf_texts
    result = Crawl()
    queue: list[tuple[str, str | None]] = [(start, None)]
    seen: set[str] = set()
    shapes: Counter[str] = Counter()
    while queue:
        url, referrer = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        shapes[shape(url)] += 1
        if shapes[shape(url)] > per_shape:
            continue
        answer = client.get(url)
        content_type = answer.headers.get("Content-Type", "")
        visit = Visit(url, answer.status_code, content_type, referrer)
        result.visits.append(visit)
        if answer.status_code in (301, 302, 303, 307):
            target = _in_app(url, answer.headers["Location"])
            if target and not target.startswith("/login"):
                queue.append((target, url))
            continue
        if answer.status_code != 200:
            continue
        if "text/html" in content_type:
            parser = _Page()
            parser.feed(answer.get_data(as_text=True))
            visit.text = "\n".join(parser.text)
            for href in parser.links:
                if (target := _in_app(url, href)) is not None:
                    queue.append((target, url))
            for form in parser.forms:
                action = _in_app(url, form["action"] or url)
                if not form["get"] or form["incomplete"] or action is None:
                    continue
                for button in form["buttons"] or [None]:
                    query = urlencode(form["fields"] + ([button] if button else []))
                    queue.append((action.split("?")[0] + (f"?{query}" if query else ""), url))
        elif "application/pdf" in content_type:
            if url not in pdf_texts:
                pdf_texts[url] = pdf_text(answer.data)
            visit.text = pdf_texts[url]
    return result
