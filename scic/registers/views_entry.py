"""A local authority's entry file for its council, and the capital certificate for the prefect."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from flask import abort, g, request, send_file

from scic.cooperatives.access import MANAGERS, READERS, cooperative_blueprint, cooperative_role
from scic.core import clock
from scic.core.db import get_or_404
from scic.core.i18n import get_locale
from scic.membership import queries as membership_queries
from scic.membership.models import Member
from scic.registers import entry_file
from scic.registers.designation_letters import designation_letters_pdf

bp = cooperative_blueprint("entry_file", __name__, "/local-authorities")
blueprints = (bp,)

_MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _query_date(name: str, default: date) -> date:
    text = request.args.get(name, "")
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(400)


def _draft(member_id: int, extension: str):
    """The draft deliberation for a local authority's council (planned shares and date)."""
    member = get_or_404(Member, member_id, cooperative_id=g.cooperative.id)
    if not member.is_local_authority:
        abort(404)
    shares = request.args.get("shares", type=int)
    if shares is None or not 1 <= shares <= 10_000_000:
        abort(400)
    entry = entry_file.entry_file(
        member, shares=shares, planned_on=_query_date("on", clock.today())
    )
    build = (
        entry_file.draft_deliberation_pdf
        if extension == "pdf"
        else entry_file.draft_deliberation_docx
    )
    return send_file(
        BytesIO(build(entry, locale=str(get_locale()))),
        mimetype=_MIMETYPES[extension],
        as_attachment=True,
        download_name=f"draft-deliberation-{g.cooperative.slug}-{member.number}.{extension}",
    )


@bp.get("/<int:member_id>/draft-deliberation.pdf")
@cooperative_role(*READERS)
def draft_deliberation(member_id: int):
    """The draft deliberation as a PDF."""
    return _draft(member_id, "pdf")


@bp.get("/<int:member_id>/draft-deliberation.docx")
@cooperative_role(*READERS)
def draft_deliberation_docx(member_id: int):
    """The draft deliberation as an editable DOCX."""
    return _draft(member_id, "docx")


@bp.get("/capital-certificate.pdf")
@cooperative_role(*READERS)
def capital_certificate():
    """Certificate of the capital and of the public share at a date (R-LA-1)."""
    today = clock.today()
    at = _query_date("at", today)
    if at > today:
        abort(400)
    pdf = entry_file.capital_certificate_pdf(g.cooperative, at, locale=str(get_locale()))
    return send_file(
        BytesIO(pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"capital-certificate-{g.cooperative.slug}-{at.isoformat()}.pdf",
    )


@bp.get("/designation-letters.pdf")
@cooperative_role(*MANAGERS)
def designation_letters():
    """Letters asking councils without a representative in office to designate one."""
    today = clock.today()
    lapsed = membership_queries.lapsed_authorities(g.cooperative, today)
    pdf = designation_letters_pdf(g.cooperative, lapsed, today=today, locale=str(get_locale()))
    return send_file(
        BytesIO(pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"designation-letters-{g.cooperative.slug}-{today.isoformat()}.pdf",
    )
