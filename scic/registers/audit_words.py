"""The audit log in words: what each action means, and its changes as "Status: Candidate → Active".

The log stores dotted action codes (``member.admit``) and the data of each change; a reader (the
auditor, the secretary on a member's page) reads a sentence. One table here serves the audit log
page and the member page's history (as the ``audit_action`` and ``audit_changes`` filters), so
an action is named the same everywhere. What has no words (the technical evidence of a record)
stays available as data, marked as such on the page.
"""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

from scic.assemblies.forms import ASSEMBLY_TYPES, PRESENCE_MODES, REMOTE_MODES
from scic.assemblies.labels import CHANNEL_LABELS as CONVOCATION_CHANNEL_LABELS
from scic.capital.labels import SYSTEM_NOTES
from scic.core.i18n import _, _l, format_day, format_money_cents, format_percent, label
from scic.membership.labels import KIND_LABELS, STATUS_LABELS, SYSTEM_DECISIONS
from scic.voting.labels import (
    CHANNEL_LABELS,
    RECORDED_CHOICE_LABELS,
    RESOLUTION_KIND_LABELS,
    RESOLUTION_STATUS_LABELS,
)

#: Every action the services record (``scic.core.audit.record``); a test checks none is missing.
ACTION_LABELS = {
    "advance.grant": _l("Current-account advance granted"),
    "advance.renew": _l("Current-account advance renewed"),
    "advance.repay": _l("Current-account advance repaid"),
    "agenda_item.create": _l("Agenda item added"),
    "agenda_item.delete": _l("Agenda item removed"),
    "allocation.record": _l("Allocation of the result recorded"),
    "assembly.bureau": _l("Bureau of the assembly set"),
    "assembly.close": _l("Session closed"),
    "assembly.convocation_send": _l("Convocation sent"),
    "assembly.create": _l("Assembly created"),
    "assembly.open": _l("Session opened"),
    "assembly.second_call": _l("Second call created"),
    "assembly.update": _l("Assembly changed"),
    "attendance.correct": _l("Attendance corrected"),
    "attendance.record": _l("Attendance recorded"),
    "ballot.cast": _l("Ballot cast"),
    "calendar.feed_issue": _l("Calendar address made"),
    "capital.passive_breach": _l("Capital cap exceeded without a subscription"),
    "consultation.count": _l("Written consultation counted"),
    "convocation.record": _l("Paper convocation recorded"),
    "convocation.record_letters": _l("Paper convocation letters recorded together"),
    "deliberation.cancel": _l("Council deliberation withdrawn or annulled"),
    "deliberation.confirm": _l("Council deliberation confirmed"),
    "deliberation.document": _l("Council deliberation document added"),
    "deliberation.record": _l("Council deliberation recorded"),
    "designation.request": _l("Designation of a representative requested"),
    "document.create": _l("Document added"),
    "document.remove": _l("Document removed"),
    "document.sign": _l("Document signed"),
    "election.prepare": _l("Election prepared"),
    "election.results": _l("Election results recorded"),
    "grant.create": _l("Role granted"),
    "grant.invite": _l("Invitation sent"),
    "hand_count.record": _l("Show of hands counted"),
    "incident.record": _l("Incident recorded"),
    "mandate.econvocation_consent": _l("Representative's consent to e-mail convocations"),
    "mandate.designate": _l("Representative designated"),
    "member.admit": _l("Member admitted"),
    "member.apply": _l("Application received"),
    "member.category": _l("Category changed"),
    "member.econvocation_consent": _l("Consent to e-mail convocations recorded"),
    "member.pseudonymise": _l("Personal data pseudonymised"),
    "member.refuse": _l("Application refused"),
    "member.status": _l("Status changed"),
    "member.update": _l("Member details changed"),
    "members.import": _l("Members imported from a CSV file"),
    "minutes.addendum": _l("Addendum to the minutes"),
    "minutes.sign": _l("Minutes signed"),
    "minutes.summary": _l("Summary of the debates written"),
    "movement.record": _l("Share movement recorded"),
    "proxy.give": _l("Proxy given"),
    "proxy.revoke": _l("Proxy revoked"),
    "resolution.close": _l("Vote closed"),
    "resolution.create": _l("Resolution drafted"),
    "resolution.exclusion_procedure": _l("Exclusion procedure: notice and hearing recorded"),
    "resolution.open": _l("Vote opened"),
    "revision.open": _l("Cooperative review opened"),
    "revision.report": _l("Cooperative review report filed"),
    "revision.request": _l("Cooperative review requested"),
    "statutes.create": _l("Statutes recorded"),
    "statutes.update": _l("Statutes changed"),
    "tmo.set": _l("Average bond yield (TMO) set"),
    "unpaid_call.notice": _l("Notice of an unpaid call for payment"),
    "urn.set_up": _l("Secret ballot urn sealed"),
    "user.create": _l("Account created"),
    "user.password": _l("Password changed"),
    "withdrawal.defer": _l("Withdrawal deferred"),
    "withdrawal.exit": _l("Member left"),
    "withdrawal.request": _l("Withdrawal requested"),
}

#: What the target of an entry is (``AuditEntry.target_type``).
TARGET_LABELS = {
    "Member": _l("Member"),
    "Assembly": _l("Assembly"),
    "Resolution": _l("Resolution"),
    "Mandate": _l("Mandate"),
    "Proxy": _l("Proxy"),
    "Deliberation": _l("Deliberation"),
    "ShareMovement": _l("Share movement"),
    "AgendaItem": _l("Agenda item"),
    "AttendanceEntry": _l("Attendance"),
    "Ballot": _l("Ballot"),
    "Cooperative": _l("Cooperative"),
    "User": _l("Account"),
    "Grant": _l("Role"),
}

#: The hash-chained tables, as the integrity page names them.
CHAIN_LABELS = {
    "audit_entries": _l("Audit log"),
    "share_movements": _l("Share movements"),
    "ballots": _l("Ballots"),
    "secret_ballots": _l("Secret ballots"),
    "hand_counts": _l("Show-of-hands counts"),
    "hand_count_corrections": _l("Corrections of show-of-hands counts"),
    "outcomes": _l("Results of the votes"),
    "signed_documents": _l("Signed documents"),
}

#: The data keys a reader is shown, in words; the others are technical evidence.
FIELD_LABELS = {
    "status": _l("Status"),
    "category": _l("Category"),
    "college": _l("College"),
    "name": _l("Name"),
    "full_name": _l("Name"),
    "email": _l("E-mail"),
    "address": _l("Address"),
    "phone": _l("Phone"),
    "kind": _l("Kind"),
    "title": _l("Title"),
    "place": _l("Place"),
    "starts_at": _l("Date and time"),
    "remote_mode": _l("Remote attendance"),
    "video_link": _l("Video link"),
    "type": _l("Kind of assembly"),
    "number": _l("Number"),
    "choice": _l("Vote"),
    "channel": _l("How"),
    "mode": _l("Attendance"),
    "role": _l("Role"),
    "on": _l("Date"),
    "decided_on": _l("Decided on"),
    "decision_ref": _l("Decision"),
    "note": _l("Note"),
    "effective_on": _l("Effective on"),
    "applied_on": _l("Applied on"),
    "adopted_on": _l("Adopted on"),
    "executory_on": _l("Enforceable on"),
    "valid_from": _l("From"),
    "valid_to": _l("To"),
    "signed_on": _l("Signed on"),
    "sent_on": _l("Sent on"),
    "started_on": _l("Started on"),
    "report_on": _l("Report of"),
    "notified_on": _l("Notified on"),
    "heard_on": _l("Heard on"),
    "reference": _l("Reference"),
    "amount_cents": _l("Amount"),
    "paid_cents": _l("Paid"),
    "capital_after_cents": _l("Capital after"),
    "shares_delta": _l("Shares"),
    "authorised_shares": _l("Shares authorised"),
    "adopted": _l("Adopted"),
    "share_for": _l("Share of votes for"),
    "secret": _l("Secret ballot"),
    "count": _l("Count"),
    "chair": _l("Chair"),
    "secretary": _l("Secretary"),
    "scrutineers": _l("Scrutineers"),
}

#: Codes stored as values, in words (the vocabularies of the packages).
VALUE_LABELS = {
    "status": {**STATUS_LABELS, **RESOLUTION_STATUS_LABELS},
    "kind": {**KIND_LABELS, **RESOLUTION_KIND_LABELS},
    "type": dict(ASSEMBLY_TYPES),
    "remote_mode": dict(REMOTE_MODES),
    "mode": dict(PRESENCE_MODES),
    "choice": RECORDED_CHOICE_LABELS,
    "channel": {**CONVOCATION_CHANNEL_LABELS, **CHANNEL_LABELS},
    "decision_ref": SYSTEM_DECISIONS,
    "note": SYSTEM_NOTES,
}


def action_label(action: str) -> str:
    """The action in words (an unknown code is shown as it is: a test lists the codes)."""
    text = ACTION_LABELS.get(action)
    return label(text) if text is not None else action


def target_label(target_type: str | None) -> str:
    text = TARGET_LABELS.get(target_type or "")
    return label(text) if text is not None else (target_type or "")


def chain_label(table: str) -> str:
    text = CHAIN_LABELS.get(table)
    return label(text) if text is not None else table


def value_text(key: str, value) -> str:
    """A stored value in words: a code through its table, money, dates, yes or no."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    table = VALUE_LABELS.get(key)
    if table is not None and str(value) in table:
        return label(table[str(value)])
    if key.endswith("_cents") and isinstance(value, int):
        return format_money_cents(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_day(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, str) and "T" not in value and value.count("/") == 1:
        try:
            return format_percent(Fraction(value))
        except (ValueError, ZeroDivisionError):
            return value
    if isinstance(value, str) and len(value) >= 19 and value[10] in "T ":
        try:
            return format_day(datetime.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def changes(data) -> list[str]:
    """The readable part of an entry's data: "Status: Candidate → Active", "Amount: 100,00 €".

    Keys without words (identifiers, technical counters) are left to the technical details.
    """
    if not isinstance(data, dict):
        return []
    lines = []
    before, after = data.get("before"), data.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        for key, value in after.items():
            if key in FIELD_LABELS:
                lines.append(
                    _(
                        "%(field)s: %(before)s → %(after)s",
                        field=label(FIELD_LABELS[key]),
                        before=value_text(key, before.get(key)),
                        after=value_text(key, value),
                    )
                )
    for key, value in data.items():
        if key in FIELD_LABELS and not isinstance(value, dict | list):
            field = label(FIELD_LABELS[key])
            lines.append(_("%(field)s: %(value)s", field=field, value=value_text(key, value)))
    return lines
