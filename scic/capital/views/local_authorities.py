"""Local authorities: the simulator and the guided entry (deliberation, representatives,
admission).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from scic.capital import queries, services
from scic.capital.forms import (
    AdmissionForm,
    AuthorityForm,
    RepresentativesForm,
    SimulatorForm,
    cents,
)
from scic.capital.views.blueprint import _decision, _done, _form_page, _member, _refused, _today, bp
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role, has_role
from scic.cooperatives.models import Category
from scic.core import clock
from scic.core.db import db, get_or_404
from scic.core.forms import choices
from scic.core.i18n import _, _l, ngettext
from scic.core.messages import describe
from scic.core.percent import from_percent, to_percent
from scic.core.views import Upload, chosen_upload, form_status, keep_for_next_attempt
from scic.core.violations import RuleViolation
from scic.membership import queries as membership_queries
from scic.membership import services as membership_services
from scic.membership.models import Member
from scic.membership.rules import check_pdf_upload

# --- Local authorities: simulator and guided entry (issue 3, items 4 and 5) ---------------------


def _shown(weight: Fraction | None) -> Decimal | None:
    """A statutory weight (fraction of 1) as the form shows it: percent, two decimals."""
    if weight is None:
        return None
    percent = to_percent(weight)
    return (Decimal(percent.numerator) / percent.denominator).quantize(Decimal("0.01"))


def _changed_weights(form, colleges, on: date) -> dict[int, Fraction]:
    """The weights the user changed; one left as shown keeps its exact statutory value (1/3)."""
    changed = {}
    for entry, college in zip(form.weights.entries, colleges, strict=False):
        current = college.weight_on(on)
        if entry.data is not None and entry.data != _shown(current):
            changed[college.id] = from_percent(entry.data)
    return changed


@bp.get("/simulator")
@cooperative_role()
def simulator():
    """Before an entry or a change of colleges, for anyone with access to the cooperative: each
    college's vote weight now and after, and the public share of the capital (R-LA-1, R-LA-4)."""
    cooperative = g.cooperative
    form = SimulatorForm(request.args)
    form.category.choices = [(c.id, c.name) for c in cooperative.categories]
    colleges = membership_queries.colleges_of(cooperative)
    today = _today()
    if "category" not in request.args:  # by default, a local authority joins
        form.category.data = next(
            (c.id for c in cooperative.categories if c.kind == "local_authority"),
            cooperative.categories[0].id if cooperative.categories else None,
        )
    if form.shares.data is None and "shares" not in request.args:
        form.shares.data = 0
    while len(form.weights.entries) < len(colleges):
        form.weights.append_entry()
    for entry, college in zip(form.weights.entries, colleges, strict=False):
        entry.label.text = college.name
        if entry.data is None:
            entry.data = _shown(college.weight_on(form.on.data or today))
    simulation = None
    if form.validate():
        category = next((c for c in cooperative.categories if c.id == form.category.data), None)
        simulation = services.simulate_local_authority(
            cooperative,
            form.shares.data or 0,
            form.on.data or today,
            category,
            _changed_weights(form, colleges, form.on.data or today),
        )
    return render_template(
        "capital/simulator.html",
        form=form,
        show_subnav=has_role(*READERS),
        simulation=simulation,
        public=services.public_share(cooperative, today),
        college_problems=[describe(v) for v in simulation.college_violations] if simulation else [],
    )


LA_STEPS = (
    _l("Deliberation and authorised shares"),
    _l("Representatives"),
    _l("Check of the local authorities' cap"),
    _l("Admission"),
    _l("Subscription"),
)


def _la_categories():
    return [c for c in g.cooperative.categories if c.kind == "local_authority"]


@bp.route("/local-authorities/new", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def la_start():
    """Guided entry, step 1: the authority, its deliberation, the authorised shares."""
    form = AuthorityForm()
    form.category.choices = choices([(c.id, c.name) for c in _la_categories()])
    context = {"form": form, "steps": LA_STEPS, "step": 0, "member": None}
    upload = chosen_upload(form.document, form.document_token) if request.method == "POST" else None
    if not form.validate_on_submit():
        _keep(form, upload)
        return render_template("capital/la_step.html", **context), form_status()
    category = get_or_404(Category, form.category.data, cooperative_id=g.cooperative.id)
    try:
        member = services.create_local_authority(
            g.cooperative,
            name=form.name.data,
            authority_type=form.authority_type.data,
            category=category,
            siren=(form.siren.data or "").replace(" ", ""),
            address=form.address.data or "",
            email=form.email.data or "",
            applied_on=form.adopted_on.data,
            by=current_user,
        )
        deliberation = services.record_deliberation(
            member,
            reference=form.reference.data,
            adopted_on=form.adopted_on.data,
            executory_on=form.executory_on.data,
            authorised_shares=form.authorised_shares.data,
            by=current_user,
        )
        if upload is not None:
            membership_services.attach_deliberation_document(
                deliberation,
                upload.content,
                upload_dir=Path(current_app.instance_path) / "uploads",
                max_bytes=_max_bytes(),
                by=current_user,
            )
    except RuleViolation as exc:
        db.session.rollback()
        _keep(form, upload)  # the refusal shows the page again with the file still attached
        return _refused(exc, "capital/la_step.html", **context)
    return _done(
        _("The application of %(name)s has been recorded.", name=member.name),
        ".la_representatives",
        member_id=member.id,
    )


def _max_bytes() -> int:
    return int(current_app.config.get("DELIBERATION_MAX_BYTES", 5 * 1024 * 1024))


def _keep(form: AuthorityForm, upload: Upload | None) -> None:
    """Keep the deliberation's PDF of a refused attempt server-side (its token in the form), so
    that the page shown again still holds it; a file that is not an acceptable PDF is not kept."""
    if upload is not None and not check_pdf_upload(
        upload.content[:8], len(upload.content), _max_bytes()
    ):
        keep_for_next_attempt(form.document, form.document_token, upload, now=clock.now())


def _la_candidate(member_id: int) -> Member:
    member = _member(member_id)
    if not member.is_local_authority:
        from flask import abort

        abort(404)
    return member


@bp.route("/local-authorities/<int:member_id>/representatives", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def la_representatives(member_id: int):
    """Guided entry, step 2: titular and substitute representatives with validity dates."""
    member = _la_candidate(member_id)
    deliberations = queries.membership_deliberations(member.id)
    start = next((d.executory_on for d in deliberations if d.executory_on), None)
    form = RepresentativesForm(valid_from=start or _today())
    deliberation = deliberations[-1] if deliberations else None
    consent_on = form.consent_on.data or _today()

    def designate() -> None:
        # The main representative always; the alternate when the form names one.
        for role in ("main", "alternate"):
            full_name = form[f"{role}_name"].data
            if role == "main" or full_name:
                services.designate_representative(
                    member,
                    full_name=full_name,
                    role=role,
                    valid_from=form.valid_from.data,
                    valid_to=form.valid_to.data,
                    function=form[f"{role}_function"].data or "",
                    email=form[f"{role}_email"].data or "",
                    deliberation=deliberation,
                    econvocation_consent_on=consent_on if form[f"{role}_consent"].data else None,
                    by=current_user,
                )

    return _form_page(
        "capital/la_step.html",
        {"form": form, "steps": LA_STEPS, "step": 1, "member": member},
        designate,
        _("The representatives have been recorded."),
        ".la_admission",
        member_id=member.id,
    )


@bp.route("/local-authorities/<int:member_id>/admission", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def la_admission(member_id: int):
    """Guided entry, steps 3–5: cap check on the projected capital, admission, subscription."""
    member = _la_candidate(member_id)
    deliberations = queries.membership_deliberations(member.id)
    authorised = sum(d.authorised_shares or 0 for d in deliberations)
    executory = next((d.executory_on for d in deliberations if d.executory_on), None)
    form = AdmissionForm(
        shares=authorised or None,
        on=max(executory or _today(), _today()) if executory else _today(),
    )
    day = form.on.data if isinstance(form.on.data, date) else _today()
    shares = form.shares.data if isinstance(form.shares.data, int) else authorised
    simulation = services.simulate_local_authority(g.cooperative, shares or 0, day, member.category)
    enforceable = executory is not None and executory <= day
    context = {
        "form": form,
        "steps": LA_STEPS,
        "step": 2,
        "member": member,
        "simulation": simulation,
        "authorised": authorised,
        "executory": executory,
        "enforceable": enforceable,
        "day": day,
    }
    if member.status != "candidate":
        flash(_("%(name)s is already admitted.", name=member.name), "info")
        return redirect(url_for(".member_holdings", member_id=member.id), code=303)
    return _form_page(
        "capital/la_step.html",
        context,
        lambda: services.admit_with_subscription(
            member,
            form.shares.data,
            paid_cents=cents(form.paid.data),
            on=form.on.data,
            decision=_decision(form),
            by=current_user,
            now=clock.now(),
        ),
        lambda _movement: ngettext(
            "%(name)s is admitted with %(shares)s share.",
            "%(name)s is admitted with %(shares)s shares.",
            form.shares.data,
            name=member.name,
            shares=form.shares.data,
        ),
        ".member_holdings",
        member_id=member.id,
    )
