"""PAdES signatures: two officers sign in turn with RFC 3161 timestamps, the last one locks the
document, and one altered byte breaks the signature (test PKI and TSA from tests/fixtures)."""

import io
from datetime import UTC, date, datetime

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pypdf import PdfReader

from scic.capital.rules import Holding
from scic.registers import signing
from scic.registers.certificates import Holder, build_certificate
from scic.registers.pdf_base import CooperativeHeader

NOW = datetime(2025, 7, 2, 9, 30, tzinfo=UTC)
LABELS = {
    "heading": "Signatures",
    "document": "Document",
    "chain_head": "Chain head",
    "previous": "Previous sheet",
    "signatories": "To be signed by:",
    "explanation": "Electronic signatures (PAdES).",
}
STAMP = "Signed by %(signer)s\n%(ts)s"


@pytest.fixture
def document(app):
    header = CooperativeHeader("Coop Łódź", "SAS", "1 place de la Mairie", siren="912345675")
    with app.test_request_context():
        pdf = build_certificate(
            header,
            Holder(7, "Nguyễn Thị Ánh"),
            Holding(12, 60000, 45000),
            share_value_cents=5000,
            at=date(2025, 5, 31),
            generated_at=NOW,
        )
    page = signing.SignaturePage(
        title="Procès-verbal de l'assemblée générale",
        document_id="minutes-42",
        chain_head="ab" * 32,
        signatories=("Alice Martin, présidente", "Bob Durand, secrétaire"),
        labels=LABELS,
    )
    return signing.add_signature_page(pdf, page)


def identity(test_pki, label, name):
    return signing.load_identity(
        test_pki.pkcs12[label], test_pki.passphrase, name=name, capacity="officer"
    )


def sign_both(document, test_pki, *, tsa=True):
    timestamper = signing.timestamper_for(test_pki.tsa_url if tsa else None)
    first = signing.sign(
        document,
        identity(test_pki, "alice", "Alice Martin"),
        stamp_text=STAMP,
        reason="Chair",
        timestamper=timestamper,
    )
    second = signing.sign(
        first,
        identity(test_pki, "bob", "Bob Durand"),
        stamp_text=STAMP,
        reason="Secretary",
        timestamper=timestamper,
    )
    return first, second


def test_signature_page_records_the_document_and_the_expected_signatories(document):
    reader = PdfReader(io.BytesIO(document))
    assert len(reader.pages) == 2
    text = reader.pages[-1].extract_text()
    assert "Alice Martin, présidente" in text
    assert "minutes-42" in text
    assert signing.document_info(document) == {
        "document_id": "minutes-42",
        "chain_head": "ab" * 32,
        "previous": "",
        "expected": 2,
    }


def test_two_officers_sign_in_turn_with_timestamps(document, test_pki):
    first, second = sign_both(document, test_pki)
    assert second.startswith(first)  # incremental: the first signed revision is kept whole
    check = signing.verify(second, [test_pki.root()])
    assert check.ok, check
    assert check.complete
    assert check.timestamped
    assert [s.field for s in check.signatures] == ["Officer1", "Officer2"]
    assert [s.signer_name for s in check.signatures] == ["Alice Martin", "Bob Durand"]
    assert "Alice Martin" in check.signatures[0].certificate_subject
    assert all(s.timestamp_valid for s in check.signatures)
    assert check.document_id == "minutes-42"
    partial = signing.verify(first, [test_pki.root()])
    assert partial.ok
    assert not partial.complete


def stamp_glyph_widths(pdf: bytes) -> list[int]:
    """Widths (/W) of the fonts embedded in the signature boxes' appearances."""
    widths = []
    for annotation in PdfReader(io.BytesIO(pdf)).pages[-1]["/Annots"]:
        pending = [annotation.get_object()["/AP"]["/N"].get_object()]
        while pending:
            resources = pending.pop().get("/Resources", {})
            for font in resources.get("/Font", {}).values():
                cid_font = font.get_object()["/DescendantFonts"][0].get_object()
                widths += [w for item in cid_font["/W"] if isinstance(item, list) for w in item]
            pending += [x.get_object() for x in resources.get("/XObject", {}).values()]
    return widths


def test_stamps_use_pdf_text_units(document, test_pki):
    """DejaVu has 2048 units per em; the PDF's widths are in 1/1000 em ("m" is 974, not 1995)."""
    _, signed = sign_both(document, test_pki)
    widths = stamp_glyph_widths(signed)
    assert widths
    assert max(widths) <= 1000


def test_one_altered_byte_breaks_the_signature(document, test_pki):
    _, signed = sign_both(document, test_pki)
    assert signing.verify(signed, [test_pki.root()]).ok
    # One letter of the certificate's title, in the first revision, covered by both signatures.
    index = signed.index(b"/Title (Attestation") + len(b"/Title (")
    altered = signed[:index] + b"B" + signed[index + 1 :]
    assert len(altered) == len(signed)
    check = signing.verify(altered, [test_pki.root()])
    assert not check.ok
    assert [s.intact for s in check.signatures] == [False, False]


def test_the_last_signature_locks_the_document(document, test_pki):
    _, signed = sign_both(document, test_pki)
    with pytest.raises(signing.SigningError, match="locked"):
        signing.sign(signed, identity(test_pki, "org", "Org"), stamp_text=STAMP, reason="x")
    # A signature added anyway, bypassing scic, is a change the lock forbids.
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    out = io.BytesIO()
    signers.sign_pdf(
        writer,
        signers.PdfSignatureMetadata(field_name="Extra"),
        identity(test_pki, "org", "Org").signer,
        output=out,
    )
    check = signing.verify(out.getvalue(), [test_pki.root()])
    assert not check.signatures[1].changes_allowed
    assert not check.ok


def test_without_tsa_signatures_carry_no_timestamp(document, test_pki):
    _, signed = sign_both(document, test_pki, tsa=False)
    check = signing.verify(signed, [test_pki.root()])
    assert check.ok
    assert not check.timestamped
    assert not any(s.timestamped for s in check.signatures)


def test_an_unknown_certificate_authority_is_not_trusted(document, test_pki):
    _, signed = sign_both(document, test_pki, tsa=False)
    check = signing.verify(signed, [])
    assert not check.ok
    assert all(s.intact and s.valid and not s.trusted for s in check.signatures)


def test_a_wrong_passphrase_is_a_clear_error(test_pki):
    with pytest.raises(signing.SigningError, match="PKCS#12"):
        signing.load_identity(test_pki.pkcs12["alice"], "wrong", name="A", capacity="c")
