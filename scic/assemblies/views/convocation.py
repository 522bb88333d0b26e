"""Convocation pages: preview, sending by e-mail, paper convocations."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from scic.assemblies import forms, queries, services
from scic.assemblies.views.blueprint import _load, _now, _today, bp
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role, has_role
from scic.core.db import db
from scic.core.forms import QueryPage
from scic.core.i18n import _, ngettext
from scic.core.views import flash_form_errors, flash_violations, run_and_commit
from scic.core.violations import RuleViolation
from scic.membership import queries as membership_queries

#: Rows of each list of the convocation page.
PER_PAGE = 50

# --- convocation ------------------------------------------------------------------------------


@bp.get("/<int:assembly_id>/convocation")
@cooperative_role(*READERS)
def convocation(assembly_id: int):
    """Sending, paper convocations and who was convened. The figures are counted and the two
    lists paged in SQL (``queries.by_letter`` decides who gets a letter): the page runs the
    same statements and stays the same size whatever the membership (issue 18)."""
    assembly = _load(assembly_id)
    today = _today()
    pages = forms.ConvocationPagesForm(request.args)
    pages.validate()
    counts = queries.convocation_counts(assembly, today)
    paper = QueryPage(
        counts.by_letter,
        pages.paper_page.data or 1,
        PER_PAGE,
        lambda offset, limit: queries.letters_rows(assembly, today, offset, limit),
    )
    convened = QueryPage(
        counts.convened,
        pages.page_number(),
        PER_PAGE,
        lambda offset, limit: queries.convened_rows(assembly, offset, limit),
    )
    paper_forms = {}
    for member, record in paper.items:
        form = forms.PaperConvocationForm(prefix=f"m{member.id}")
        form.member_id.data = member.id
        form.sent_on.data = record.sent_on if record else today
        form.channel.data = record.channel if record else "registered_letter"
        form.registered_number.data = record.registered_number if record else ""
        paper_forms[member.id] = form
    return render_template(
        "assemblies/convocation_show.html",
        assembly=assembly,
        today=today,
        last_day=queries.convocation_last_day(assembly),
        late=bool(queries.convocation_violations(assembly, today)),
        counts=counts,
        paper=paper,
        paper_forms=paper_forms,
        convened=convened,
        confirm=forms.ConfirmForm(),
        can_manage=has_role(*MANAGERS),
        # Reminder before each assembly: councils whose representatives will not be in office.
        lapsed=membership_queries.lapsed_authorities(
            g.cooperative, max(today, queries.assembly_day(assembly))
        ),
    )


@bp.post("/<int:assembly_id>/convocation/send")
@cooperative_role(*MANAGERS)
def send_convocation(assembly_id: int):
    assembly = _load(assembly_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    target = redirect(url_for(".convocation", assembly_id=assembly.id), code=303)
    try:
        report = services.send_convocation(assembly, _today(), current_user, now=_now())
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return target
    db.session.commit()
    flash(
        ngettext(
            "Convocation e-mailed to %(count)s member; %(paper)s to convene by letter.",
            "Convocation e-mailed to %(count)s members; %(paper)s to convene by letter.",
            len(report.emailed),
            count=len(report.emailed),
            paper=len(report.paper),
        ),
        "success",
    )
    return target


@bp.post("/<int:assembly_id>/convocation/paper")
@cooperative_role(*MANAGERS)
def record_paper_convocation(assembly_id: int):
    assembly = _load(assembly_id)
    prefix = request.form.get("prefix", "")
    if not prefix.startswith("m") or not prefix[1:].isdigit():
        prefix = ""
    form = forms.PaperConvocationForm(prefix=prefix)
    target = redirect(url_for(".convocation", assembly_id=assembly.id), code=303)
    if not form.validate_on_submit():
        flash_form_errors(form)
        return target
    member = queries.member_of(g.cooperative.id, form.member_id.data)
    if member is None:
        abort(404)
    return run_and_commit(
        lambda: services.record_paper_convocation(
            assembly,
            member,
            channel=form.channel.data,
            sent_on=form.sent_on.data,
            registered_number=form.registered_number.data or "",
            by=current_user,
            now=_now(),
        ),
        _("The convocation of %(name)s has been recorded.", name=member.display_name),
        target,
    )
