"""Members pages: list, member page, admission, deliberations, mandates, compliance, application."""

from __future__ import annotations

import io
from pathlib import Path

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from scic.cooperatives import navigation
from scic.cooperatives.access import (
    MANAGERS,
    READERS,
    cooperative_blueprint,
    cooperative_role,
    has_role,
)
from scic.cooperatives.dashboard import register_panel
from scic.cooperatives.models import Category, College, Cooperative, Role
from scic.cooperatives.services import invite
from scic.core import charts, clock
from scic.core.db import db, get_or_404
from scic.core.extensions import limiter
from scic.core.i18n import _, _l, format_percent, label
from scic.core.messages import describe
from scic.core.views import (
    commit_and_answer,
    flash_form_errors,
    flash_violations,
    run_and_commit,
    show_by_fields,
)
from scic.core.violations import RuleViolation, Violation
from scic.membership import queries, services, views_designation
from scic.membership.forms import (
    AUTHORITY_LABELS,
    CANCELLATION_LABELS,
    ROLE_LABELS,
    ApplicationForm,
    CancellationForm,
    CategoryForm,
    ConfirmExecutoryForm,
    ConsentForm,
    DecisionForm,
    DeliberationForm,
    DocumentForm,
    MandateForm,
    MemberCreateForm,
    MemberEditForm,
    MemberSearchForm,
    RefusalForm,
    StatusForm,
)
from scic.membership.labels import EXIT_CAUSE_LABELS, KIND_LABELS, STATUS_LABELS
from scic.membership.models import Deliberation, Member
from scic.membership.rules import referral_window
from scic.workflows import deliberations as deliberation_workflow
from scic.workflows.compliance import compliance_text_at

bp = cooperative_blueprint("members", __name__)
blueprints = (bp, *views_designation.blueprints)

#: Endpoints of this blueprint anyone may open (tests/test_access.py skips them).
PUBLIC_ENDPOINTS = frozenset({"members.apply"})
#: Default cap on an uploaded deliberation (the app-wide MAX_CONTENT_LENGTH is the hard limit).
DEFAULT_DELIBERATION_MAX_BYTES = 5 * 1024 * 1024

navigation.add_entry(10, "members.member_list", _l("Members"), READERS)
navigation.add_entry(85, "members.compliance_panel", _l("Compliance"), READERS)


@bp.app_template_filter("member_kind")
def _kind_label(kind: str) -> str:
    return label(KIND_LABELS.get(kind, kind))


@bp.app_template_filter("authority_type")
def _authority_type_label(kind: str | None) -> str:
    return label(AUTHORITY_LABELS.get(kind or "", kind or ""))


@bp.app_template_filter("exit_cause")
def _exit_cause_label(cause: str) -> str:
    return label(EXIT_CAUSE_LABELS.get(cause, cause))


@bp.app_template_filter("member_status")
def _status_label(status: str) -> str:
    return label(STATUS_LABELS.get(status, status))


@bp.app_template_filter("mandate_role")
def _role_label(role: str) -> str:
    return label(ROLE_LABELS.get(role, role))


def _category_choices(cooperative: Cooperative) -> list[tuple[int, str]]:
    return [(c.id, f"{c.name} ({c.code})") for c in queries.categories_of(cooperative)]


def _category(category_id: int) -> Category:
    return get_or_404(Category, category_id, cooperative_id=g.cooperative.id)


def _member(member_id: int) -> Member:
    return get_or_404(Member, member_id, cooperative_id=g.cooperative.id)


def _back(member: Member):
    return redirect(url_for(".member_page", member_id=member.id), code=303)


# --- List and member page -----------------------------------------------------------------------


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@bp.get("/members")
@cooperative_role(*READERS)
def member_list():
    """Search, filter, sort and page through the members."""
    form = MemberSearchForm(request.args)
    for select_field, model in ((form.category, Category), (form.college, College)):
        select_field.choices = [
            ("", _("All")),
            *((str(id_), name) for id_, name in queries.choices_of(model, g.cooperative)),
        ]
    filters = queries.MemberFilters(
        q=request.args.get("q", "")[:100],
        status=request.args.get("status", ""),
        kind=request.args.get("kind", ""),
        category_id=_int_or_none(request.args.get("category")),
        college_id=_int_or_none(request.args.get("college")),
        sort=request.args.get("sort", "number"),
        descending=request.args.get("order") == "desc",
        page=_int_or_none(request.args.get("page")) or 1,
    )
    page = queries.member_list(g.cooperative, filters, current_app.config["PAGE_SIZE"])
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "membership/member_list.html",
        page=page,
        form=form,
        args=args,
        can_manage=has_role(*MANAGERS),
    )


@bp.get("/members/<int:member_id>")
@cooperative_role(*READERS)
def member_page(member_id: int):
    """Identity, status history, placements, deliberations, mandates and voting weight."""
    return _render_member_page(_member(member_id))


def _render_member_page(member: Member, status: int = 200, **bound_forms):
    """The member page; ``bound_forms`` replace the blank ones (a refused form keeps the input
    and shows each reason next to its field)."""
    member = queries.member_page(member)
    today = clock.today()
    can_manage = has_role(*MANAGERS)
    context = {
        "member": member,
        "history": queries.member_history(member),
        "weight": queries.member_voting_weight(member, today),
        "today": today,
        "can_manage": can_manage,
        "deliberation_enforceable": services.member_deliberation_enforceable(member, today),
        "deliberation_life": {
            d.id: referral_window(d.transmitted_to_prefect_on, today) for d in member.deliberations
        },
        "cancellation_labels": CANCELLATION_LABELS,
    }
    if can_manage:
        categories = _category_choices(g.cooperative)
        category_form = CategoryForm(prefix="category", on=today)
        category_form.category.choices = categories
        mandate_form = MandateForm(prefix="mandate", valid_from=today)
        mandate_form.deliberation.choices = [(0, _("None"))] + [
            (d.id, f"{d.reference} ({d.adopted_on})") for d in member.deliberations
        ]
        context.update(
            admission_problems=[describe(v) for v in services.admission_problems(member, today)]
            if member.status == "candidate"
            else [],
            decision_form=DecisionForm(prefix="admit", decided_on=today),
            refusal_form=RefusalForm(prefix="refuse", decided_on=today),
            status_form=StatusForm(prefix="status", on=today),
            consent_form=ConsentForm(
                prefix="consent",
                consent=member.econvocation_consent_on is not None,
                on=member.econvocation_consent_on or today,
            ),
            category_form=category_form,
            deliberation_form=DeliberationForm(prefix="deliberation"),
            confirm_form=ConfirmExecutoryForm(prefix="confirm"),
            cancellation_form=CancellationForm(prefix="cancel", cancelled_on=today),
            document_form=DocumentForm(prefix="document"),
            mandate_form=mandate_form,
        )
        context.update(bound_forms)
    return render_template("membership/member_page.html", **context), status


@bp.route("/members/new", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def new_member():
    """Record an application made to the secretary."""
    form = MemberCreateForm(applied_on=clock.today())
    form.category.choices = _category_choices(g.cooperative)
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("membership/member_new.html", form=form), status
    try:
        member = services.create_candidate(
            g.cooperative,
            _member_data(form),
            _category(form.category.data),
            applied_on=form.applied_on.data,
            by=current_user,
        )
    except RuleViolation as exc:
        flash_violations(exc.violations)
        return render_template("membership/member_new.html", form=form), 400
    db.session.commit()
    flash(_("Candidate no. %(number)s recorded.", number=member.number), "success")
    return _back(member)


def _member_data(form) -> services.MemberData:
    return services.MemberData(
        kind=form.kind.data,
        name=form.name.data or "",
        first_name=form.first_name.data or "",
        email=form.email.data or "",
        phone=(form.phone.data or "") if hasattr(form, "phone") else "",
        address=form.address.data or "",
        siren=form.siren.data or "",
        authority_type=form.authority_type.data or None,
    )


@bp.route("/members/<int:member_id>/edit", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def edit_member(member_id: int):
    """Edit identity and contact; a concurrent edit is refused, never silently lost."""
    member = _member(member_id)
    form = MemberEditForm(obj=member if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = str(member.version)
        form.authority_type.data = member.authority_type or ""
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("membership/member_edit.html", form=form, member=member), status
    data = {name: getattr(form, name).data for name in services.EDITABLE_FIELDS}
    try:
        services.update_member(member, data, int(form.version.data), by=current_user)
        db.session.commit()
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return render_template("membership/member_edit.html", form=form, member=member), 409
    except StaleDataError:
        db.session.rollback()
        flash(describe(Violation("stale_member")), "error")
        return render_template("membership/member_edit.html", form=form, member=member), 409
    flash(_("Member updated."), "success")
    return _back(member)


# --- Decisions on a member ----------------------------------------------------------------------


def _refused_form(member: Member, exc: RuleViolation, **bound_forms):
    """The member page again, the refused form keeping its input, each reason by its field."""
    db.session.rollback()
    for form in bound_forms.values():
        show_by_fields(form, exc.violations)
    return _render_member_page(member, 422, **bound_forms)


def _run(member: Member, action, success: str, refused=None):
    """Call one service, commit once, flash, and go back to the member page (303).

    ``refused(exc)`` answers a refusal instead (the page again with the form's input).
    """
    if refused is None:
        return run_and_commit(action, success, _back(member))
    try:
        action()
    except RuleViolation as exc:
        return refused(exc)
    return commit_and_answer(success, _back(member))


@bp.post("/members/<int:member_id>/admit")
@cooperative_role(*MANAGERS)
def admit(member_id: int):
    member = _member(member_id)
    form = DecisionForm(prefix="admit")
    if not form.validate():
        flash_form_errors(form)
        return _back(member)
    return _run(
        member,
        lambda: services.admit_member(
            member, form.decided_on.data, form.decision_ref.data, by=current_user
        ),
        _("Member admitted."),
    )


@bp.post("/members/<int:member_id>/refuse")
@cooperative_role(*MANAGERS)
def refuse(member_id: int):
    member = _member(member_id)
    form = RefusalForm(prefix="refuse")
    if not form.validate():
        flash_form_errors(form)
        return _back(member)
    return _run(
        member,
        lambda: services.refuse_candidate(
            member, form.decided_on.data, form.reason.data, by=current_user
        ),
        _("Application refused."),
    )


@bp.post("/members/<int:member_id>/status")
@cooperative_role(*MANAGERS)
def change_status(member_id: int):
    member = _member(member_id)
    form = StatusForm(prefix="status")
    if not form.validate():
        flash_form_errors(form)
        return _back(member)
    return _run(
        member,
        lambda: services.change_status(
            member,
            form.status.data,
            form.on.data,
            by=current_user,
            decision_ref=form.decision_ref.data or "",
            cause=form.cause.data or "",
        ),
        _("Status changed."),
    )


@bp.post("/members/<int:member_id>/consent")
@cooperative_role(*MANAGERS)
def consent(member_id: int):
    member = _member(member_id)
    form = ConsentForm(prefix="consent")
    if not form.validate() or (form.consent.data and not form.on.data):
        flash_form_errors(form)
        if form.consent.data and not form.on.data:
            flash(_("Give the date of the written consent."), "error")
        return _back(member)
    on = form.on.data if form.consent.data else None
    return _run(
        member,
        lambda: services.record_econvocation_consent(member, on, by=current_user),
        _("Consent to electronic convocation recorded."),
    )


@bp.post("/members/<int:member_id>/category")
@cooperative_role(*MANAGERS)
def change_category(member_id: int):
    member = _member(member_id)
    form = CategoryForm(prefix="category")
    form.category.choices = _category_choices(g.cooperative)
    if not form.validate():
        flash_form_errors(form)
        return _back(member)
    category = _category(form.category.data)
    return _run(
        member,
        lambda: services.change_category(
            member,
            category,
            form.on.data,
            by=current_user,
            decision_ref=form.decision_ref.data or "",
        ),
        _("Category changed."),
    )


# --- Deliberations (R-LA-5) ---------------------------------------------------------------------


def _upload_dir() -> Path:
    return Path(current_app.instance_path) / "uploads"


def _max_bytes() -> int:
    return int(current_app.config.get("DELIBERATION_MAX_BYTES", DEFAULT_DELIBERATION_MAX_BYTES))


@bp.post("/members/<int:member_id>/deliberations")
@cooperative_role(*MANAGERS)
def add_deliberation(member_id: int):
    """Record a council deliberation, with its PDF if one is attached (one transaction)."""
    member = _member(member_id)
    form = DeliberationForm(prefix="deliberation")
    if not form.validate():
        return _render_member_page(member, 400, deliberation_form=form)
    upload = form.document.data
    content = upload.read() if upload and upload.filename else None

    def action():
        deliberation = services.record_deliberation(
            member,
            reference=form.reference.data,
            adopted_on=form.adopted_on.data,
            purpose=form.purpose.data,
            transmitted_to_prefect_on=form.transmitted_to_prefect_on.data,
            published_on=form.published_on.data,
            executory_on=form.executory_on.data,
            authorised_shares=form.authorised_shares.data,
            acknowledgement_ref=form.acknowledgement_ref.data or "",
            operating_revenue_cents=int(form.operating_revenue.data * 100)
            if form.operating_revenue.data is not None
            else None,
            by=current_user,
        )
        if content is not None:
            services.attach_deliberation_document(
                deliberation,
                content,
                upload_dir=_upload_dir(),
                max_bytes=_max_bytes(),
                by=current_user,
            )

    return _run(
        member,
        action,
        _("Deliberation recorded."),
        refused=lambda exc: _refused_form(member, exc, deliberation_form=form),
    )


def _deliberation(member: Member, deliberation_id: int) -> Deliberation:
    deliberation = get_or_404(Deliberation, deliberation_id, cooperative_id=g.cooperative.id)
    if deliberation.member_id != member.id:
        abort(404)
    return deliberation


@bp.post("/members/<int:member_id>/deliberations/<int:deliberation_id>/confirm")
@cooperative_role(*MANAGERS)
def confirm_deliberation(member_id: int, deliberation_id: int):
    member = _member(member_id)
    deliberation = _deliberation(member, deliberation_id)
    form = ConfirmExecutoryForm(prefix="confirm")
    if not form.validate():
        flash_form_errors(form)
        return _back(member)
    return _run(
        member,
        lambda: services.confirm_executory_date(
            deliberation, form.executory_on.data, by=current_user
        ),
        _("Executory date confirmed."),
    )


@bp.post("/members/<int:member_id>/deliberations/<int:deliberation_id>/cancel")
@cooperative_role(*MANAGERS)
def cancel_deliberation(member_id: int, deliberation_id: int):
    """Record a withdrawal or an annulment; a joining deliberation's entry is undone with it."""
    member = _member(member_id)
    deliberation = _deliberation(member, deliberation_id)
    form = CancellationForm(prefix="cancel")
    if not form.validate():
        flash_form_errors(form)
        return _back(member)
    return _run(
        member,
        lambda: deliberation_workflow.cancel_deliberation(
            deliberation,
            on=form.cancelled_on.data,
            kind=form.kind.data,
            reference=form.reference.data,
            by=current_user,
        ),
        _("The deliberation no longer has effect; the registers show it."),
    )


@bp.post("/members/<int:member_id>/deliberations/<int:deliberation_id>/document")
@cooperative_role(*MANAGERS)
def upload_document(member_id: int, deliberation_id: int):
    member = _member(member_id)
    deliberation = _deliberation(member, deliberation_id)
    form = DocumentForm(prefix="document")
    if not form.validate():
        flash_form_errors(form)
        return _back(member)
    content = form.document.data.read()
    return _run(
        member,
        lambda: services.attach_deliberation_document(
            deliberation, content, upload_dir=_upload_dir(), max_bytes=_max_bytes(), by=current_user
        ),
        _("Document stored."),
    )


@bp.get("/members/<int:member_id>/deliberations/<int:deliberation_id>/document")
@cooperative_role(*READERS)
def download_document(member_id: int, deliberation_id: int):
    """Serve the PDF as an attachment (never rendered inline from our origin)."""
    member = _member(member_id)
    deliberation = _deliberation(member, deliberation_id)
    if not deliberation.document_name:
        abort(404)
    path = _upload_dir() / deliberation.document_name
    if not path.is_file():
        abort(404)
    return send_file(
        io.BytesIO(path.read_bytes()),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"deliberation-{deliberation.id}.pdf",
    )


# --- Mandates -----------------------------------------------------------------------------------


@bp.post("/members/<int:member_id>/mandates")
@cooperative_role(*MANAGERS)
def designate(member_id: int):
    """Designate (or replace) a representative; optionally give them an account to vote."""
    member = _member(member_id)
    form = MandateForm(prefix="mandate")
    form.deliberation.choices = [(0, "")] + [(d.id, d.reference) for d in member.deliberations]
    if not form.validate():
        return _render_member_page(member, 400, mandate_form=form)
    deliberation = _deliberation(member, form.deliberation.data) if form.deliberation.data else None
    if form.create_account.data and not form.email.data:
        flash(_("An e-mail address is needed to give an account."), "error")
        return _back(member)

    def action():
        user = None
        if form.create_account.data:
            user, _created = invite(
                g.cooperative,
                form.email.data,
                Role.REPRESENTATIVE,
                full_name=form.full_name.data,
                by=current_user,
            )
        services.designate_representative(
            member,
            form.full_name.data,
            form.role.data,
            form.valid_from.data,
            form.valid_to.data,
            deliberation,
            form.email.data or "",
            user,
            function=form.function.data or "",
            designation_ref=form.designation_ref.data or "",
            by=current_user,
        )

    return _run(
        member,
        action,
        _("Representative designated."),
        refused=lambda exc: _refused_form(member, exc, mandate_form=form),
    )


# --- Compliance and dashboard -------------------------------------------------------------------


@bp.get("/compliance")
@cooperative_role(*READERS)
def compliance_panel():
    """Every rule the cooperative is checked against today, breaches first, with what to do."""
    today = clock.today()
    lines = compliance_text_at(g.cooperative, today)
    return render_template("membership/compliance.html", lines=lines, today=today)


def _weight_chart(colleges) -> Markup | None:
    """Bars of the weight one member's vote carries in each college (R-CAT-7, R-LA-4)."""
    rows = [r for r in colleges if r.per_member is not None]
    if not rows:
        return None
    bars = [(r.college.name, r.per_member, format_percent(r.per_member / 100)) for r in rows]
    return charts.bar_chart(
        bars,
        title=_("Weight of one member's vote by college"),
        desc="; ".join(
            _(
                "%(college)s: %(weight)s per member (%(members)s members)",
                college=name,
                weight=text,
                members=r.members,
            )
            for (name, _value, text), r in zip(bars, rows, strict=True)
        ),
    )


@register_panel
def _membership_panel(cooperative: Cooperative) -> dict | None:
    """Dashboard: colleges and weights, representatives, candidates, assumed deliberations."""
    if not has_role(*READERS):  # members and representatives see nothing of the register
        return None
    today = clock.today()
    colleges = queries.college_table(cooperative, today)
    return {
        "template": "membership/_panel.html",
        "colleges": colleges,
        "weight_chart": _weight_chart(colleges),
        "without_representative": queries.without_representative(cooperative, today),
        "candidates": queries.pending_candidates(cooperative),
        "assumed": queries.assumed_deliberations(cooperative),
    }


# --- Public application form --------------------------------------------------------------------


def _public_cooperative() -> Cooperative:
    cooperative = db.session.scalar(select(Cooperative).where(Cooperative.slug == g.slug))
    if cooperative is None:
        abort(404)
    return cooperative


def _apply_limit() -> str:
    return current_app.config.get("RATELIMIT_APPLY", "20 per hour")


@bp.route("/apply", methods=["GET", "POST"])
@limiter.limit(_apply_limit, methods=["POST"])
def apply():
    """Anyone may apply to join: shows only the cooperative's name and its categories."""
    cooperative = _public_cooperative()
    categories = queries.categories_of(cooperative)
    form = ApplicationForm()
    form.category.choices = [(c.id, c.name) for c in categories]
    context = {"public_name": cooperative.name, "categories": categories, "form": form}
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("membership/apply.html", **context), status
    category = next(c for c in categories if c.id == form.category.data)
    try:
        services.create_candidate(
            cooperative, _member_data(form), category, applied_on=clock.today(), by=None
        )
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return render_template("membership/apply.html", **context), 400
    db.session.commit()
    return render_template("membership/apply_done.html", public_name=cooperative.name)
