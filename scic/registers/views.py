"""The auditor's view: registers, exports, audit log and integrity, all read-only.

The only POST asks a worker for a large document (scic.registers.background): it records the
document to produce, and nothing of the cooperative's records.
"""

from __future__ import annotations

import io
from datetime import date

from flask import (
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from scic.assemblies.models import Assembly
from scic.cooperatives import navigation
from scic.cooperatives.access import (
    MANAGERS,
    READERS,
    cooperative_blueprint,
    cooperative_role,
    has_role,
)
from scic.cooperatives.models import Role
from scic.core import clock, files
from scic.core.db import db, get_or_404
from scic.core.forms import choices
from scic.core.i18n import _, _l
from scic.core.views import flash_violations
from scic.core.violations import Violation
from scic.membership.models import Member
from scic.registers import (
    assembly_documents,
    audit_words,
    exports,
    movement_queries,
    queries,
    views_authorities,
    views_entry,
    views_personal,
)
from scic.registers.background import start_export
from scic.registers.forms import AuditFilterForm
from scic.registers.integrity import checkpoint_state, verify_cooperative
from scic.registers.rules import check_period, check_register_date
from scic.workflows.compliance import compliance_at

bp = cooperative_blueprint("registers", __name__, "/registers")
blueprints = (
    bp,
    *views_personal.blueprints,
    *views_authorities.blueprints,
    *views_entry.blueprints,
)

navigation.add_entry(80, "registers.index", _l("Registers and audit"), READERS)

# The audit log in words, wherever an entry is shown (this log, a member's history).
bp.add_app_template_filter(audit_words.action_label, "audit_action")
bp.add_app_template_filter(audit_words.target_label, "audit_target")
bp.add_app_template_filter(audit_words.changes, "audit_changes")
bp.add_app_template_filter(audit_words.chain_label, "chain_label")

#: Documents drawn in the request below this many rows; larger ones go to the background.
DEFAULT_SYNC_MAX_ROWS = 2000
PER_PAGE = 50


def _locale() -> str:
    from scic.core.i18n import _locale as current_locale

    return current_locale()


def _date_arg(name: str, default: date | None, problems: list[Violation]) -> date | None:
    value = (request.args.get(name) or "").strip()
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(Violation("register_invalid_date", params={"value": value}))
        return default


def _parse_request(
    kind: str,
) -> tuple[exports.DocumentRequest | None, Member | None, list[Violation]]:
    problems: list[Violation] = []
    today = clock.today()
    at = _date_arg("at", today, problems)
    start = _date_arg("from", None, problems)
    member = None
    if kind == "member_sheet_pdf":
        number = (request.args.get("number") or "").strip()
        member = db.session.scalar(
            select(Member).where(
                Member.cooperative_id == g.cooperative.id,
                Member.number == (int(number) if number.isdigit() else -1),
            )
        )
        if member is None:
            problems.append(Violation("register_unknown_member", params={"number": number}))
    if problems:
        return None, None, problems
    problems += check_register_date(at, queries.first_day(g.cooperative), today)
    problems += check_period(start, at)
    if problems:
        return None, None, problems
    return exports.DocumentRequest(kind, at, start, member.id if member else None), member, []


def _too_large(document: exports.DocumentRequest) -> bool:
    limit = current_app.config.get("REGISTERS_SYNC_MAX_ROWS", DEFAULT_SYNC_MAX_ROWS)
    if document.kind in ("members_pdf", "bundle_zip", "members_csv", "members_json"):
        members = queries.register_summary(g.cooperative, document.at).member_count
        if members > limit:
            return True
    if document.kind in ("movements_pdf", "bundle_zip", "movements_csv", "movements_json"):
        return (
            movement_queries.count_movements(g.cooperative, document.start, document.at) > 3 * limit
        )
    return False


def _index_context() -> dict:
    return {"today": clock.today(), "first_day": queries.first_day(g.cooperative)}


@bp.get("/")
@cooperative_role(*READERS)
def index():
    """Downloads with a date picker, links to the audit log and the integrity check."""
    return render_template("registers/registers_index.html", **_index_context())


def _compliance(kind: str, at: date) -> list:
    """The compliance checks a document includes, computed here: registers cannot run them."""
    return compliance_at(g.cooperative, at) if exports.needs_compliance(kind) else []


@bp.get("/document")
@cooperative_role(*READERS)
def document():
    """Download a document now, or offer to generate it in the background when it is large."""
    kind = request.args.get("kind", "")
    if kind not in exports.KINDS:
        abort(404)
    wanted, member, problems = _parse_request(kind)
    if problems:
        flash_violations(problems)
        return render_template("registers/registers_index.html", **_index_context()), 400
    if _too_large(wanted):
        return render_template(
            "registers/export_large.html",
            document=wanted,
            filename=exports.filename(g.cooperative, wanted),
        )
    buffer = io.BytesIO()
    exports.write_document(
        buffer,
        g.cooperative,
        wanted,
        locale=_locale(),
        now=clock.now(),
        member=member,
        compliance=_compliance(kind, wanted.at),
    )
    current_app.logger.info(
        "User %s downloaded %s of %s for %s", current_user.id, kind, g.cooperative.slug, wanted.at
    )
    buffer.seek(0)
    return send_file(
        buffer,
        mimetype=exports.mimetype(kind),
        as_attachment=True,
        download_name=exports.filename(g.cooperative, wanted),
    )


@bp.post("/exports")
@cooperative_role(*READERS)
def generate():
    """Ask a worker for a large document; the page that follows shows its progress."""
    kind = request.form.get("kind", "")
    if kind not in exports.KINDS or kind == "member_sheet_pdf":
        abort(404)
    problems: list[Violation] = []
    today = clock.today()
    values = {}
    for name in ("at", "from"):
        value = (request.form.get(name) or "").strip()
        try:
            values[name] = date.fromisoformat(value) if value else None
        except ValueError:
            problems.append(Violation("register_invalid_date", params={"value": value}))
    at = values.get("at") or today
    if not problems:
        problems += check_register_date(at, queries.first_day(g.cooperative), today)
        problems += check_period(values.get("from"), at)
    if problems:
        flash_violations(problems)
        return redirect(url_for(".index"), code=303)
    token = start_export(
        g.cooperative,
        exports.DocumentRequest(kind, at, values.get("from")),
        locale=_locale(),
        by_id=current_user.id,
        compliance=_compliance(kind, at),
        now=clock.now(),
    )
    db.session.commit()
    return redirect(url_for(".export_progress", token=token), code=303)


def _export_status(token: str) -> dict:
    """The state of a document of this cooperative (404 for an unknown or foreign token)."""
    record = files.find(token, cooperative_id=g.cooperative.id)
    if record is None:
        abort(404)
    if record.state == files.PENDING:
        done, total = files.progress(token)
        state = "running"
    else:
        done = total = 1 if record.state == files.DONE else 0
        state = record.state
    return {"state": state, "done": done, "total": total, "filename": record.filename}


@bp.get("/exports/<token>")
@cooperative_role(*READERS)
def export_progress(token: str):
    status = _export_status(token)
    return render_template("registers/export_progress.html", token=token, status=status)


@bp.get("/exports/<token>/status")
@cooperative_role(*READERS)
def export_status(token: str):
    status = _export_status(token)
    done = status["state"] == files.DONE
    return jsonify(
        state=status["state"],
        done=status["done"],
        total=status["total"],
        download_url=url_for(".export_download", token=token) if done else None,
    )


@bp.get("/exports/<token>/download")
@cooperative_role(*READERS)
def export_download(token: str):
    record = files.find(token, cooperative_id=g.cooperative.id)
    if record is None or record.state != files.DONE:
        abort(404)
    return send_file(
        io.BytesIO(files.read(record)),
        mimetype=record.mimetype,
        as_attachment=True,
        download_name=record.filename,
    )


@bp.get("/audit")
@cooperative_role(*READERS)
def audit_log():
    """The audit log with filters (action, actor, dates, target) and pagination."""
    form = AuditFilterForm(request.args)
    actions, targets = queries.audit_choices(g.cooperative)
    form.action.choices = choices(
        [("", _("All")), *((a, audit_words.action_label(a)) for a in actions)]
    )
    form.target_type.choices = choices(
        [("", _("Any")), *((t, audit_words.target_label(t)) for t in targets)]
    )
    valid = form.validate()

    def value(field):
        return None if field.errors else field.data

    filters = queries.AuditFilter(
        action=(value(form.action) or "").strip(),
        actor=(value(form.actor) or "").strip(),
        start=value(form.date_from),
        end=value(form.date_to),
        target_type=(value(form.target_type) or "").strip(),
        target_id=value(form.target_id),
    )
    pagination, actors = queries.audit_page(g.cooperative, filters, form.page_number(), PER_PAGE)
    if form.page_number() > max(1, pagination.pages):
        abort(404)
    return render_template(
        "registers/audit_log.html",
        form=form,
        pagination=pagination,
        actors=actors,
        args=form.query_args(),
    ), 200 if valid else 400


@bp.get("/integrity")
@cooperative_role(*READERS)
def integrity():
    """Walk every hash chain of the cooperative and show each head (and any break)."""
    reports = verify_cooperative(g.cooperative)
    return render_template(
        "registers/integrity_report.html",
        reports=reports,
        reasons=BREAK_REASONS,
        checkpoint=checkpoint_state(g.cooperative),
    )


#: What each kind of break means (scic.core.chain.walk_chain).
BREAK_REASONS = {
    "previous_hash_mismatch": _l("its link to the entry before it does not match"),
    "content_hash_mismatch": _l("its content does not match its keyed hash"),
    "checkpoint_mismatch": _l("its hash differs from the checkpoint kept outside the database"),
    "missing_tail": _l("this entry, recorded in the checkpoint, is missing: the chain was cut off"),
}


# --- Assembly papers (issue 5 item 5, issue 7 item 3) ------------------------------------------

navigation.add_entry(81, "registers.minutes_register", _l("Register of minutes"), READERS)


def _assembly_pdf(assembly, document: str, filename: str, **kwargs):
    buffer = io.BytesIO()
    assembly_documents.DOCUMENT_WRITERS[document][0](
        buffer, assembly, locale=_locale(), now=clock.now(), **kwargs
    )
    current_app.logger.info(
        "User %s downloaded the %s of assembly %s", current_user.id, document, assembly.id
    )
    buffer.seek(0)
    return send_file(buffer, mimetype="application/pdf", as_attachment=True, download_name=filename)


@bp.get("/assemblies/<int:assembly_id>/minutes.pdf")
@cooperative_role(*READERS, Role.MEMBER, Role.REPRESENTATIVE)
def assembly_minutes(assembly_id: int):
    """The minutes PDF; members and representatives read those of a finished assembly."""
    assembly = get_or_404(Assembly, assembly_id, cooperative_id=g.cooperative.id)
    if not has_role(*READERS) and assembly.status not in assembly_documents.MINUTES_STATUSES:
        abort(404)
    return _assembly_pdf(assembly, "minutes", assembly_documents.minutes_filename(assembly))


@bp.get("/assemblies/<int:assembly_id>/attendance.pdf")
@cooperative_role(*READERS)
def assembly_attendance(assembly_id: int):
    """The attendance sheet with the proxies annexed."""
    assembly = get_or_404(Assembly, assembly_id, cooperative_id=g.cooperative.id)
    return _assembly_pdf(assembly, "attendance", assembly_documents.attendance_filename(assembly))


@bp.get("/assemblies/<int:assembly_id>/convocation.pdf")
@cooperative_role(*READERS)
def assembly_convocation(assembly_id: int):
    """Convocation letters for the paper list (or one member with ``?member=NUMBER``)."""
    assembly = get_or_404(Assembly, assembly_id, cooperative_id=g.cooperative.id)
    members = None
    number = (request.args.get("member") or "").strip()
    if number:
        member = db.session.scalar(
            select(Member).where(
                Member.cooperative_id == g.cooperative.id,
                Member.number == (int(number) if number.isdigit() else -1),
            )
        )
        if member is None:
            abort(404)
        members = [member]
    return _assembly_pdf(
        assembly,
        "convocation",
        assembly_documents.convocation_filename(assembly),
        members=members,
    )


@bp.get("/minutes")
@cooperative_role(*READERS)
def minutes_register():
    """The register of minutes: every finished assembly, with its papers."""
    return render_template(
        "registers/minutes_register.html",
        assemblies=assembly_documents.minutes_register_rows(g.cooperative),
    )


@bp.get("/minutes.pdf")
@cooperative_role(*READERS)
def minutes_register_pdf():
    """One PDF with the signed minutes of every locked assembly, numbered across."""
    buffer = io.BytesIO()
    assembly_documents.write_minutes_register_pdf(
        buffer, g.cooperative, locale=_locale(), now=clock.now()
    )
    buffer.seek(0)
    return send_file(
        buffer,
        mimetype="application/pdf",
        as_attachment=True,
        download_name=assembly_documents.register_filename(g.cooperative),
    )


# --- Certificates (issue 4 item 7) --------------------------------------------------------------


def _member_visible(member_id: int) -> Member:
    """A member of this cooperative that the user may see: readers see all, a member only
    their own membership (another member's certificate is "not found")."""
    member = get_or_404(Member, member_id, cooperative_id=g.cooperative.id)
    if not has_role(*READERS) and member.user_id != current_user.id:
        abort(404)
    return member


@bp.get("/members/<int:member_id>/certificate.pdf")
@cooperative_role(*READERS, Role.MEMBER)
def certificate(member_id: int):
    """The share certificate (attestation de détention de parts) at a date (default today)."""
    from scic.registers.certificates import certificate_for

    member = _member_visible(member_id)
    problems: list[Violation] = []
    today = clock.today()
    at = _date_arg("at", today, problems)
    problems += check_register_date(at, queries.first_day(g.cooperative), today)
    if problems:
        flash_violations(problems)
        return redirect(url_for("registers.index"))
    pdf = certificate_for(member, at, generated_at=clock.now(), locale=_locale())
    current_app.logger.info(
        "User %s downloaded the certificate of member %s at %s", current_user.id, member.id, at
    )
    return send_file(
        io.BytesIO(pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"attestation-{member.number}-{at.isoformat()}.pdf",
    )


@bp.get("/members/<int:member_id>/subscription-form.pdf")
@cooperative_role(*MANAGERS)
def subscription_form(member_id: int):
    """The subscription form (bulletin de souscription) for ``shares`` shares, to sign."""
    from scic.registers.certificates import subscription_form_for

    member = get_or_404(Member, member_id, cooperative_id=g.cooperative.id)
    shares = request.args.get("shares", "")
    count = int(shares) if shares.isdigit() and int(shares) > 0 else member.category.min_shares
    pdf = subscription_form_for(member, count, generated_at=clock.now(), locale=_locale())
    return send_file(
        io.BytesIO(pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"bulletin-{member.number}.pdf",
    )
