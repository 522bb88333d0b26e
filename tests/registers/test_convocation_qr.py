"""Each paper convocation carries its member's check-in QR code (issue 18 item 1)."""

from __future__ import annotations

import io

import segno

from scic.assemblies import services as assembly_services
from scic.registers import assembly_documents
from scic.registers.assembly_documents.convocation import letter_of
from scic.registers.qr_code import QRCode
from tests.registers.assembly_papers import GENERATED, pdf_text

CAPTION = (
    "At the entrance, show this QR code (or this letter): the secretary scans it to record your"
    " attendance."
)


def test_each_letter_prints_the_members_check_in_code(held):
    dan = held.members["dan"]
    letter = letter_of(dan, held.assembly)
    token = assembly_services.make_checkin_token(held.assembly, dan)
    slug = held.assembly.cooperative.slug
    assert letter.checkin_url == f"http://127.0.0.1:5000/c/{slug}/assemblies/checkin/{token}"
    # The code drawn is the link's, module for module (with its quiet zone).
    drawn = QRCode(letter.checkin_url).rows
    expected = segno.make_qr(letter.checkin_url, error="m")
    assert drawn == [bytes(row) for row in expected.matrix_iter(border=4)]
    assert len(drawn) == expected.symbol_size(border=4)[0]
    buffer = io.BytesIO()
    assembly_documents.write_convocation_pdf(
        buffer, held.assembly, locale="en", now=GENERATED, members=[dan]
    )
    text = " ".join(" ".join(pdf_text(buffer.getvalue())).split())
    assert CAPTION in text


def test_no_code_without_a_room_to_enter(held):
    held.assembly.remote_mode = "fully_remote"
    assert letter_of(held.members["dan"], held.assembly).checkin_url == ""
    buffer = io.BytesIO()
    assembly_documents.write_convocation_pdf(
        buffer, held.assembly, locale="en", now=GENERATED, members=[held.members["dan"]]
    )
    assert "QR code" not in " ".join(pdf_text(buffer.getvalue()))
