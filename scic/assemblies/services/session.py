"""The session: bureau, opening and closing, attendance, incidents."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from scic.assemblies import attendance_rules, minutes_rules, queries, rules
from scic.assemblies.models import Assembly, AttendanceCorrection, AttendanceEntry, Incident
from scic.assemblies.services.locking import _record, ensure_editable, ensure_minutes_unsigned
from scic.core.db import db
from scic.core.violations import RuleViolation, Violation
from scic.membership.models import Member

# --- Session -----------------------------------------------------------------------------------


def managers_sign_minutes(assembly: Assembly) -> bool:
    """Tell whether the bureau must name the managers: they sign a SARL's minutes (§5, §6.9)."""
    return "managers" in minutes_rules.minutes_signatories(assembly.cooperative.legal_form)


def set_bureau(
    assembly: Assembly, *, chair: str, secretary: str, scrutineers: str, managers: str = "", by=None
) -> Assembly:
    """Name the officers: chair, secretary, scrutineers (and SARL managers) (§6.7 step 1)."""
    ensure_minutes_unsigned(assembly)
    before = {
        "chair": assembly.chair_name,
        "secretary": assembly.secretary_name,
        "scrutineers": assembly.scrutineers,
        "managers": assembly.managers,
    }
    assembly.chair_name = chair.strip()
    assembly.secretary_name = secretary.strip()
    assembly.scrutineers = ", ".join(rules.split_names(scrutineers))
    assembly.managers = ", ".join(rules.split_names(managers))
    db.session.flush()
    _record(
        "assembly.bureau",
        assembly,
        assembly,
        by,
        {
            "before": before,
            "after": {
                "chair": assembly.chair_name,
                "secretary": assembly.secretary_name,
                "scrutineers": assembly.scrutineers,
                "managers": assembly.managers,
            },
        },
    )
    return assembly


def open_session(
    assembly: Assembly, *, now: datetime, participation: rules.Participation, by=None
) -> Assembly:
    """Open the session: convened, chair named; proxies are frozen from now on (R-AG-7).

    ``participation`` (``scic.voting.participation``) is who takes part so far, for the audit.
    """
    ensure_editable(assembly)
    if assembly.type == rules.AssemblyType.WRITTEN:
        raise RuleViolation(Violation("written_consultation_has_no_session"))
    if assembly.opened_at is not None:
        raise RuleViolation(Violation("session_already_opened"))
    if assembly.status != "convened":
        raise RuleViolation(Violation("session_not_convened"))
    # R-AG-13, R-AG-1/§5: not before the convened time, nor before the notice period has run
    # from the last convocation recorded; every voter convened.
    problems = queries.opening_violations(assembly, now)
    if problems:
        raise RuleViolation(problems)
    if not assembly.chair_name.strip():
        raise RuleViolation(Violation("session_bureau_incomplete"))
    assembly.opened_at = now
    assembly.status = "open"
    db.session.flush()
    _record(
        "assembly.open",
        assembly,
        assembly,
        by,
        {"opened_at": now, "quorum": queries.quorum_status(assembly, participation).as_json()},
    )
    return assembly


def close_session(
    assembly: Assembly, *, now: datetime, participation: rules.Participation, by=None
) -> Assembly:
    """Close the session and freeze the quorum figures for the minutes (§6.7 step 6).

    ``participation`` is who took part, counted from the records and the ballots
    (``scic.voting.participation``): never typed in (R-AG-11).
    """
    ensure_editable(assembly)
    if assembly.status != "open":
        raise RuleViolation(Violation("session_not_open"))
    quorum = queries.quorum_status(assembly, participation)
    assembly.quorum_entitled = quorum.entitled
    assembly.quorum_participants = quorum.participants
    assembly.quorum_required_count = quorum.required_count
    assembly.quorum_reached = quorum.reached
    assembly.closed_at = now
    assembly.status = "closed"
    db.session.flush()
    _record(
        "assembly.close", assembly, assembly, by, {"closed_at": now, "quorum": quorum.as_json()}
    )
    return assembly


def record_attendance(
    assembly: Assembly, member: Member, mode: str, *, signed_by: str = "", by=None, now: datetime
) -> AttendanceEntry:
    """Add a member's line to the attendance sheet (§6.7 step 2); once, and not after closing.

    ``represented`` needs a valid proxy (named or blank), which the line then names.
    """
    return record_attendances(
        assembly, [member], mode, signed_by={member.id: signed_by}, by=by, now=now
    )[0]


def record_attendances(
    assembly: Assembly,
    members: list[Member],
    mode: str,
    *,
    signed_by: dict[int, str] | None = None,
    by=None,
    now: datetime,
) -> list[AttendanceEntry]:
    """Add the lines of several members at once (the check-in checklist): all or none.

    Every member is checked as :func:`record_attendance` checks one; the refusals name the
    members, and nothing is written when any is refused. A constant number of reads whatever
    the number of members (the sheet, the voters, the proxies).
    """
    ensure_editable(assembly)
    mode = rules.PresenceMode(mode)
    signed_by = signed_by or {}
    if assembly.status == "draft":
        raise RuleViolation(Violation("attendance_before_convocation"))
    entries = queries.attendance_entries(assembly)
    voter_ids = queries.voter_ids(assembly)
    proxies = {p.grantor_id: p for p in queries.valid_proxies(assembly)}
    violations: list[Violation] = []
    chosen = {member.id: member for member in members}  # once each, in the order given
    for member in chosen.values():
        problems = rules.check_attendance(member.id in entries, assembly.closed_at is not None)
        if assembly.closed_at is not None:
            raise RuleViolation(problems)  # one sentence for the whole list
        violations += [replace(v, subject=member.display_name) for v in problems]
        if member.cooperative_id != assembly.cooperative_id or member.id not in voter_ids:
            violations.append(Violation("attendance_not_entitled", subject=member.display_name))
        if mode is rules.PresenceMode.REPRESENTED and member.id not in proxies:
            violations.append(
                Violation(
                    "attendance_represented_without_proxy",
                    rule="R-AG-7",
                    subject=member.display_name,
                )
            )
    if violations:
        raise RuleViolation(violations)
    written = []
    for member in chosen.values():
        proxy = proxies.get(member.id) if mode is rules.PresenceMode.REPRESENTED else None
        entry = AttendanceEntry(
            assembly_id=assembly.id,
            member_id=member.id,
            mode=mode.value,
            college_id=member.college_id,
            signed_by=signed_by.get(member.id, "").strip(),
            recorded_at=now,
            recorded_by_id=getattr(by, "id", None),
            proxy_id=proxy.id if proxy else None,
            counts_for_quorum=mode in rules.QUORUM_MODES,
        )
        db.session.add(entry)
        written.append(entry)
    db.session.flush()
    for entry in written:
        _record(
            "attendance.record",
            entry,
            assembly,
            by,
            {"assembly_id": assembly.id, "member_id": entry.member_id, "mode": mode.value},
        )
    return written


def correct_attendance(
    assembly: Assembly,
    member: Member,
    mode: str,
    *,
    reason: str,
    by=None,
    now: datetime,
) -> AttendanceCorrection:
    """Append a correcting entry to a member's line: its mode from now on (R-AG-13).

    The line is never updated: quorum, show of hands and voting in the room read the latest
    correcting entry. Refused once the session is closed, with the reason in prose
    (``attendance_rules.check_attendance_correction``).
    """
    ensure_editable(assembly)
    new = rules.PresenceMode(mode)
    reason = attendance_rules.CorrectionReason(reason)
    line = queries.current_lines(assembly).get(member.id)
    if member.cooperative_id != assembly.cooperative_id:
        raise RuleViolation(Violation("attendance_not_entitled", subject=member.display_name))
    current = rules.PresenceMode(line.mode) if line else None
    problems = attendance_rules.check_attendance_correction(
        current=current, new=new, reason=reason, session_closed=assembly.closed_at is not None
    )
    if problems:
        raise RuleViolation([replace(v, subject=member.display_name) for v in problems])
    proxy = None
    if new is rules.PresenceMode.REPRESENTED:
        proxy = queries.proxy_given_by(assembly, member.id)
        if proxy is None:
            raise RuleViolation(
                Violation(
                    "attendance_represented_without_proxy",
                    rule="R-AG-7",
                    subject=member.display_name,
                )
            )
    correction = AttendanceCorrection(
        assembly_id=assembly.id,
        member_id=member.id,
        entry_id=line.entry.id,
        previous_mode=current.value,
        mode=new.value,
        reason=reason.value,
        proxy_id=proxy.id if proxy else None,
        recorded_at=now,
        recorded_by_id=getattr(by, "id", None),
    )
    db.session.add(correction)
    db.session.flush()
    _record(
        "attendance.correct",
        correction,
        assembly,
        by,
        {
            "assembly_id": assembly.id,
            "member_id": member.id,
            "entry_id": line.entry.id,
            "before": current.value,
            "after": new.value,
            "reason": reason.value,
        },
    )
    return correction


def add_incident(
    assembly: Assembly,
    description: str,
    *,
    occurred_at: datetime,
    by=None,
    now: datetime | None = None,
) -> Incident:
    """Note an incident of the session, e.g. a video outage (R-AG-9)."""
    ensure_minutes_unsigned(assembly)
    if not description.strip():
        raise RuleViolation(Violation("text_required", subject="description"))
    incident = Incident(
        assembly=assembly,
        occurred_at=occurred_at,
        description=description.strip(),
        recorded_by_id=getattr(by, "id", None),
        created_at=now or occurred_at,
    )
    db.session.add(incident)
    db.session.flush()
    _record(
        "incident.record",
        incident,
        assembly,
        by,
        {"assembly_id": assembly.id, "occurred_at": occurred_at},
    )
    return incident
