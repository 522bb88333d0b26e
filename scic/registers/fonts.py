"""The Unicode TrueType fonts embedded in every PDF (DejaVu Sans, shipped in ``static/fonts``).

The fourteen standard PDF fonts only cover WinAnsi: a member called Łukasz, Σοφία or Nguyễn would
print with question marks. The fonts ship with the package (with their licence) rather than being
read from a system package, so ``pip install`` gives the same documents on every machine.
Registering is done once, at import; reportlab embeds only the glyphs a document uses (subset).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
REGULAR_PATH = FONT_DIR / "DejaVuSans.ttf"
BOLD_PATH = FONT_DIR / "DejaVuSans-Bold.ttf"
#: Shown in place of a character the font has no glyph for (rather than an empty box).
REPLACEMENT = "\ufffd"


def _register() -> frozenset[int]:
    registered = pdfmetrics.getRegisteredFontNames()
    if FONT not in registered:
        pdfmetrics.registerFont(TTFont(FONT, str(REGULAR_PATH)))
    if BOLD not in registered:
        pdfmetrics.registerFont(TTFont(BOLD, str(BOLD_PATH)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    # A canvas starts with this font selected and names it in the page resources: without this,
    # every page would still refer to the non-embedded Helvetica (which PDF/A forbids).
    rl_config.canvas_basefontname = FONT
    regular = pdfmetrics.getFont(FONT).face.charToGlyph
    bold = pdfmetrics.getFont(BOLD).face.charToGlyph
    return frozenset(regular) & frozenset(bold)


#: Code points that both faces can draw.
COVERED = _register()


def printable(text: str) -> str:
    """``text`` with each character that the fonts cannot draw replaced by U+FFFD.

    ASCII (the bulk of a 100 000-row register) is returned as it is without looking at it.
    """
    if text.isascii():
        return text
    return _printable(text)


@lru_cache(maxsize=4096)
def _printable(text: str) -> str:
    # Cached: the same names and phrases come back on every page of a long document.
    if all(ord(c) in COVERED for c in text):
        return text
    return "".join(c if ord(c) in COVERED else REPLACEMENT for c in text)
