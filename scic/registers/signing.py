"""PAdES signatures and RFC 3161 timestamps on the PDFs that ``registers`` builds (pyHanko).

Décret 2019-1118 lets a company keep its minutes and registers electronically when each document
carries at least an advanced electronic signature and a reliable date. This module is the PDF
side of it, with no database and no request: it appends a signature page, signs in turn for each
officer (incremental updates, so every earlier signature stays valid), locks the document with
the last expected signature, and checks all of it back.

- The first signature certifies the document (DocMDP "form filling and signing"), so the later
  officers may still sign; the last expected one carries a field lock with DocMDP "no changes":
  from then on any change, a further signature included, invalidates the document.
- With a timestamping authority (TSA) URL, each signature embeds an RFC 3161 token (the "T" level
  of PAdES); without one, the signature only carries the signer's computer clock and its visible
  stamp says so.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography.utils import CryptographyDeprecationWarning

with warnings.catch_warnings():
    # pyHanko imports cryptography's DSA key types to recognise them; scic never uses DSA.
    warnings.filterwarnings("ignore", "DSA is deprecated", CryptographyDeprecationWarning)
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.stamp import TextStampStyle
    from pyhanko_certvalidator import ValidationContext
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from scic.registers.fonts import BOLD, FONT, REGULAR_PATH, printable
from scic.registers.pdf_base import MARGIN

#: Name of the i-th signature field (1-based): the officers' order on the signature page.
FIELD_PREFIX = "Officer"
#: Geometry of the signature page (A4 portrait): one box per officer under the heading.
BOX_WIDTH, BOX_HEIGHT, BOX_GAP, FIRST_BOX_TOP = 500, 78, 8, 570
MAX_SIGNATURES = 6
#: Custom document information entries (kept by every incremental update).
DOCUMENT_ID_KEY = "/SCICDocumentId"
CHAIN_HEAD_KEY = "/SCICChainHead"
PREVIOUS_KEY = "/SCICPreviousSheet"
SIGNATURES_KEY = "/SCICExpectedSignatures"
#: Room reserved in the file for each CMS signature with its certificates and timestamp token.
SIGNATURE_BYTES = 24_000
TIMESTAMP_TIMEOUT = 10


class SigningError(Exception):
    """The document cannot be signed (already locked, no signature page, bad key file...)."""


@dataclass(frozen=True)
class Identity:
    """A private key with its certificate chain, and the person it signs for."""

    signer: signers.SimpleSigner
    #: The officer who signs (printed on the stamp; may differ from the certificate's holder
    #: when the instance signs with an organisation certificate on the officer's behalf).
    name: str
    capacity: str

    @property
    def certificate_subject(self) -> str:
        return self.signer.signing_cert.subject.human_friendly


def load_identity(pkcs12_path: str | Path, passphrase: str | None, *, name: str, capacity: str):
    """Read a PKCS#12 (.p12/.pfx) file; ``SigningError`` when it cannot be opened."""
    try:
        signer = signers.SimpleSigner.load_pkcs12(
            str(pkcs12_path), passphrase=passphrase.encode() if passphrase else None
        )
    except (OSError, ValueError) as exc:
        raise SigningError(f"cannot read the PKCS#12 file {pkcs12_path}: {exc}") from exc
    if signer is None:
        raise SigningError(f"cannot read the PKCS#12 file {pkcs12_path}")
    return Identity(signer=signer, name=name, capacity=capacity)


def timestamper_for(url: str | None) -> TimeStamper | None:
    """An RFC 3161 client for the configured TSA, or ``None`` (signatures without timestamp)."""
    return HTTPTimeStamper(url, timeout=TIMESTAMP_TIMEOUT) if url else None


# --- Preparing a document -----------------------------------------------------------------------


@dataclass(frozen=True)
class SignaturePage:
    """The last page of a signed document: what it is, and who is to sign it."""

    title: str
    document_id: str
    chain_head: str
    #: One line per expected signatory ("Alice Martin, chair of the meeting"); they may sign in
    #: any order, each in the next empty box.
    signatories: Sequence[str]
    #: Translated texts: "heading", "document", "chain_head", "previous", "signatories" and the
    #: "explanation" (several lines) printed above the boxes.
    labels: dict[str, str]
    #: SHA-256 of the previous sheet of the same electronic register ("" outside a series).
    previous: str = ""


def _draw_signature_page(page: SignaturePage) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    _width, height = A4
    y = height - MARGIN - 14
    canvas.setFont(BOLD, 14)
    canvas.drawString(MARGIN, y, printable(page.labels["heading"]))
    y -= 20
    canvas.setFont(FONT, 10)
    canvas.drawString(MARGIN, y, printable(page.title))
    y -= 16
    canvas.setFont(FONT, 8)
    canvas.drawString(MARGIN, y, f"{page.labels['document']} {page.document_id}")
    y -= 12
    canvas.drawString(MARGIN, y, f"{page.labels['chain_head']} {page.chain_head}")
    if page.previous:
        y -= 12
        canvas.drawString(MARGIN, y, f"{page.labels['previous']} {page.previous}")
    y -= 16
    for line in page.labels["explanation"].splitlines():
        canvas.drawString(MARGIN, y, printable(line))
        y -= 11
    y -= 5
    canvas.setFont(BOLD, 8)
    canvas.drawString(MARGIN, y, printable(page.labels["signatories"]))
    canvas.setFont(FONT, 8)
    for signatory in page.signatories:
        y -= 11
        canvas.drawString(MARGIN + 10, y, printable(f"– {signatory}"))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def add_signature_page(pdf: bytes, page: SignaturePage) -> bytes:
    """Append the signature page and record the document identifier, the chain head and the
    number of expected signatures in the document information (before any signature)."""
    if not 1 <= len(page.signatories) <= MAX_SIGNATURES:
        count = len(page.signatories)
        raise SigningError(f"between 1 and {MAX_SIGNATURES} signatories, not {count}")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    if _signatures(writer.prev):
        raise SigningError("the document is already signed")
    drawn = PdfFileReader(io.BytesIO(_draw_signature_page(page)))
    xobject = writer.import_page_as_xobject(drawn)
    contents = generic.StreamObject(stream_data=b"q /Page Do Q")
    new_page = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Page"),
            generic.pdf_name("/MediaBox"): generic.ArrayObject(
                generic.FloatObject(v) for v in (0, 0, *A4)
            ),
            generic.pdf_name("/Resources"): generic.DictionaryObject(
                {
                    generic.pdf_name("/XObject"): generic.DictionaryObject(
                        {generic.pdf_name("/Page"): xobject}
                    )
                }
            ),
            generic.pdf_name("/Contents"): writer.add_object(contents),
        }
    )
    writer.insert_page(new_page)
    # Every field exists before the first signature: the later officers fill their own empty
    # field (what a certification signature allows), and the last one locks the document.
    last_page = int(writer.root["/Pages"]["/Count"]) - 1
    for index in range(len(page.signatories)):
        fields.append_signature_field(writer, _field_spec(index, len(page.signatories), last_page))
    info = writer.prev.trailer_view.get("/Info")
    info = generic.DictionaryObject(dict(info.get_object()) if info is not None else {})
    info[generic.pdf_name(DOCUMENT_ID_KEY)] = generic.TextStringObject(page.document_id)
    info[generic.pdf_name(CHAIN_HEAD_KEY)] = generic.TextStringObject(page.chain_head)
    info[generic.pdf_name(PREVIOUS_KEY)] = generic.TextStringObject(page.previous)
    info[generic.pdf_name(SIGNATURES_KEY)] = generic.NumberObject(len(page.signatories))
    writer.set_info(writer.add_object(info))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _field_spec(index: int, expected: int, page: int) -> fields.SigFieldSpec:
    top = FIRST_BOX_TOP - index * (BOX_HEIGHT + BOX_GAP)
    last = index + 1 == expected
    return fields.SigFieldSpec(
        sig_field_name=f"{FIELD_PREFIX}{index + 1}",
        on_page=page,
        box=(int(MARGIN), top - BOX_HEIGHT, int(MARGIN) + BOX_WIDTH, top),
        # The last expected signature locks every field and the document (PDF 2.0 field lock
        # with /P 1); the earlier ones leave the document open to the next officers.
        field_mdp_spec=fields.FieldMDPSpec(fields.FieldMDPAction.ALL) if last else None,
        doc_mdp_update_value=fields.MDPPerm.NO_CHANGES if last else None,
    )


# --- Signing ------------------------------------------------------------------------------------


def _signatures(reader: PdfFileReader) -> list:
    return list(reader.embedded_regular_signatures)


def document_info(pdf: bytes) -> dict[str, str | int]:
    """The identifier, chain head and expected signatures recorded by :func:`add_signature_page`."""
    reader = PdfFileReader(io.BytesIO(pdf))
    info = reader.trailer_view.get("/Info")
    info = info.get_object() if info is not None else {}
    return {
        "document_id": str(info.get(DOCUMENT_ID_KEY, "")),
        "chain_head": str(info.get(CHAIN_HEAD_KEY, "")),
        "previous": str(info.get(PREVIOUS_KEY, "")),
        "expected": int(info.get(SIGNATURES_KEY, 0)),
    }


def sign(
    pdf: bytes,
    identity: Identity,
    *,
    stamp_text: str,
    reason: str,
    location: str = "",
    timestamper: TimeStamper | None = None,
) -> bytes:
    """Add the next officer's signature to a prepared document and return the new file.

    ``stamp_text`` is the visible text of the signature box; pyHanko fills ``%(ts)s`` with the
    signing time (write a literal percent sign ``%%``). The bytes given are kept unchanged at the
    start of the result (an incremental update).
    """
    reader = PdfFileReader(io.BytesIO(pdf))
    expected = document_info(pdf)["expected"]
    done = len(_signatures(reader))
    if not expected:
        raise SigningError("the document has no signature page")
    if done >= expected:
        raise SigningError("every officer has signed: the document is locked")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=f"{FIELD_PREFIX}{done + 1}",
        name=identity.name,
        reason=reason,
        location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        # The first signature certifies; the last one (a lone signatory's too) locks.
        certify=done == 0,
        docmdp_permissions=(
            fields.MDPPerm.NO_CHANGES if done + 1 == expected else fields.MDPPerm.FILL_FORMS
        ),
    )
    style = _stamp_style(stamp_text)
    pdf_signer = signers.PdfSigner(
        metadata,
        identity.signer,
        timestamper=timestamper,
        stamp_style=style,
    )
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out, bytes_reserved=SIGNATURE_BYTES)
    return out.getvalue()


@dataclass(frozen=True)
class _InMemoryFont(GlyphAccumulatorFactory):
    """pyHanko's factory reads the font through a file handle it never closes: hand it the
    bytes instead (the stamp subsets and embeds the font, so any name prints)."""

    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        engine = GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(Path(self.font_file).read_bytes()),
            font_size=self.font_size,
            ot_script_tag=self.ot_script_tag,
            ot_language_tag=self.ot_language_tag,
            writing_direction=self.writing_direction,
            bcp47_lang_code=self.bcp47_lang_code,
            obj_stream=obj_stream,
        )
        _thousand_units(engine)
        return engine


def _thousand_units(engine: GlyphAccumulator) -> None:
    """Work in the PDF's 1/1000 em text units whatever the font's own units per em.

    pyHanko writes the glyph widths (/W) and the TJ adjustments in the font's units: right for a
    font of 1000 units per em, but DejaVu has 2048, so every glyph was drawn twice as wide as it
    is. Shaping at a scale of 1000 and scaling the widths as they are recorded fixes both.
    """
    units = engine.units_per_em
    if units == 1000:
        return
    engine.hb_font.scale = (1000, 1000)
    engine.units_per_em = 1000
    measure = engine._get_cid_and_width  # records the width it reads, in font units
    scaled_ids: set[int] = set()

    def scaled(glyph_id: int) -> tuple[int, int]:
        if glyph_id not in scaled_ids:
            cid, width = measure(glyph_id)
            engine._glyphs[glyph_id] = (cid, round(width * 1000 / units))
            scaled_ids.add(glyph_id)
        return engine._glyphs[glyph_id]

    engine._get_cid_and_width = scaled


def _stamp_style(stamp_text: str) -> TextStampStyle:
    return TextStampStyle(
        stamp_text=stamp_text,
        text_box_style=TextBoxStyle(font=_InMemoryFont(str(REGULAR_PATH), font_size=8)),
        border_width=1,
    )


# --- Checking -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureCheck:
    """What one embedded signature proves."""

    field: str
    #: The certificate holder (subject of the signing certificate).
    certificate_subject: str
    #: The name the signature claims to be made for (the officer).
    signer_name: str
    #: The bytes it covers are unchanged.
    intact: bool
    #: The cryptographic signature matches the certificate.
    valid: bool
    #: The certificate chains to a configured trust root (and is usable for signing).
    trusted: bool
    #: An RFC 3161 timestamp token is embedded, and whether it checks out.
    timestamped: bool
    timestamp_valid: bool
    #: The timestamp's time, or else the time claimed by the signer's computer.
    signed_at: datetime | None
    #: Changes made after this signature are allowed by the document's DocMDP and field locks.
    changes_allowed: bool

    @property
    def ok(self) -> bool:
        timestamp_ok = self.timestamp_valid or not self.timestamped
        return self.intact and self.valid and self.trusted and timestamp_ok and self.changes_allowed


@dataclass(frozen=True)
class DocumentCheck:
    """Every signature of a document, and the document-level facts."""

    signatures: tuple[SignatureCheck, ...]
    expected: int
    document_id: str
    chain_head: str
    #: The file could not be read as a signed PDF (the message says why).
    error: str = ""

    @property
    def complete(self) -> bool:
        return len(self.signatures) >= self.expected > 0

    @property
    def ok(self) -> bool:
        return not self.error and bool(self.signatures) and all(s.ok for s in self.signatures)

    @property
    def timestamped(self) -> bool:
        return bool(self.signatures) and all(s.timestamped for s in self.signatures)


def trust_roots_from(paths: Sequence[str | Path]) -> list[asn1_x509.Certificate]:
    """Load PEM or DER certificates (the CAs whose certificates the instance trusts)."""
    from pyhanko.keys import load_cert_from_pemder

    return [load_cert_from_pemder(str(path)) for path in paths]


def verify(pdf: bytes, trust_roots: Sequence[asn1_x509.Certificate]) -> DocumentCheck:
    """Check every signature, its timestamp and the changes made after it."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        info = document_info(pdf)
        embedded = _signatures(reader)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        return DocumentCheck((), 0, "", "", error=f"unreadable PDF: {exc}")
    context = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False)
    checks = []
    for signature in embedded:
        try:
            status = validate_pdf_signature(signature, context, ts_validation_context=context)
        except (PdfError, ValueError, KeyError) as exc:
            return DocumentCheck(tuple(checks), info["expected"], "", "", error=str(exc))
        stamp = status.timestamp_validity
        checks.append(
            SignatureCheck(
                field=signature.field_name,
                certificate_subject=status.signing_cert.subject.human_friendly,
                signer_name=str(signature.sig_object.get("/Name", "")),
                intact=status.intact,
                valid=status.valid,
                trusted=status.trusted,
                timestamped=stamp is not None,
                timestamp_valid=bool(stamp is not None and stamp.valid and stamp.intact),
                signed_at=stamp.timestamp if stamp is not None else status.signer_reported_dt,
                changes_allowed=bool(status.docmdp_ok),
            )
        )
    return DocumentCheck(
        tuple(checks), int(info["expected"]), str(info["document_id"]), str(info["chain_head"])
    )
