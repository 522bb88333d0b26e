"""Every PDF embeds a Unicode TrueType font, so that any member's name prints as it is written."""

import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from scic.capital.rules import Holding
from scic.registers import exports
from scic.registers.certificates import Holder, build_certificate
from scic.registers.fonts import REPLACEMENT, printable
from scic.registers.pdf_base import CooperativeHeader

NOW = datetime(2025, 7, 2, 9, 30, tzinfo=UTC)
#: Names in Polish, Greek, Vietnamese, Czech, Russian and Turkish: none of them fits WinAnsi.
NAMES = (
    ("Wołodźko", "Łucja"),
    ("Παπαδοπούλου", "Σοφία"),
    ("Nguyễn", "Thị Ánh"),
    ("Dvořák", "Jiří"),
    ("Щербакова", "Юлия"),
    ("Yılmaz", "Ağça"),
)


def embedded_fonts(data: bytes) -> set[str]:
    """BaseFont names of the fonts whose program is embedded in the PDF."""
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None and "/FontFile2" in descriptor.get_object():
                    fonts.add(str(font["/BaseFont"]).split("+")[-1])
    return fonts


def test_register_prints_names_in_any_script(register_coop, ledger_builder):
    cooperative, _ = register_coop
    build = ledger_builder(cooperative)
    for name, first_name in NAMES:
        build.member(name, first_name=first_name, category="USA", shares=1)
    buffer = io.BytesIO()
    exports.members_pdf(buffer, cooperative, date(2025, 6, 30), locale="fr", now=NOW)
    data = buffer.getvalue()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    for name, first_name in NAMES:
        assert f"{name} {first_name}" in text
    assert "?" not in text
    assert embedded_fonts(data) == {"DejaVuSans", "DejaVuSans-Bold"}
    assert b"/Helvetica" not in data  # no standard font left, not even the canvas's first one


def test_certificate_prints_a_greek_holder(app):
    header = CooperativeHeader("Ελιά Coop", "SAS", "Rue Ἀθηνᾶς 3, Nice", siren="912345675")
    with app.test_request_context():
        data = build_certificate(
            header,
            Holder(7, "Παπαδοπούλου Σοφία"),
            Holding(12, 60000, 45000),
            share_value_cents=5000,
            at=date(2025, 5, 31),
            generated_at=NOW,
        )
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Παπαδοπούλου Σοφία" in text
    assert "Ελιά Coop" in text
    assert embedded_fonts(data) >= {"DejaVuSans"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Martin Alice", "Martin Alice", id="ascii kept"),
        pytest.param("Nguyễn Thị Ánh", "Nguyễn Thị Ánh", id="vietnamese kept"),
        pytest.param("李小龙", REPLACEMENT * 3, id="glyphs the font lacks are marked"),
        pytest.param("Łucja 李", "Łucja " + REPLACEMENT, id="only the missing glyph is replaced"),
    ],
)
def test_printable(text, expected):
    assert printable(text) == expected
