"""Attendance: the check-in checklist, correcting entries, and the QR check-in at the door.

Every page works without JavaScript; ``static/js/assembly-session.js`` only refreshes the
figures and counts the ticked boxes. The quorum and the per-college figures come from
``scic.workflows.quorum`` (one count, never recomputed here).
"""

from __future__ import annotations

from flask import abort, g, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from scic.assemblies import forms, queries, services
from scic.assemblies.models import Assembly
from scic.assemblies.views.blueprint import _load, _now, _presence_mode, bp
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role, has_role
from scic.core.db import db
from scic.core.i18n import _, ngettext
from scic.core.views import flash_form_errors, run_and_commit
from scic.membership.models import Member
from scic.workflows import quorum

#: Members per page of the checklist: one screen of ticks, whatever the membership.
CHECKLIST_PAGE_SIZE = 100
#: Query-string keys of the checklist's filters, kept across a POST and its redirect.
FILTER_KEYS = ("q", "college", "show", "page")


def _filters() -> dict[str, str]:
    return {key: request.args[key][:100] for key in FILTER_KEYS if request.args.get(key)}


def _checklist_target(assembly: Assembly):
    return redirect(url_for(".attendance", assembly_id=assembly.id, **_filters()), code=303)


def _filter_form() -> forms.AttendanceFilterForm:
    form = forms.AttendanceFilterForm(request.args)
    form.college.choices = [(0, _("Every college"))] + [
        (c.id, f"{c.code} — {c.name}") for c in g.cooperative.colleges
    ]
    if not form.validate():
        # A damaged query string shows the first page of every member, never an error page.
        form = forms.AttendanceFilterForm(formdata=None)
        form.college.choices = [(0, _("Every college"))]
    return form


@bp.get("/<int:assembly_id>/attendance")
@cooperative_role(*READERS)
def attendance(assembly_id: int):
    """The check-in checklist: filter, tick many members, record them in one go.

    A constant number of statements whatever the membership: the summary (participation and
    quorum), one page of members (``db.paginate``), the sheet and the proxies.
    """
    assembly = _load(assembly_id)
    filters = _filter_form()
    page = queries.checklist_page(
        assembly,
        text=filters.q.data or "",
        college_id=filters.college.data or None,
        waiting_only=filters.show.data == "waiting",
        page=filters.page.data or 1,
        per_page=CHECKLIST_PAGE_SIZE,
    )
    summary = quorum.attendance_summary(assembly)
    lines = queries.current_lines(assembly)
    proxies = {p.grantor_id: p for p in queries.valid_proxies(assembly)}
    session_closed = assembly.closed_at is not None
    can_manage = has_role(*MANAGERS)
    return render_template(
        "assemblies/attendance_checkin.html",
        assembly=assembly,
        filters=filters,
        filter_args=_filters(),
        page=page,
        summary=summary,
        quorum=summary.quorum,
        lines=lines,
        seen=summary.participation,
        proxies=proxies,
        colleges={c.id: c for c in g.cooperative.colleges},
        form=forms.AttendanceForm(formdata=None),
        can_record=can_manage and assembly.status in ("convened", "open") and not session_closed,
        can_correct=can_manage and not session_closed and not assembly.is_locked,
    )


@bp.get("/<int:assembly_id>/attendance/counts.json")
@cooperative_role(*READERS)
def attendance_counts(assembly_id: int):
    """The quorum and the per-college figures, polled by the checklist (assembly-session.js)."""
    summary = quorum.attendance_summary(_load(assembly_id))
    return jsonify(
        {
            **summary.quorum.as_json(),
            "colleges": [
                {
                    "college_id": c.college_id,
                    "participating": c.participating,
                    "present": c.present,
                }
                for c in summary.colleges
            ],
        }
    )


@bp.post("/<int:assembly_id>/attendance")
@cooperative_role(*MANAGERS)
def record_attendance(assembly_id: int):
    """Record every ticked member in the chosen mode, in one transaction (all or none)."""
    assembly = _load(assembly_id)
    form = forms.AttendanceForm()
    target = _checklist_target(assembly)
    if not form.validate_on_submit():
        flash_form_errors(form)
        return target
    wanted = list(dict.fromkeys(form.member_id.data))  # once each, in the order ticked
    found = queries.members_by_id(g.cooperative.id, wanted)
    if len(found) != len(wanted):
        abort(404)  # another cooperative's member, or none
    members = [found[member_id] for member_id in wanted]
    signed_by = {members[0].id: form.signed_by.data or ""} if len(members) == 1 else {}
    mode = _presence_mode(form.mode.data)
    if len(members) == 1:
        done = _("%(name)s: %(mode)s.", name=members[0].display_name, mode=mode)
    else:
        done = ngettext(
            "%(num)s member recorded: %(mode)s.",
            "%(num)s members recorded: %(mode)s.",
            len(members),
            mode=mode,
        )
    return run_and_commit(
        lambda: services.record_attendances(
            assembly, members, form.mode.data, signed_by=signed_by, by=current_user, now=_now()
        ),
        done,
        target,
    )


def _member_or_404(member_id: int) -> Member:
    member = queries.member_of(g.cooperative.id, member_id)
    if member is None:
        abort(404)
    return member


@bp.get("/<int:assembly_id>/attendance/<int:member_id>")
@cooperative_role(*READERS)
def attendance_line(assembly_id: int, member_id: int):
    """A member's line of the attendance sheet, its correcting entries, and the form to correct."""
    assembly = _load(assembly_id)
    member = _member_or_404(member_id)
    entry, corrections = queries.attendance_history(assembly, member.id)
    current = corrections[-1].mode if corrections else (entry.mode if entry else None)
    form = forms.AttendanceCorrectionForm(formdata=None)
    return render_template(
        "assemblies/attendance_line.html",
        assembly=assembly,
        member=member,
        entry=entry,
        corrections=corrections,
        current=current,
        form=form,
        can_correct=has_role(*MANAGERS)
        and entry is not None
        and assembly.closed_at is None
        and not assembly.is_locked,
    )


@bp.post("/<int:assembly_id>/attendance/<int:member_id>/correct")
@cooperative_role(*MANAGERS)
def correct_attendance(assembly_id: int, member_id: int):
    """Append a correcting entry to a member's line (R-AG-13); the line itself never changes."""
    assembly = _load(assembly_id)
    member = _member_or_404(member_id)
    form = forms.AttendanceCorrectionForm()
    target = redirect(
        url_for(".attendance_line", assembly_id=assembly.id, member_id=member.id), code=303
    )
    if not form.validate_on_submit():
        flash_form_errors(form)
        return target
    return run_and_commit(
        lambda: services.correct_attendance(
            assembly,
            member,
            form.mode.data,
            reason=form.reason.data,
            by=current_user,
            now=_now(),
        ),
        _(
            "%(name)s: corrected to %(mode)s.",
            name=member.display_name,
            mode=_presence_mode(form.mode.data),
        ),
        target,
    )


# --- QR check-in at the door ---------------------------------------------------------------------


def _checkin_target(token: str):
    """Load the assembly and member of a check-in token of this cooperative, or answer 404.

    A forged token, another cooperative's or a member of another assembly's cooperative is
    not found: the page reveals nothing about whom a link names.
    """
    ids = services.read_checkin_token(token)
    if ids is None:
        abort(404)
    assembly = db.session.get(Assembly, ids[0])
    if assembly is None or assembly.cooperative_id != g.cooperative.id:
        abort(404)
    member = queries.member_of(g.cooperative.id, ids[1])
    if member is None:
        abort(404)
    return assembly, member


@bp.get("/checkin/<token>")
@cooperative_role(*MANAGERS)
def checkin(token: str):
    """The page the secretary's phone opens on scanning a convocation's QR code."""
    assembly, member = _checkin_target(token)
    line = queries.current_lines(assembly).get(member.id)
    college = next((c for c in g.cooperative.colleges if c.id == member.college_id), None)
    return render_template(
        "assemblies/attendance_qr_checkin.html",
        assembly=assembly,
        member=member,
        college=college,
        line=line,
        token=token,
        entitled=member.id in queries.voter_ids(assembly),
        form=forms.CheckInForm(formdata=None),
        can_record=assembly.status in ("convened", "open") and assembly.closed_at is None,
    )


@bp.post("/checkin/<token>")
@cooperative_role(*MANAGERS)
def confirm_checkin(token: str):
    """Record the scanned member present (the confirm step: a button, with its CSRF token)."""
    assembly, member = _checkin_target(token)
    form = forms.CheckInForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for(".checkin", token=token), code=303)
    return run_and_commit(
        lambda: services.record_attendance(
            assembly,
            member,
            "present",
            signed_by=form.signed_by.data or "",
            by=current_user,
            now=_now(),
        ),
        _("%(name)s: %(mode)s.", name=member.display_name, mode=_presence_mode("present")),
        redirect(url_for(".checkin", token=token), code=303),
    )
